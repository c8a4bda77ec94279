"""Statistics and presentation of wijksim results: summary tables with confidence intervals."""

from analysis.summary import summarise

__all__ = ["summarise"]
