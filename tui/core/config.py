"""The user's settings: a frozen dataclass saved as TOML in the config folder.

The file is ``config.toml`` in :func:`tui.core.locations.config_dir` (on
Linux ``~/.config/supple/config.toml``), flat keys::

    volume = 80           # 0-100
    muted = false
    voice = true          # spoken cues where a text-to-speech program is installed
    speak_tempo = false   # also say up / hold / down and the rep in paced sets
    high_contrast = false
    theme = "textual-dark"  # any Textual theme name; leave out for the default
    back_grace = 3.0      # seconds: "back" within this of a segment's start goes one back
    contact = "Spine clinic, 01632 960000"  # who to call, where a routine names no one
    clinic_patient_id = "A-1042"   # the id your clinic gave you, for FHIR (docs/history.md)
    clinic_id_system = "https://clinic.example/patient-ids"  # whose ids they are

    [keys]                # your own keys: binding id = key, or keys separated by commas
    session.pause = "p"   # (docs/keymap.md lists every id and its default key)

Loading never fails: a missing file gives the defaults; a file that is not
valid TOML, an unknown key or a value of the wrong type or range is reported
as a warning and replaced by its default (a bad ``[keys]`` entry keeps its
binding's default key).  Saving writes a temporary file in
the same folder and renames it over the old one, so a crash never leaves half
a file; the folder is made private (0700) and the file 0600.  Saving keeps the
``[keys]`` table: the settings' keymap, and the entries of the file's table
that loading left out (so a mistyped one stays there to be fixed).
"""

from __future__ import annotations

import math
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from tui.core.locations import config_file, ensure_private_dir
from tui.core.safe_text import is_safe

#: The identifier system of ``clinic_patient_id`` when the clinic names none (docs/history.md).
DEFAULT_CLINIC_ID_SYSTEM = "urn:supple:clinic-patient-id"


@dataclass(frozen=True)
class Settings:
    """Everything a user can set.  Change one with ``dataclasses.replace``."""

    #: Cue volume, 0-100.
    volume: int = 80
    #: No cue sounds at all (the screen still flashes).
    muted: bool = False
    #: Spoken cues through a text-to-speech program, where one is installed (on by default:
    #: a patient on the floor with eyes closed follows by ear; a routine may switch it off).
    voice: bool = True
    #: In paced sets, also say each phase ("up", "hold", "down") and the rep.
    speak_tempo: bool = False
    #: The high-contrast look.
    high_contrast: bool = False
    #: A Textual theme name; ``None`` keeps the app's default.
    theme: str | None = None
    #: Seconds after a segment's start within which "back" goes to the previous segment.
    back_grace: float = 3.0
    #: The patient's own clinic contact, shown where a routine has none ("" : none given).
    contact: str = ""
    #: The pseudonymous id the patient's clinic assigned, the only identity in FHIR exports.
    clinic_patient_id: str | None = None
    #: The URI of the clinic's identifier system that ``clinic_patient_id`` belongs to.
    clinic_id_system: str = DEFAULT_CLINIC_ID_SYSTEM
    #: The user's keys: binding id (:data:`BINDING_IDS`) -> key, or keys separated by commas.
    keymap: dict[str, str] = field(default_factory=dict)

    def with_volume(self, volume: int) -> Settings:
        """A copy with ``volume`` clamped to 0-100."""
        return replace(self, volume=max(0, min(100, int(volume))))

    def voice_for(self, routine_voice: bool | None) -> bool:
        """Whether to speak cues: the routine's choice where it makes one, else the setting."""
        return self.voice if routine_voice is None else routine_voice


