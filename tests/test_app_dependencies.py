"""Dependencies between the apps go one way: api -> reports -> surveys -> outbox (style.md).

Read from the source, so that an import hidden inside a function counts as much as one at the
top of a module.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN = {
    "reports": ("api",),
    "surveys": ("reports", "api"),
    "outbox": ("surveys", "reports", "api"),
}


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def forbidden_imports(app: str) -> list[str]:
    return sorted(
        f"{path.relative_to(ROOT)} imports {module}"
        for path in (ROOT / app).rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in FORBIDDEN[app]
    )


@pytest.mark.parametrize("app", FORBIDDEN)
def test_it_finds_no_import_against_the_direction_of_dependencies(app: str) -> None:
    assert forbidden_imports(app) == []


def test_it_reads_imports_inside_functions_too(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text("def late():\n    from reports.models import ReportJob\n    import reports.tasks\n")
    assert imported_modules(module) == {"reports.models", "reports.tasks"}


@pytest.mark.parametrize(("app", "later"), [("surveys", "reports"), ("surveys", "api"), ("reports", "api")])
def test_it_finds_no_template_of_the_app_that_includes_or_loads_from_a_later_one(app: str, later: str) -> None:
    offending = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates" / app).rglob("*")
        if path.is_file() and (f'"{later}/' in path.read_text() or f"{{% load {later[:-1]}" in path.read_text())
    ]
    assert offending == []
