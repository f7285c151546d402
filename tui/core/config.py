"""The user's settings: a frozen dataclass saved as TOML in the config folder.

The file is ``config.toml`` in :func:`tui.core.locations.config_dir` (on
Linux ``~/.config/supple/config.toml``), flat keys::

    volume = 80           # 0-100
    muted = false
    voice = false         # spoken cues (a routine may switch them on)
    high_contrast = false
    theme = "textual-dark"  # any Textual theme name; leave out for the default
    back_grace = 3.0      # seconds: "back" within this of a segment's start goes one back

Loading never fails: a missing file gives the defaults; a file that is not
valid TOML, an unknown key or a value of the wrong type or range is reported
as a warning and replaced by its default.  Saving writes a temporary file in
the same folder and renames it over the old one, so a crash never leaves half
a file; the folder is made private (0700) and the file 0600.
"""

from __future__ import annotations

import math
import os
import tempfile
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from tui.core.locations import config_file, ensure_private_dir


@dataclass(frozen=True)
class Settings:
    """Everything a user can set.  Change one with ``dataclasses.replace``."""

    #: Cue volume, 0-100.
    volume: int = 80
    #: No cue sounds at all (the screen still flashes).
    muted: bool = False
    #: Spoken cues through a text-to-speech program, where one is installed.
    voice: bool = False
    #: The high-contrast look.
    high_contrast: bool = False
    #: A Textual theme name; ``None`` keeps the app's default.
    theme: str | None = None
    #: Seconds after a segment's start within which "back" goes to the previous segment.
    back_grace: float = 3.0

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


def _check_grace(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if math.isfinite(value) and 0 <= value <= 60 else None


_CHECKS = {
    "volume": (_check_volume, "a whole number from 0 to 100"),
    "muted": (_check_bool, "true or false"),
    "voice": (_check_bool, "true or false"),
    "high_contrast": (_check_bool, "true or false"),
    "theme": (_check_theme, "a theme name in quotes"),
    "back_grace": (_check_grace, "a number of seconds from 0 to 60"),
}
assert set(_CHECKS) == {f.name for f in fields(Settings)}


def parse_settings(data: dict[str, Any], source: str = "config.toml") -> tuple[Settings, list[str]]:
    """Build settings from a parsed TOML table; every bad entry becomes a warning."""
    warnings: list[str] = []
    values: dict[str, Any] = {}
    defaults = Settings()
    for key, value in data.items():
        check = _CHECKS.get(key)
        if check is None:
            warnings.append(f"{source}: unknown setting {key!r} ignored")
            continue
        checker, wanted = check
        good = checker(value)
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


def settings_to_toml(settings: Settings) -> str:
    """The settings as the TOML text :func:`save_settings` writes (``None`` values left out)."""
    import tomli_w

    data = {k: v for k, v in asdict(settings).items() if v is not None}
    return "# supple settings (see docs/audio.md)\n" + tomli_w.dumps(data)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings atomically, readable by the user alone; returns the path."""
    path = path if path is not None else config_file()
    ensure_private_dir(path.parent)
    fd, temp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(settings_to_toml(settings))
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
