"""Binding ids are the keymap's contract: every binding has one, config knows it, docs list it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

from textual.binding import Binding

import tui.app
from tests.support import paths
from tui.core.config import BINDING_IDS


def app_bindings() -> list[tuple[str, str, Binding]]:
    """(module, class, binding) for every Binding declared in ``tui/app``."""
    found: list[tuple[str, str, Binding]] = []
    for info in pkgutil.walk_packages(tui.app.__path__, "tui.app."):
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for binding in cls.__dict__.get("BINDINGS", ()):
                assert isinstance(binding, Binding), f"{name}: use Binding(..., id=...)"
                found.append((info.name, name, binding))
    return found


def test_the_bindings_are_found() -> None:
    classes = {cls for _module, cls, _binding in app_bindings()}
    assert {"SuppleApp", "HomeScreen", "SessionScreen", "RatingDialog", "SettingsDialog"} <= classes


def test_every_binding_has_a_known_id_and_a_description() -> None:
    for module, cls, binding in app_bindings():
        where = f"{module}.{cls} {binding.key!r}"
        assert binding.id is not None, f"{where} has no id"
        assert binding.id in BINDING_IDS, f"{where}: {binding.id!r} is not in BINDING_IDS"
        assert binding.description, f"{where} has no description"


def test_every_known_id_belongs_to_a_binding() -> None:
    used = {binding.id for _module, _cls, binding in app_bindings()}
    assert set(BINDING_IDS) - used == set()


def test_docs_keymap_lists_every_id() -> None:
    text = (paths.REPO / "docs" / "keymap.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+(?:\.[a-z0-9_]+)+)` \|", text, flags=re.MULTILINE))
    assert set(BINDING_IDS) - documented == set(), "not in docs/keymap.md"
    assert documented - set(BINDING_IDS) == set(), "in docs/keymap.md but not a binding id"
