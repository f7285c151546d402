"""A stand-in text-to-speech command: espeak-ng speaking each phrase into the next WAV file.

Run as ``python espeak_capture.py FOLDER PHRASE``: writes ``FOLDER/0001.wav``,
``0002.wav``... with espeak-ng's own ``-w`` at supple's speed, so a test can hear
(compare) exactly what a session said, in order.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

#: The speed supple gives espeak-ng (tui.audio.speech.TTS_PROGRAMS).
ESPEAK = ("espeak-ng", "-s", "165")


def main() -> int:
    folder, phrase = Path(sys.argv[1]), sys.argv[2]
    number = len(list(folder.glob("*.wav"))) + 1
    return subprocess.call([*ESPEAK, "-w", str(folder / f"{number:04d}.wav"), phrase])


if __name__ == "__main__":
    raise SystemExit(main())
