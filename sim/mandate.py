"""Mandate: a provision above the worker's mandate waits for a decision, level by level.

The whole time counts as waiting (a visit of kind ``approval`` per level, and one at the back office
if there is one); the case stays with its team meanwhile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.agents import TeamAgent
    from sim.case import Case
    from sim.context import StepContext, Steps
    from sim.scenario.schema import BackOffice, Scenario
    from sim.unit_interface import Unit


def approval_unit_name(level: str) -> str:
    """The unit name of a mandate level's queue (or of the back office)."""
    return level if level == "back_office" else f"mandate_{level}"


def approval_queues(scenario: Scenario) -> list[tuple[str, int]]:
    """The approval units a scenario needs: (unit name, servers), in the order decisions are made."""
    mandate = scenario.mandate
    if not mandate.enabled:
        return []
    queues = [(approval_unit_name(lv.name), lv.servers) for lv in mandate.levels if lv.servers is not None]
    if mandate.back_office is not None:
        queues.append((approval_unit_name("back_office"), mandate.back_office.servers or 1))
    return queues


def decide_provision(ctx: StepContext, case: Case, team: TeamAgent) -> Steps:
    """If the case needs a provision above the mandate, wait for every decision it needs."""
    mandate = ctx.scenario.mandate
    if case.u("provision") >= mandate.provision_probability.get(case.complexity):
        return
    cost = mandate.provision_cost_eur.quantile(case.u("provision_cost"))
    level = next(lv for lv in mandate.levels if lv.up_to_eur is None or cost <= lv.up_to_eur)
    steps: list[tuple[Unit, BackOffice, str]] = []
    if level.servers is not None:
        steps.append((ctx.units.by_name[approval_unit_name(level.name)], level, "decision"))
    if mandate.back_office is not None:
        back_office = ctx.units.by_name[approval_unit_name("back_office")]
        steps.append((back_office, mandate.back_office, "back_office"))
    for unit, decider, draw in steps:
        team.approval_hours_since_snapshot += decider.hours_per_decision
        visit = case.visit(unit.name, "approval", ctx.env.now)
        ctx.book.log(case, team.name, "approval", f"{unit.name}: EUR {cost:,.0f}")
        with unit.request() as request:
            yield request
            yield ctx.env.timeout(decider.decision_weeks.quantile(case.u(draw)))
        visit.start_t = ctx.env.now
        visit.close(ctx.env.now, "decided")
