"""The shape of the house, checked statically over every import statement.

import-linter (``lint-imports`` in CI, contracts in pyproject.toml) checks the
whole import graph.  These tests state the rules that matter most once more in
plain Python, so a developer sees them fail under ``pytest`` too: every
``import`` and ``from ... import`` is read from the source, including those
inside functions and under ``if TYPE_CHECKING:``, and calls of
``importlib.import_module`` / ``__import__`` with a literal name.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import paths

TUI = paths.REPO / "tui"

#: What the pure core may never import, at any depth of a function.
CORE_FORBIDDEN = (
    "textual",
    "rich",
    "textual_plotext",
    "simpleaudio",
    "pydub",
    "tui.audio",
    "tui.session_setup",
    "tui.app",
    "tui.plain",
    "tui.commands",
    "tui.cli",
)

#: Front-end layers, lowest first; a layer may not import any layer after it.
LAYERS = ("tui.core", "tui.audio", "tui.session_setup", "tui.plain", "tui.commands", "tui.cli")


def _module_name(path: Path) -> str:
    if not path.is_relative_to(paths.REPO):
        return path.stem
    parts = path.relative_to(paths.REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path) -> Iterator[tuple[int, str]]:
    """Every module name ``path`` imports, with its line, wherever the statement is."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            yield node.lineno, module
            for alias in node.names:  # "from tui import app" imports tui.app
                yield node.lineno, f"{module}.{alias.name}"
        elif isinstance(node, ast.Call):
            func = node.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else func.id
                if isinstance(func, ast.Name)
                else ""
            )
            if name in ("import_module", "__import__") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    yield node.lineno, first.value


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _sources(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def test_the_scan_sees_imports_inside_functions(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def later():\n"
        "    import textual.app\n"
        "    from rich import text\n"
        "    importlib.import_module('tui.audio.player')\n",
        encoding="utf-8",
    )
    found = {name for _, name in imported_names(sample)}
    assert {"textual.app", "rich", "tui.audio.player"} <= found


@pytest.mark.parametrize("path", _sources(TUI / "core"), ids=lambda p: str(p.relative_to(TUI)))
def test_core_module_imports_no_ui_audio_or_front_end(path: Path) -> None:
    bad = [
        f"{path.relative_to(paths.REPO)}:{line}: imports {name}"
        for line, name in imported_names(path)
        if any(_within(name, banned) for banned in CORE_FORBIDDEN)
    ]
    assert not bad, "\n".join(bad)


def test_front_end_layers_import_only_downwards() -> None:
    bad: list[str] = []
    for path in _sources(TUI):
        module = _module_name(path)
        own = next((i for i, layer in enumerate(LAYERS) if _within(module, layer)), None)
        if own is None:
            continue
        for line, name in imported_names(path):
            for higher in LAYERS[own + 1 :]:
                if _within(name, higher):
                    bad.append(f"{path.relative_to(paths.REPO)}:{line}: imports {name}")
    assert not bad, "\n".join(bad)


def test_plain_mode_never_imports_textual_or_rich() -> None:
    bad = [
        f"{path.relative_to(paths.REPO)}:{line}: imports {name}"
        for path in _sources(TUI / "plain")
        for line, name in imported_names(path)
        if any(_within(name, ui) for ui in ("textual", "rich", "tui.app"))
    ]
    assert not bad, "\n".join(bad)


def test_no_two_modules_share_a_name() -> None:
    names = Counter(p.stem for p in _sources(TUI) if p.name != "__init__.py")
    packages = Counter(p.parent.name for p in _sources(TUI) if p.name == "__init__.py")
    clashes = sorted(n for n, c in (names + packages).items() if c > 1 and n != "__main__")
    assert not clashes, f"modules with the same name: {clashes}"


@pytest.mark.parametrize("path", _sources(TUI), ids=lambda p: str(p.relative_to(TUI)))
def test_module_and_function_sizes(path: Path) -> None:
    """No module over about 600 lines, no function over about 60 (the house rule)."""
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 620, f"{path.name} has {len(text.splitlines())} lines"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > 65
    ]
    assert not long, f"{path.name}: {', '.join(long)}"


def test_no_module_treats_supples_own_modules_as_optional() -> None:
    """``except ImportError`` / ``ModuleNotFoundError`` only around third-party imports."""
    bad: list[str] = []
    for path in _sources(TUI):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Try):
                continue
            caught = {
                ast.unparse(handler.type) for handler in node.handlers if handler.type is not None
            }
            if not any("ImportError" in c or "ModuleNotFoundError" in c for c in caught):
                continue
            for inner in node.body:
                for sub in ast.walk(inner):
                    if isinstance(sub, ast.ImportFrom) and (sub.module or "").startswith("tui"):
                        bad.append(f"{path.relative_to(paths.REPO)}:{sub.lineno}")
                    if isinstance(sub, ast.Import) and any(
                        a.name.startswith("tui") for a in sub.names
                    ):
                        bad.append(f"{path.relative_to(paths.REPO)}:{sub.lineno}")
    assert not bad, "supple's own modules imported as if optional at " + ", ".join(bad)


def test_every_front_end_handles_every_session_step() -> None:
    """Both front ends walk session_setup's steps through a table keyed by SessionStep.

    A step added to :class:`~tui.session_setup.SessionStep` and missing from a
    front end's table would raise KeyError mid-session: this fails first.
    """
    from tui.session_setup import SessionStep

    wanted = {f"SessionStep.{step.name}" for step in SessionStep}
    for path in (TUI / "app" / "flow.py", TUI / "plain" / "guide.py"):
        tables = [
            {ast.unparse(key) for key in node.keys if key is not None}
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Dict)
            and any(ast.unparse(k).startswith("SessionStep.") for k in node.keys if k is not None)
        ]
        assert tables, f"{path.name} has no table of session steps"
        for table in tables:
            assert table == wanted, f"{path.name} lacks {sorted(wanted - table)}"
