"""Regenerate the cue sounds in sounds/ (run from the repository root).

    python scripts/make_sounds.py            # writes sounds/*.wav and sounds/cues.json
    python scripts/make_sounds.py --out DIR  # somewhere else, to compare

The sounds are defined in tui/audio/synth.py; edit them there.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.audio.synth import main

if __name__ == "__main__":
    raise SystemExit(
        main(sys.argv[1:] or ["--out", str(Path(__file__).resolve().parent.parent / "sounds")])
    )
