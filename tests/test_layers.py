"""The architecture as a contract (docs/architecture.md): every module of dossier/ is read
here, whatever its name or package, so that a new one cannot slip past. Each package is a
layer, and a layer imports only those below it; the core imports neither Textual nor the
two faces; no import cycle between modules; no module past what one reader holds in mind.

Imports are read from the source (every `import` and `from ... import`, inside functions
too, as a lazy import is still an import), except under `if TYPE_CHECKING:`."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .support import REPO

PACKAGE = REPO / "dossier"

# From the bottom up: each layer may import the layers before it, and itself.
LAYERS = ["text", "library", "env", "store", "search", "write", "sources", "versions", "session"]
FACES = ["cli", "ui"]  # the command line and the app: on top of every layer
# The command line opens the app (`dossier`, `dossier open`); the app never calls the command line.
FACE_IMPORTS = {"cli": {"ui"}, "ui": set()}
# The faces' own libraries: the core never imports them.
UI_LIBRARIES = {"textual"}
LONGEST = 600  # lines
FILE_NAMES = {"dossier.toml", "dossier.schema.json"}  # names of files, not modules


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def imports(module: str, path: Path, text: str | None = None) -> set[str]:
    """The modules `module` imports (dossier's, resolved to a module where a name is one,
    and the top-level names of others)."""
    known = modules()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if _type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)] if child.level > 1 else base
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                for alias in child.names:
                    full = f"{target}.{alias.name}"
                    found.add(full if full in known else target)
            visit(child)

    visit(ast.parse(path.read_text("utf-8") if text is None else text))
    return found


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "dossier" else None


def test_every_module_is_in_a_layer_or_a_face():
    outside = [module for module in modules() if layer_of(module) not in [*LAYERS, *FACES, None, "__main__"]]
    assert outside == [], "a module outside the layers: put it in one, and say which in docs/architecture.md"
    # dossier/ itself holds its package's face and `python -m dossier` alone.
    assert sorted(path.name for path in PACKAGE.glob("*.py")) == ["__init__.py", "__main__.py"]


def test_each_layer_imports_only_the_layers_below_it():
    wrong = []
    for module, path in modules().items():
        layer = layer_of(module)
        if layer is None or layer == "__main__":
            continue
        allowed = set(LAYERS[: LAYERS.index(layer) + 1]) if layer in LAYERS else {*LAYERS, layer, *FACE_IMPORTS[layer]}
        for target in imports(module, path):
            target_layer = layer_of(target)
            if target.startswith("dossier.") and target_layer not in allowed and target != "dossier.__version__":
                wrong.append(f"{module} imports {target} ({target_layer} is above {layer})")
            if layer in LAYERS and target.split(".")[0] in UI_LIBRARIES:
                wrong.append(f"{module} imports {target}: the core knows nothing of the UI")
    assert wrong == []


def test_no_import_cycle_between_modules():
    graph = {
        module: {target for target in imports(module, path) if target in modules() and target != module}
        for module, path in modules().items()
    }
    cycles, state = [], {}

    def walk(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                walk(target, [*trail, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            walk(module, [module])
    assert cycles == []


@pytest.mark.parametrize("module", sorted(modules()))
def test_no_module_is_past_what_one_reader_holds_in_mind(module):
    lines = modules()[module].read_text("utf-8").count("\n")
    assert lines <= LONGEST, f"{module} has {lines} lines: split it along a seam a newcomer would see"


def test_the_core_loads_no_ui_library():
    """What the rule above reads in the source, checked in a process: every module of the
    core imported, and Textual not loaded."""
    core = [module for module in modules() if layer_of(module) in LAYERS]
    code = "import sys\n" + "".join(f"import {module}\n" for module in core)
    code += f"print(sorted(name for name in sys.modules if name.split('.')[0] in {sorted(UI_LIBRARIES)!r}))"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_rule_broken_is_caught():
    """The walk reads what a module imports, lazily too, and not under TYPE_CHECKING."""
    probe = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..ui.app import DossierApp\n"
        "def later():\n    from ..store import loader\n    import textual\n"
    )
    found = imports("dossier.text.probe", PACKAGE / "text" / "probe.py", probe)
    assert found == {"typing", "dossier.store.loader", "textual"}


def test_every_module_named_in_a_string_is_there():
    """A module started by name (`python -m dossier.session.reading`) or named in the
    entry point is not an import: a move must not leave the name behind."""
    named = {
        (path.name, found)
        for path in [*PACKAGE.rglob("*.py"), REPO / "pyproject.toml"]
        for found in re.findall(r"[\"'](dossier(?:\.\w+)+)(?::\w+)?[\"']", path.read_text("utf-8"))
    }
    assert {name for _, name in named} >= {"dossier.session.reading", "dossier.cli.main"}
    assert [(where, name) for where, name in sorted(named) if name not in modules() and name not in FILE_NAMES] == []
