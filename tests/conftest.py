"""Shared fixtures.  Every test runs with its own empty data and config folders."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_locations(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Path]:
    """Point every supple and XDG location at a temporary folder.

    No test may read or write the developer's real history or settings.
    """
    root = tmp_path_factory.mktemp("home")
    dirs = {
        "data": root / "data",
        "config": root / "config",
        "xdg_data": root / "xdg-data",
        "xdg_config": root / "xdg-config",
        "xdg_cache": root / "xdg-cache",
        "xdg_state": root / "xdg-state",
    }
    monkeypatch.setenv("SUPPLE_DATA_DIR", str(dirs["data"]))
    monkeypatch.setenv("SUPPLE_CONFIG_DIR", str(dirs["config"]))
    monkeypatch.setenv("XDG_DATA_HOME", str(dirs["xdg_data"]))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(dirs["xdg_config"]))
    monkeypatch.setenv("XDG_CACHE_HOME", str(dirs["xdg_cache"]))
    monkeypatch.setenv("XDG_STATE_HOME", str(dirs["xdg_state"]))
    # Never play real sound from a test unless it asks for it.
    monkeypatch.setenv("SUPPLE_AUDIO", "off")
    # Never call systemctl or notify-send from a test (supple remind).
    monkeypatch.setenv("SUPPLE_NO_DESKTOP", "1")
    return dirs
