"""The core never loads Textual or Rich, and every package ships in the wheel."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib

import pytest

import tui.core
from tests.support import paths

ROOT = paths.REPO
CORE_MODULES = sorted(
    info.name for info in pkgutil.walk_packages(tui.core.__path__, "tui.core.") if not info.ispkg
)
UI_PACKAGES = ("textual", "rich")

PROBE = """
import importlib, sys
importlib.import_module(sys.argv[1])
loaded = sorted({name.split(".")[0] for name in sys.modules} & {"textual", "rich"})
print(",".join(loaded))
"""


def test_core_modules_are_found() -> None:
    assert {
        "tui.core.routine.model",
        "tui.core.routine.loader",
        "tui.core.session.timeline",
    } <= set(CORE_MODULES)


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_load_textual_or_rich(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, module],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{module} loaded {result.stdout.strip()}"


def test_routine_commands_do_not_load_textual_or_rich() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "tui.commands.routines_command"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def _declared_packages() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["setuptools"]["packages"])


def _package_folders() -> set[str]:
    """Every folder under tui/ holding Python files, as a dotted package name."""
    found = {"tui"}
    for folder in (ROOT / "tui").rglob("*"):
        if folder.is_dir() and folder.name != "__pycache__" and any(folder.glob("*.py")):
            found.add(".".join(folder.relative_to(ROOT).parts))
    return found


def test_every_package_under_tui_is_declared_in_pyproject() -> None:
    missing = _package_folders() - _declared_packages()
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"


def test_bundled_data_packages_are_declared() -> None:
    assert {"tui.routines", "tui.programmes", "tui.sounds"} <= _declared_packages()
