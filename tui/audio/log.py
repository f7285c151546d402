"""The audio debug log: ``<data dir>/logs/audio.log``, never the terminal.

Backend failures and demotions are worth knowing when a patient says "I heard
nothing", but must never print over the screen, so the ``supple.audio`` logger
does not propagate to the root logger and writes only to its own file.
"""

from __future__ import annotations

import logging
import threading
from io import TextIOWrapper
from pathlib import Path

from tui.core.locations import append_privately, data_dir, ensure_private_dir

LOGGER_NAME = "supple.audio"
_lock = threading.Lock()
_log_file: Path | None = None


class _PrivateFileHandler(logging.FileHandler):
    """A log file readable by the user alone (0600), whatever the umask."""

    def _open(self) -> TextIOWrapper:
        return append_privately(Path(self.baseFilename))


def audio_log_file() -> Path:
    """Where the audio debug log is written."""
    return data_dir() / "logs" / "audio.log"


def audio_log() -> logging.Logger:
    """The audio logger, writing to :func:`audio_log_file` (re-pointed if the data folder moved)."""
    global _log_file
    logger = logging.getLogger(LOGGER_NAME)
    path = audio_log_file()
    with _lock:
        if _log_file != path:
            logger.propagate = False
            logger.setLevel(logging.DEBUG)
            for old in list(logger.handlers):
                logger.removeHandler(old)
                old.close()
            handler: logging.Handler
            try:
                ensure_private_dir(data_dir())  # the data folder too, when logs come first
                ensure_private_dir(path.parent)
                handler = _PrivateFileHandler(path, encoding="utf-8", delay=True)
                handler.setFormatter(
                    logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(message)s")
                )
            except OSError:
                handler = logging.NullHandler()
            logger.addHandler(handler)
            _log_file = path
    return logger
