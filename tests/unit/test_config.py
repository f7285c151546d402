"""Settings: defaults, round trip, private files, and bad values reported not fatal."""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path

import pytest

from tui.core.config import Settings, load_settings, save_settings, settings_to_toml
from tui.core.locations import config_file


def test_no_file_gives_the_defaults_and_no_warnings() -> None:
    settings, warnings = load_settings()
    assert settings == Settings()
    assert (settings.volume, settings.muted, settings.voice) == (80, False, False)
    assert warnings == []


def test_save_then_load_round_trips_in_the_config_folder() -> None:
    wanted = Settings(volume=35, muted=True, voice=True, high_contrast=True, theme="nord")
    path = save_settings(wanted)
    assert path == config_file()
    assert load_settings() == (wanted, [])


def test_the_file_and_folder_are_private() -> None:
    path = save_settings(Settings(volume=10))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_saving_replaces_the_file_and_leaves_no_temporary_files() -> None:
    save_settings(Settings(volume=10))
    path = save_settings(Settings(volume=20))
    assert load_settings()[0].volume == 20
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]


def test_the_saved_file_is_plain_toml_without_none_values() -> None:
    text = settings_to_toml(Settings())
    assert "volume = 80" in text
    assert "theme" not in text


def test_bad_values_are_reported_and_replaced_by_defaults() -> None:
    path = config_file()
    path.parent.mkdir(parents=True)
    path.write_text(
        'volume = 140\nmuted = "yes"\nvoice = true\ncolour = "blue"\nback_grace = -1\n',
        encoding="utf-8",
    )
    settings, warnings = load_settings()
    assert settings == Settings(voice=True)
    assert len(warnings) == 4
    joined = "\n".join(warnings)
    assert "volume = 140 is not a whole number from 0 to 100; using 80" in joined
    assert "muted = 'yes' is not true or false; using false" in joined
    assert "unknown setting 'colour'" in joined
    assert "back_grace" in joined


def test_invalid_toml_gives_defaults_and_one_warning() -> None:
    path = config_file()
    path.parent.mkdir(parents=True)
    path.write_text("volume = = 3\n", encoding="utf-8")
    settings, warnings = load_settings()
    assert settings == Settings()
    assert len(warnings) == 1 and "not valid TOML" in warnings[0]


def test_an_unreadable_file_gives_defaults(tmp_path: Path) -> None:
    folder = tmp_path / "config.toml"
    folder.mkdir()  # a folder where the file should be
    settings, warnings = load_settings(folder)
    assert settings == Settings()
    assert len(warnings) == 1 and "cannot be read" in warnings[0]


@pytest.mark.parametrize(("raw", "expected"), [(0, 0), (100, 100), (55.0, 55)])
def test_volume_accepts_whole_numbers_in_range(raw: float, expected: int, tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(f"volume = {raw}\n", encoding="utf-8")
    assert load_settings(path) == (Settings(volume=expected), [])


@pytest.mark.parametrize("raw", ["true", "55.5", "-1", "nan", '"80"'])
def test_volume_rejects_everything_else(raw: str, tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(f"volume = {raw}\n", encoding="utf-8")
    settings, warnings = load_settings(path)
    assert settings.volume == 80 and len(warnings) == 1


def test_with_volume_clamps_and_voice_for_prefers_the_routine() -> None:
    assert Settings().with_volume(300).volume == 100
    assert Settings().with_volume(-5).volume == 0
    assert Settings(voice=False).voice_for(True) is True
    assert Settings(voice=True).voice_for(False) is False
    assert Settings(voice=True).voice_for(None) is True
    assert replace(Settings(), muted=True).muted
