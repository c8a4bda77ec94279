"""Units used throughout wijksim: time is measured in weeks, everywhere.

Scenario files state rates per year and durations in weeks; the engine converts a year to
``WEEKS_PER_YEAR`` weeks once, here, so no other module guesses.
"""

from typing import TypeAlias

Weeks: TypeAlias = float
"""A duration or a point in simulated time, in weeks."""

Hours: TypeAlias = float
"""Staff time in hours."""

Euro: TypeAlias = float
"""Money in euros."""

WEEKS_PER_YEAR: float = 52.0
"""One simulated year is 52 weeks; twelve months are 52/12 weeks each."""

MONTHS_PER_YEAR: int = 12
