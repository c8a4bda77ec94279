"""Professionals under strain: sustained overload raises sick leave and turnover; vacancies and onboarding.

Each week a team's pressure is ``(caseload + waiting) / capacity`` (residents it should hold per slot
it has). A worker's strain is the exponentially weighted mean, over ``strain.memory_weeks``, of the
pressure above ``pressure_threshold``. Weekly hazards, beyond the normal absence and turnover that
the paid FTE already allow for: falling ill ``sick_per_year_at_strain_1 / 52 * strain``, leaving
``leave_per_year_at_strain_1 / 52 * strain``. An ill worker,
and a vacancy until it is filled after a recruitment delay, takes no new cases: the team loses their
slots as they free up (a claim before the residents in the queue, as with a seconded worker claimed
back). A newcomer takes only part of a caseload while onboarding; an employed specialist's knowledge
fades from their start date as before (``sim.agents.Professional.knowledge``), a seconded one's is
kept up. Every spell leaves an ``AbsenceRow`` of kind "sick", "vacancy" or "onboarding".

Seed 004: pressure, waiting lists and overhead are the system's daily reality; the figures are
assumptions (A) with ranges in docs/scenario-reference.md.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sim.records import AbsenceRow
from sim.slot_claims import hold_slots, worker_slots
from sim.units import WEEKS_PER_YEAR, Weeks

if TYPE_CHECKING:
    from collections.abc import Generator

    import numpy as np
    import simpy

    from sim.agents import Professional, TeamAgent
    from sim.scenario.schema import Scenario


class Strain:
    """The weekly strain of every team's workers, their sick leave, departures and replacements."""

    def __init__(
        self, env: simpy.Environment, scenario: Scenario, rng: np.random.Generator, rows: list[AbsenceRow]
    ):
        self.env = env
        self.spec = scenario.strain
        self.rng = rng
        self.rows = rows
        self.open: dict[int, tuple[TeamAgent, Professional, Weeks, str, float]] = {}
        """Spells still running, by id of their spell: team, worker, start, kind, FTE away."""

    def weeks(self, teams: list[TeamAgent]) -> Generator[simpy.Event, object, None]:
        """Once a week: update every worker's strain, then draw who falls ill and who leaves."""
        spec = self.spec
        decay = 1.0 - math.exp(-1.0 / spec.memory_weeks)
        while True:
            for team in teams:
                pressure = (team.caseload + team.waiting) / max(team.capacity, 1)
                excess = max(pressure - spec.pressure_threshold, 0.0)
                draws = self.rng.random((len(team.professionals), 2))
                for worker, (u_sick, u_leave) in zip(team.professionals, draws.tolist(), strict=True):
                    worker.strain += decay * (excess - worker.strain)
                    if not worker.absent:
                        self._maybe_away(team, worker, u_sick, u_leave)
            yield self.env.timeout(1.0)

    def _maybe_away(self, team: TeamAgent, worker: Professional, u_sick: float, u_leave: float) -> None:
        """Draw this week's sick leave or departure of a present worker."""
        spec = self.spec
        leave = spec.leave_per_year_at_strain_1 / WEEKS_PER_YEAR * worker.strain
        sick = spec.sick_per_year_at_strain_1 / WEEKS_PER_YEAR * worker.strain
        if u_leave < 1.0 - math.exp(-leave):
            self.env.process(self._replaced(team, worker))
        elif u_sick < 1.0 - math.exp(-sick):
            weeks = float(spec.sick_weeks.sample(self.rng, 1)[0])
            self.env.process(self._away(team, worker, weeks, "sick", worker_slots(worker)))

    def _replaced(self, team: TeamAgent, worker: Professional) -> Generator[simpy.Event, object, None]:
        """The worker leaves: a vacancy until it is filled, then a newcomer who is onboarding."""
        spec = self.spec
        weeks = float(spec.recruitment_weeks.sample(self.rng, 1)[0])
        yield from self._away(team, worker, weeks, "vacancy", worker_slots(worker))
        worker.strain = 0.0
        worker.hired_t = self.env.now
        held = round(worker.capacity * (1.0 - spec.onboarding_capacity_share))
        if spec.onboarding_weeks > 0 and held > 0:
            yield from self._away(team, worker, spec.onboarding_weeks, "onboarding", held, present=True)

    def _away(  # the worker, how long, why, and how many of their slots the team loses
        self,
        team: TeamAgent,
        worker: Professional,
        weeks: Weeks,
        kind: str,
        slots: int,
        present: bool = False,
    ) -> Generator[simpy.Event, object, None]:
        """``slots`` of the team are held from now for ``weeks`` (the worker takes no new cases unless ``present``)."""
        env = self.env
        fte = worker.fte * slots / max(worker.capacity, 1)
        spell = object()
        self.open[id(spell)] = (team, worker, env.now, kind, fte)
        yield from hold_slots(env, team, worker, slots, weeks, present)
        start = self.open.pop(id(spell))[2]
        self.rows.append(AbsenceRow(team=team.name, start_t=start, end_t=env.now, fte=fte, kind=kind))

    def finish(self, now: Weeks) -> None:
        """Rows for the spells still running at the end of the run (ending now)."""
        for team, _worker, start, kind, fte in self.open.values():
            self.rows.append(AbsenceRow(team=team.name, start_t=start, end_t=now, fte=fte, kind=kind))
        self.open.clear()
