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
    assert (settings.volume, settings.muted, settings.voice) == (80, False, True)
    assert settings.speak_tempo is False
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


# ----------------------------------------------------------------------- [keys]


def write_config(text: str) -> Path:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_keys_map_binding_ids_to_keys_in_either_toml_form() -> None:
    write_config(
        'volume = 50\n[keys]\nsession.pause = "p"\n"session.skip" = " k , n "\n'
        '[keys.home]\nhistory = "ctrl+h"\n'
    )
    settings, warnings = load_settings()
    assert warnings == []
    assert settings.volume == 50
    assert settings.keymap == {
        "session.pause": "p",
        "session.skip": "k,n",
        "home.history": "ctrl+h",
    }


def test_without_keys_the_keymap_is_empty() -> None:
    write_config("volume = 50\n")
    assert load_settings()[0].keymap == {}


def test_an_unknown_binding_id_is_a_warning_and_the_others_are_kept() -> None:
    write_config('[keys]\nsession.pause = "p"\nsesion.skip = "k"\npause = "x"\n')
    settings, warnings = load_settings()
    assert settings.keymap == {"session.pause": "p"}
    assert len(warnings) == 2
    assert "[keys] unknown key binding 'sesion.skip' ignored" in warnings[0]
    assert "unknown key binding 'pause'" in warnings[1]
    assert all(w.startswith(f"{config_file()}: ") for w in warnings)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("3", "is not a key name in quotes"),
        ("true", "is not a key name in quotes"),
        ('["p"]', "is not a key name in quotes"),
        ('""', "has an empty key name"),
        ('"p,"', "has an empty key name"),
        ('"ctrl + p"', "has a space inside a key name"),
        ('"p\\u0007"', "has a control character"),
        ('"\\tp"', "has a control character"),
        ('"\\u0085"', "has a control character"),
        (f'"{"x" * 33}"', "has a key name longer than 32 characters"),
        ('"a,b,c,d,e,f,g,h,i"', "has more than 8 keys"),
    ],
)
def test_a_bad_key_is_a_warning_and_the_binding_keeps_its_default(value: str, why: str) -> None:
    write_config(f'volume = 20\n[keys]\nsession.pause = {value}\nsession.mute = "u"\n')
    settings, warnings = load_settings()
    assert settings.keymap == {"session.mute": "u"}
    assert settings.volume == 20
    assert len(warnings) == 1
    assert "[keys] session.pause = " in warnings[0]
    assert why in warnings[0] and warnings[0].endswith("; keeping its default key")


def test_keys_that_are_not_a_table_are_a_warning() -> None:
    write_config('keys = "p"\n')
    settings, warnings = load_settings()
    assert settings == Settings()
    assert len(warnings) == 1 and "keys = 'p' is not a table" in warnings[0]


def test_saving_keeps_the_keys_including_the_ones_not_understood() -> None:
    write_config('volume = 30\n[keys]\nsession.pause = "p"\nsesion.skip = "k"\nsession.mute = 4\n')
    settings, warnings = load_settings()
    assert len(warnings) == 2
    save_settings(replace(settings, volume=60))
    again, warnings_again = load_settings()
    assert again == replace(settings, volume=60)
    assert again.keymap == {"session.pause": "p"}
    # The entries it could not use are still in the file, still reported.
    assert warnings_again == warnings
    text = config_file().read_text(encoding="utf-8")
    assert "[keys]" in text and '"sesion.skip" = "k"' in text and '"session.mute" = 4' in text


def test_saved_keymap_round_trips_and_no_keys_writes_no_table() -> None:
    wanted = Settings(keymap={"session.pause": "p,space", "app.contrast": "ctrl+k"})
    save_settings(wanted)
    assert load_settings() == (wanted, [])
    assert "[keys]" not in settings_to_toml(Settings())


def test_the_patients_own_contact_is_read_and_bounded() -> None:
    from tui.core.config import CONTACT_LENGTH, parse_settings

    settings, warnings = parse_settings({"contact": "  Spine clinic,\n 01632 960000 "})
    assert (settings.contact, warnings) == ("Spine clinic, 01632 960000", [])
    for bad in ("x" * (CONTACT_LENGTH + 1), "Clinic \x1b]52;c;AAAA\x07", 555):
        settings, warnings = parse_settings({"contact": bad})
        assert settings.contact == "" and len(warnings) == 1


def test_the_clinic_patient_id_and_its_system() -> None:
    from tui.core.config import DEFAULT_CLINIC_ID_SYSTEM, parse_settings

    settings, warnings = parse_settings({"clinic_patient_id": " A-1042 "})
    assert (settings.clinic_patient_id, settings.clinic_id_system, warnings) == (
        "A-1042",
        DEFAULT_CLINIC_ID_SYSTEM,
        [],
    )
    settings, warnings = parse_settings(
        {"clinic_patient_id": "has space", "clinic_id_system": "not a uri"}
    )
    assert settings.clinic_patient_id is None and len(warnings) == 2
    assert parse_settings({"clinic_patient_id": "a|b"})[0].clinic_patient_id is None
