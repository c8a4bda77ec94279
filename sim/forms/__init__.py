"""The organisation forms: how a request finds its way from the front door to the team that helps.

- A1 (``integral_teams``): one broad integral team per area; the resident goes straight to it.
- A2 (``triage_desk``): a triage desk sends simple needs to the first line, complex ones to a team.
- B (``split_teams``): teams side by side (youth / adults); residents choose a door, or a front office does.
- C (``front_expert``): a generalist front team, with expert teams behind it for multi-problem cases.

Each module declares one ``OrganisationForm`` (``sim.forms.base``); adding a form is adding a module
and its line in ``FORMS`` (and its code in ``sim.scenario.schema.Form``).
"""

from __future__ import annotations

from sim.forms import front_expert, integral_teams, split_teams, triage_desk
from sim.forms.base import OrganisationForm

FORMS: dict[str, OrganisationForm] = {
    form.code: form for form in (integral_teams.FORM, triage_desk.FORM, split_teams.FORM, front_expert.FORM)
}
"""Every organisation form by its code, in the order of the documentation."""


def form_named(code: str) -> OrganisationForm:
    """The organisation form with ``code`` ("A1", "A2", "B", "C")."""
    try:
        return FORMS[code]
    except KeyError:
        raise LookupError(f"no organisation form '{code}'; forms are {', '.join(FORMS)}") from None


__all__ = ["FORMS", "OrganisationForm", "form_named"]