def _check_volume(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and (not math.isfinite(value) or value != int(value)):
        return None
    return int(value) if 0 <= value <= 100 else None


def _check_bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _check_theme(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


#: The longest contact a setting may give (a name and a phone number or two).
CONTACT_LENGTH = 200


def _check_contact(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text if len(text) <= CONTACT_LENGTH and text.isprintable() else None


def _check_clinic_id(value: Any) -> str | None:
    # An identifier travels in FHIR search URLs: printable, no spaces, no "|".
    if not isinstance(value, str) or not 0 < len(value.strip()) <= 64:
        return None
    value = value.strip()
    return (
        value if value.isprintable() and not any(c.isspace() or c == "|" for c in value) else None
    )


def _check_id_system(value: Any) -> str | None:
    if not isinstance(value, str) or ":" not in value or len(value) > 200:
        return None
    return (
        value if value.isprintable() and not any(c.isspace() or c == "|" for c in value) else None
    )


def _check_grace(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if math.isfinite(value) and 0 <= value <= 60 else None


#: The table of ``config.toml`` that holds the user's keys.
KEYS_TABLE = "keys"

#: Every binding id a ``[keys]`` entry may name: the ``id`` of a ``Binding`` in
#: ``tui/app`` (a contract test keeps the two the same; docs/keymap.md lists
#: each with its default keys).  The history screens' ids are their own
#: screens' (``tui/app/screens/history_list.py``).
BINDING_IDS: frozenset[str] = frozenset(
    {
        "app.contrast",
        "app.quit",
        "home.start",
        "home.history",
        "home.settings",
        "home.reload",
        "home.folder",
        "home.quit",
        *(f"rating.{n}" for n in range(11)),
        "rating.save",
        "rating.skip",
        "rating.escape",
        "rating.left",
        "rating.right",
        "session.pause",
        "session.skip",
        "session.back",
        "session.extend",
        "session.done",
        "session.hurt",
        "session.rules",
        "session.mute",
        "session.quit",
        "confirm.yes",
        "confirm.no",
        "nextday.better",
        "nextday.same",
        "nextday.worse",
        "nextday.skip",
        "recovery.resume",
        "recovery.abandon",
        "recovery.later",
        "note.skip",
        "reps.skip",
        "safety.continue",
        "rules.confirm",
        "rules.not_today",
        "rules.start_anyway",
        "rules.back",
        "hurt.carry_on",
        "hurt.skip",
        "hurt.end",
        "summary.home",
        "summary.quit",
        "summary.retry",
        "summary.export",
        "settings.quieter",
        "settings.louder",
        "settings.mute",
        "settings.voice",
        "settings.contrast",
        "settings.save",
        "settings.cancel",
        # The history screens.
        "history.sessions.back",
        "history.sessions.details",
        "history.sessions.progress",
        "history.sessions.sort",
        "history.sessions.reverse",
        "history.sessions.previews",
        "history.sessions.filter",
        "history.sessions.run_again",
        "history.sessions.first",
        "history.sessions.last",
        "history.detail.back",
        "history.detail.work_only",
        "history.progress.back",
        "history.progress.routine",
        "history.progress.shorter",
        "history.progress.longer",
        # The caseload screen (supple clinic).
        "clinic.caseload.open",
        "clinic.caseload.quit",
    }
)

#: The longest key name accepted (``ctrl+shift+right_square_bracket`` is 31).
MAX_KEY_LENGTH = 32
#: The most keys one binding may have.
MAX_KEYS = 8


def key_problem(value: object) -> str | None:
    """What is wrong with ``value`` as a ``[keys]`` entry (``"has ..."``), or ``None``.

    A good value is a string of one or more key names separated by commas
    (``"p"``, ``"ctrl+p"``, ``"p,space"``); each name is non-empty, at most
    :data:`MAX_KEY_LENGTH` characters, without spaces or control characters.
    Whether the terminal can send the key is not checked (``textual keys``
    shows what it sends).
    """
    if not isinstance(value, str):
        return "is not a key name in quotes"
    # Before stripping: a tab or newline is a control character, not padding.
    if not is_safe(value):
        return "has a control character"
    keys = [key.strip() for key in value.split(",")]
    if any(not key for key in keys):
        return "has an empty key name"
    if len(keys) > MAX_KEYS:
        return f"has more than {MAX_KEYS} keys"
    for key in keys:
        if len(key) > MAX_KEY_LENGTH:
            return f"has a key name longer than {MAX_KEY_LENGTH} characters"
        if any(c.isspace() for c in key):
            return 'has a space inside a key name (write space as "space")'
    return None


def parse_keymap(table: object, source: str = "config.toml") -> tuple[dict[str, str], list[str]]:
    """The keymap of a ``[keys]`` table; every bad entry becomes a warning and is left out.

    ``session.pause = "p"`` and ``"session.pause" = "p"`` are the same entry
    (TOML reads the first as a table ``session`` holding ``pause``).
    """
    if not isinstance(table, dict):
        return {}, [f"{source}: {KEYS_TABLE} = {table!r} is not a table; using the default keys"]
    keymap: dict[str, str] = {}
    warnings: list[str] = []
    for binding_id, value in flat_keys(table).items():
        if binding_id not in BINDING_IDS:
            warnings.append(
                f"{source}: [{KEYS_TABLE}] unknown key binding {binding_id!r} ignored "
                "(docs/keymap.md lists them)"
            )
            continue
        problem = key_problem(value)
        if problem is not None:
            warnings.append(
                f"{source}: [{KEYS_TABLE}] {binding_id} = {value!r} {problem}; "
                "keeping its default key"
            )
            continue
        assert isinstance(value, str)  # key_problem said so
        keymap[binding_id] = ",".join(key.strip() for key in value.split(","))
    return keymap, warnings


def flat_keys(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A ``[keys]`` table with its sub-tables joined by dots (``{"session": {"pause": ..}}``)."""
    flat: dict[str, Any] = {}
    for name, value in table.items():
        if isinstance(value, dict) and value:
            flat.update(flat_keys(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


_CHECKS = {
    "volume": (_check_volume, "a whole number from 0 to 100"),
    "muted": (_check_bool, "true or false"),
    "voice": (_check_bool, "true or false"),
    "speak_tempo": (_check_bool, "true or false"),
    "high_contrast": (_check_bool, "true or false"),
    "theme": (_check_theme, "a theme name in quotes"),
    "back_grace": (_check_grace, "a number of seconds from 0 to 60"),
    "contact": (_check_contact, f"text in quotes, at most {CONTACT_LENGTH} characters"),
    "clinic_patient_id": (_check_clinic_id, "an id of 1-64 characters without spaces or |"),
    "clinic_id_system": (_check_id_system, "a URI without spaces or |"),
}
assert set(_CHECKS) | {"keymap"} == {f.name for f in fields(Settings)}


def check_setting(key: str, value: Any) -> tuple[Any | None, str]:
    """The setting ``key`` made of ``value`` (``None`` when it is not good) and what it should be.

    The one check of each setting, for the settings file and the settings dialog alike.
    """
    checker, wanted = _CHECKS[key]
    return checker(value), wanted


def parse_settings(data: dict[str, Any], source: str = "config.toml") -> tuple[Settings, list[str]]:
    """Build settings from a parsed TOML table; every bad entry becomes a warning."""
    warnings: list[str] = []
    values: dict[str, Any] = {}
    defaults = Settings()
    for key, value in data.items():
        if key == KEYS_TABLE:
            values["keymap"], problems = parse_keymap(value, source)
            warnings.extend(problems)
            continue
        check = _CHECKS.get(key)
        if check is None:
            warnings.append(f"{source}: unknown setting {key!r} ignored")
            continue
        good, wanted = check_setting(key, value)
        if good is None:
            default = getattr(defaults, key)
            warnings.append(
                f"{source}: {key} = {value!r} is not {wanted}; using {_toml_repr(default)}"
            )
            continue
        values[key] = good
    return Settings(**values), warnings


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """Read the settings file (default: :func:`~tui.core.locations.config_file`).

    Returns the settings and a list of warnings for the user; never raises.
    """
    path = path if path is not None else config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), []
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(), [f"{path}: cannot be read ({exc}); using the default settings"]
    import tomllib  # here, not at the top: without a settings file the app starts without it

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Settings(), [f"{path}: not valid TOML ({exc}); using the default settings"]
    return parse_settings(data, str(path))


def settings_to_toml(settings: Settings, keep_keys: dict[str, Any] | None = None) -> str:
    """The settings as the TOML text :func:`save_settings` writes (``None`` values left out).

    The ``[keys]`` table holds the settings' keymap and ``keep_keys`` (entries
    the keymap left out, kept as they were, flat); it is left out when empty.
    """
    import tomli_w

    data: dict[str, Any] = {
        k: v for k, v in asdict(settings).items() if v is not None and k != "keymap"
    }
    keys = {**(keep_keys or {}), **settings.keymap}
    if keys:
        data[KEYS_TABLE] = keys
    return "# supple settings (see docs/audio.md; keys: docs/keymap.md)\n" + tomli_w.dumps(data)


def _bad_keys_in_file(path: Path) -> dict[str, Any]:
    """The ``[keys]`` entries of the settings file that :func:`parse_keymap` leaves out, flat."""
    import tomllib

    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get(KEYS_TABLE)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}  # nothing to keep: the file is not read as settings either
    if not isinstance(table, dict):
        return {}
    return {
        binding_id: value
        for binding_id, value in flat_keys(table).items()
        if binding_id not in BINDING_IDS or key_problem(value) is not None
    }


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings atomically, readable by the user alone; returns the path.

    The file's ``[keys]`` entries that loading left out (an unknown id, a bad
    key) are written back as they were, so the user can still see and fix them.
    """
    path = path if path is not None else config_file()
    keep_keys = _bad_keys_in_file(path)
    ensure_private_dir(path.parent)
    fd, temp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(settings_to_toml(settings, keep_keys))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def _toml_repr(value: Any) -> str:
    if value is None:
        return "the default"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)
