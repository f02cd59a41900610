"""The package's shape holds: layers by stage, no import cycle (function-level imports counted), no private name
imported across packages, no module over 500 lines, module names that never hide an exported function."""

import ast
import importlib
import warnings
from collections import defaultdict
from pathlib import Path

import pytest

import lectureanalysis as la

PACKAGE = Path(la.__file__).parent

#: the stages, lowest first: a package may import only from the packages of earlier entries (and its own);
#: the root modules below the first entry serve everyone
LAYERS = ["text", "structure", "io", "loading", "tokens", "analysis", "reading", "discovery", "engines", "plot", "report", "explorer", "cli"]
ROOT_MODULES = {"errors", "schema", "_cache", "parallel", "memory", "dispatch", "_version", "_moved", "_docs"}
MAX_LINES = 500


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if path.name == "conftest.py":  # pytest's doctest setup, imported by pytest only
            continue
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, str, int]]:
    """(module imported, name imported or "", line) for every import in the file, at any depth."""
    out = []
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([module] if module else []))
            if module.split(".")[0] != "lectureanalysis":
                continue
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                out.append((sub, "", node.lineno) if sub in MODULES else (module, alias.name, node.lineno))
        elif isinstance(node, ast.Import):
            out += [(alias.name, "", node.lineno) for alias in node.names if alias.name.startswith("lectureanalysis")]
    return out


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _graph() -> dict[str, set[str]]:
    edges = defaultdict(set)
    for name, path in MODULES.items():
        for target, _, _ in _imports(name, path):
            if target != name:
                edges[name].add(target)
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                found.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return found


def test_no_module_imports_the_package_facade():
    """``lectureanalysis/__init__`` imports everything; a module importing it back would make every import a cycle."""
    offenders = [f"{name}:{line}" for name, path in MODULES.items() if name != "lectureanalysis"
                 for target, imported, line in _imports(name, path) if target == "lectureanalysis" and imported]
    assert offenders == []


def test_no_import_cycle_between_modules_even_inside_functions():
    edges = {name: {t for t in targets if t != "lectureanalysis"} for name, targets in _graph().items()
             if name != "lectureanalysis"}
    assert _cycles(edges) == []


def test_packages_import_only_lower_stages():
    wrong = []
    for name, path in MODULES.items():
        stage = _stage(name)
        if stage in ROOT_MODULES or name == "lectureanalysis":
            allowed = ROOT_MODULES
        else:
            assert stage in LAYERS, f"{name}: a new package or root module: place it in LAYERS or ROOT_MODULES"
            allowed = ROOT_MODULES | set(LAYERS[: LAYERS.index(stage) + 1])
        for target, _, line in _imports(name, path):
            if name != "lectureanalysis" and _stage(target) not in allowed:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports {target}")
    assert wrong == []


def test_no_private_name_is_imported_across_packages():
    wrong = []
    for name, path in MODULES.items():
        for target, imported, line in _imports(name, path):
            if imported.startswith("_") and imported != "__version__" and _stage(target) != _stage(name):
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports {target}.{imported}")
    assert wrong == []


def test_no_module_is_longer_than_500_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in MODULES.values()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_no_module_is_named_as_a_function_its_package_exports():
    """``import lectureanalysis.analysis.keyness`` would replace the function ``analysis.keyness`` by the module."""
    clashes = []
    for name in MODULES:
        package, _, leaf = name.rpartition(".")
        if package in MODULES:
            parent = importlib.import_module(package)
            if leaf in getattr(parent, "__all__", []) and getattr(parent, leaf) is not importlib.import_module(name):
                clashes.append(name)
    assert clashes == []


def test_dir_shows_exactly_the_public_api():
    assert dir(la) == sorted(la.__all__)
    assert {"plot", "report", "explore", "segment", "load"} <= set(dir(la))
    assert not {"analysis", "tokens", "dispatch", "errors"} & set(dir(la))


@pytest.mark.parametrize(("old", "new"), [("distributed", "lectureanalysis.engines.dask"),
                                          ("stats", "lectureanalysis.analysis"),
                                          ("segmentation", "lectureanalysis.tokens")])
def test_old_module_names_still_work_and_say_where_they_went(old, new):
    if old == "distributed":
        pytest.importorskip("dask")
    with pytest.warns(DeprecationWarning, match=rf"lectureanalysis\.{old} is now {new}: import that instead"):
        module = getattr(la, old)
    assert module is importlib.import_module(new)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(f"from lectureanalysis.{old} import __name__ as imported", {})
    assert [str(w.message).split(":")[0] for w in caught] == [f"lectureanalysis.{old} is now {new}"]
    assert caught[0].filename == "<string>", "the warning points at the line that imports the old name"
