"""The self-contained HTML report of a run, compare or sweep folder (``wijksim report``).

``build_report(folder, lang)`` returns the document, ``write_report`` writes it, and
``write_figures`` writes the figures alone as PNG files. The pieces:

- ``folder``: reading the folder (manifest, tables, scenarios); ``ReportError`` for bad input;
- ``facts``: teams, FTE, demand and the mechanisms at work, from the resolved scenario;
- ``assumptions``: the scenario values as tables, with the schema's meaning and the preset comments;
- ``model_description``: the ODD description and the STRESS-DES checklist, filled in;
- ``tables``: the metric tables; ``numbers``: number formatting in English and Dutch;
- ``texts``: the fixed words in both languages; ``templates/report.html.j2``: the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from analysis.report.build import build_report, write_figures, write_report
    from analysis.report.folder import ReportError

__all__ = ["ReportError", "build_report", "write_figures", "write_report"]


def __getattr__(name: str) -> Any:
    """Import the report's builder (and jinja2) on first use, not when ``analysis.report.numbers`` is."""
    if name == "ReportError":
        from analysis.report.folder import ReportError

        return ReportError
    if name in __all__:
        from analysis.report import build

        return getattr(build, name)
    raise AttributeError(f"module 'analysis.report' has no attribute {name!r}")
