"""The engine's structure: no import circle in sim/, no form comparisons outside sim/forms/, short functions.

These read the source with ``ast`` (nothing is imported or run), so they fail on the code as written.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sim.forms import FORMS

ROOT = Path(__file__).resolve().parents[1]
SIM = ROOT / "sim"

MAX_FUNCTION_LINES = 40
MAX_PARAMETERS = 6


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sim_modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(SIM.rglob("*.py"))}


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Every sim module that ``path`` imports, anywhere in the file (``TYPE_CHECKING`` blocks too).

    ``from a.b import c`` names the module ``a.b.c`` if there is one, else it imports ``a.b`` itself.
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in modules}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                target = f"{node.module}.{alias.name}"
                found.add(target if target in modules else node.module)
    return found & set(modules)


def import_graph() -> dict[str, set[str]]:
    """sim module -> the sim modules it imports (the root package ``sim`` left out as a target)."""
    modules = _sim_modules()
    return {name: _imports(path, modules) - {name, "sim"} for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``graph`` as a list of modules (first == last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)) is not None:
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)) is not None:
            return cycle
    return None


def test_sim_has_no_import_circle() -> None:
    assert find_cycle(import_graph()) is None, " -> ".join(find_cycle(import_graph()) or [])


def test_no_subpackage_init_imports_a_chain_that_comes_back_into_it() -> None:
    """Importing ``sim.x.y`` first runs ``sim/x/__init__.py``: what it imports must not need ``sim.x``."""
    graph = import_graph()
    for package in (name for name in graph if name != "sim" and (SIM / name[4:].replace(".", "/")).is_dir()):
        inside = package + "."
        seen, todo = set(), [m for m in graph[package]]
        while todo:
            module = todo.pop()
            if module in seen:
                continue
            seen.add(module)
            if not module.startswith(inside):
                assert not any(t.startswith(inside) for t in graph[module]), (package, module)
            todo += graph[module]


def test_the_circle_finder_finds_a_circle() -> None:
    graph = {"sim.a": {"sim.b"}, "sim.b": {"sim.c"}, "sim.c": {"sim.a"}, "sim.d": set()}
    assert find_cycle(graph) == ["sim.a", "sim.b", "sim.c", "sim.a"]
    assert find_cycle({"sim.a": {"sim.b"}, "sim.b": set()}) is None


def test_import_graph_sees_type_checking_and_function_imports() -> None:
    graph = import_graph()
    assert "sim.agents" in graph["sim.case"]  # a TYPE_CHECKING import
    assert "sim.forms" in graph["sim.scenario.consistency"]


FORM_CODES = frozenset(FORMS)


def _is_form(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id == "form") or (
        isinstance(node, ast.Attribute) and node.attr == "form"
    )


def _is_form_code(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in FORM_CODES
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_is_form_code(element) for element in node.elts)
    return False


def form_comparisons(source: str) -> list[int]:
    """Lines that compare a ``form`` (name or attribute) with a form code, or test it against a few."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_is_form(o) for o in operands) and any(_is_form_code(o) for o in operands):
                lines.append(node.lineno)
    return lines


def test_the_form_comparison_finder_finds_comparisons() -> None:
    assert form_comparisons('if scenario.form == "B":\n    pass\n') == [1]
    assert form_comparisons('x = form in ("A2", "C")\n') == [1]
    assert form_comparisons('x = "C" != values.form\n') == [1]
    assert form_comparisons('x = form_named(scenario.form).sections\ny = kind == "B"\n') == []


def test_no_form_comparison_outside_sim_forms() -> None:
    offenders = []
    for package in ("sim", "analysis", "experiments", "wijksim"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.is_relative_to(SIM / "forms"):
                continue
            offenders += [f"{path.relative_to(ROOT)}:{line}" for line in form_comparisons(path.read_text())]
    assert offenders == [], "ask the form (sim.forms.form_named) instead: " + ", ".join(offenders)


def _functions() -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    found = []
    for path in sorted(SIM.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found.append((f"{path.relative_to(ROOT)}:{node.lineno} {node.name}", node))
    return found


def _lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    return (node.end_lineno or node.lineno) - node.lineno + 1


def _parameters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    args = node.args
    names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    return len([n for n in names if n not in ("self", "cls")])


@pytest.mark.parametrize("limit", [MAX_FUNCTION_LINES])
def test_no_function_in_sim_is_longer_than_40_lines(limit: int) -> None:
    long = [f"{where} ({_lines(n)} lines)" for where, n in _functions() if _lines(n) > limit]
    assert long == []


def test_no_function_in_sim_takes_more_than_6_parameters() -> None:
    many = [f"{where} ({_parameters(n)})" for where, n in _functions() if _parameters(n) > MAX_PARAMETERS]
    assert many == []


def test_the_function_checks_measure_what_they_claim() -> None:
    node = ast.parse("def f(self, a, b, *c, d=1, **e):\n    x = 1\n    return x\n").body[0]
    assert isinstance(node, ast.FunctionDef)
    assert _parameters(node) == 5
    assert _lines(node) == 3
