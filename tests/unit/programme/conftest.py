"""A small programme beside two routines, written into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

WALK = """
[routine]
title = "Walk"
[[step]]
kind = "interval"
name = "Walk"
blocks = [{ label = "Walk", duration = "10m" }, { label = "Sit", duration = "2m" }]
"""

STRETCH = """
[routine]
title = "Stretch"
[[step]]
kind = "hold"
name = "Knee-to-chest"
hold = "20s"
reps = 3
"""

PROGRAMME = """
[programme]
title = "Test programme"
start = 2026-12-01T10:00:00

[gate]
not_before = "24h"
meanwhile = "Rest."

[[phase]]
name = "Rest"
days = "0"

[[phase]]
name = "First week"
days = "1-7"
routines = ["stretch.toml"]
sessions_per_day = 2

[[phase]]
name = "Building"
weeks = "2-3"
routines = ["stretch.toml", { use = "walk.toml", days_per_week = 5 }]
move_on = { pain_after_at_most = 3, on_sessions = "3 of last 4", adherence_at_least = "50%" }

[[phase]]
name = "Keeping on"
weeks = "4-6"
routines = ["walk.toml"]

[[progression]]
routine = "walk.toml"
step = "Walk"
block = "Walk"
from_week = 2
add_per_week = "1m"
up_to = "15m"

[[card]]
title = "Warning signs"
text = "Call your clinic for fever."
phase = "Rest"
show_before_first_session = true

[[card]]
title = "Normal after"
text = "A flare is common."
day = "0-3"

[[card]]
title = "Why walk"
text = "It helps."
phase = "Building"
"""


@pytest.fixture()
def programme_dir(tmp_path: Path) -> Path:
    """A folder with programme.toml, stretch.toml and walk.toml."""
    (tmp_path / "walk.toml").write_text(WALK, encoding="utf-8")
    (tmp_path / "stretch.toml").write_text(STRETCH, encoding="utf-8")
    (tmp_path / "programme.toml").write_text(PROGRAMME, encoding="utf-8")
    return tmp_path
