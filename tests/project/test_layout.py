"""The layout rules of the README (Layout), read from the source (nothing is imported):
contacts and push know nothing of reminders, project/ is configuration only, and no
package needs another that needs it back at import time."""

import ast
import graphlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "push", "contacts", "reminders", "sources", "reach")
PACKAGES = (*APPS, "project")


@dataclass(frozen=True)
class Import:
    importer: str  # dotted name of the module that imports
    target: str  # dotted name of what it imports: a module, or a module's attribute
    line: int
    module_level: bool  # runs when the importer is imported (not inside a function)

    def __str__(self) -> str:
        path = self.importer.replace(".", "/")
        return f"{path} line {self.line}: {self.target}"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {
    _module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(body: list[ast.stmt], module_level: bool) -> Iterator[tuple[ast.stmt, bool]]:
    """Import statements with whether they run at import time: a class body does, a
    function body and an `if TYPE_CHECKING:` block do not."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, module_level
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _walk(node.body, False)
        elif isinstance(node, ast.If) and _is_type_checking(node):
            yield from _walk(node.body, False)
            yield from _walk(node.orelse, module_level)
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    yield from _walk([child], module_level)
                elif isinstance(child, ast.ExceptHandler | ast.match_case):
                    yield from _walk(child.body, module_level)


def _absolute(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def imports_of(module: str) -> Iterator[Import]:
    path = MODULES[module]
    for node, module_level in _walk(ast.parse(path.read_text(), str(path)).body, True):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = _absolute(module, path, node)
            # `from reminders.dispatch import claim` imports the module reminders.dispatch.claim.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        for target in targets:
            yield Import(module, target, node.lineno, module_level)


def _ours(imports: Iterator[Import]) -> list[Import]:
    return [i for i in imports if i.target.split(".")[0] in PACKAGES]


ALL_IMPORTS = [i for module in sorted(MODULES) for i in _ours(imports_of(module))]


def _package(name: str) -> str:
    return name.split(".")[0]


def test_the_source_is_found():
    # A wrong root would make every rule below hold vacuously.
    assert {"reminders.models", "contacts.models", "push.models", "project.settings"} <= set(
        MODULES
    )
    assert any(i.target == "contacts.models" for i in ALL_IMPORTS)
    # Every import of ours names a module we have, so the graphs below miss nothing.
    assert [str(i) for i in ALL_IMPORTS if i.target not in MODULES] == []


def test_imports_inside_functions_and_type_checking_blocks_are_not_module_level():
    source = (
        "import a\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import b\n"
        "try:\n    import c\nexcept ImportError:\n    import d\n"
        "class K:\n    import e\n"
        "def f():\n    import g\n"
    )
    walked = _walk(ast.parse(source).body, True)
    found = {getattr(node, "module", None) or node.names[0].name: level for node, level in walked}
    assert found == {
        "a": True,
        "typing": True,
        "b": False,
        "c": True,
        "d": True,
        "e": True,
        "g": False,
    }


@pytest.mark.parametrize("package", ["contacts", "push"])
def test_it_knows_nothing_of_reminders(package):
    # Not even inside a function: these apps are usable without the reminders app.
    offending = [
        str(i)
        for i in ALL_IMPORTS
        if _package(i.importer) == package and _package(i.target) == "reminders"
    ]
    assert offending == []


def test_project_imports_no_app_at_module_level():
    offending = [
        str(i)
        for i in ALL_IMPORTS
        if _package(i.importer) == "project" and _package(i.target) in APPS and i.module_level
    ]
    assert offending == []


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        return error.args[1]
    return []


def test_no_package_imports_one_that_imports_it_back_at_module_level():
    graph: dict[str, set[str]] = {package: set() for package in PACKAGES}
    for i in ALL_IMPORTS:
        if i.module_level and _package(i.importer) != _package(i.target):
            graph[_package(i.importer)].add(_package(i.target))
    cycle = _cycle(graph)
    witnesses = [
        str(i)
        for i in ALL_IMPORTS
        if i.module_level and (_package(i.importer), _package(i.target)) in pairwise(cycle)
    ]
    assert cycle == [], witnesses


def test_no_module_imports_one_that_imports_it_back_at_module_level():
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for i in ALL_IMPORTS:
        if not i.module_level:
            continue
        graph[i.importer].add(i.target)
        # Importing a.b.c runs a and a.b first, unless the importer is inside them already.
        parts = i.target.split(".")
        for depth in range(1, len(parts)):
            parent = ".".join(parts[:depth])
            if i.importer != parent and not i.importer.startswith(parent + "."):
                graph[i.importer].add(parent)
    assert _cycle(graph) == []


# Every app of the project (a folder with an apps.py), and its configuration.
APP_CODE = (*sorted(path.parent.name for path in ROOT.glob("*/apps.py")), "project")

# Reaching into a dependency's internals: each of these names one (the first ones were
# reached for to save CPU; `._request` is the HttpRequest inside DRF's request).
PRIVATE_APIS = (
    "get_related_populators",
    "klass_info",
    "get_converters",
    "apply_converters",
    "_readable_fields",
    "from_db(",
    "SyncWorker",
    "_csp_",
    "._request",
)


def test_no_package_reaches_into_a_dependencys_private_api():
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for package in (*APP_CODE, "bench")
        for path in sorted((ROOT / package).rglob("*.py"))
        for name in PRIVATE_APIS
        if name in path.read_text()
    ]

    assert found == []


MAX_FUNCTION_LINES = 60


def test_no_function_in_the_app_is_longer_than_a_screen():
    long = [
        f"{path.relative_to(ROOT)}: {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for package in APP_CODE
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_FUNCTION_LINES
    ]

    assert long == []
