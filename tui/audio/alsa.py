"""Keep libasound quiet, and ask it whether the default device opens.

libasound reports errors by printing to the process's standard error from C
("ALSA lib confmisc.c:855:(parse_card) cannot find card '0'" and the like),
which would scribble over the full-screen UI on a machine without a sound
card.  :func:`silence_alsa_errors` installs a handler that drops them.  It is
process-wide and applies to every user of libasound in the process
(simpleaudio included); programs run as subprocesses have their standard
error sent to ``/dev/null`` instead.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading

_lock = threading.Lock()
_library: ctypes.CDLL | None = None
_loaded = False
_handler: object | None = None  # keep the callback alive as long as the process

# void (*)(const char *file, int line, const char *function, int err, const char *fmt, ...)
# The varargs are never read, so declaring the fixed arguments is enough.
_ERROR_HANDLER = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)

SND_PCM_STREAM_PLAYBACK = 0
SND_PCM_NONBLOCK = 1


def libasound() -> ctypes.CDLL | None:
    """The loaded ALSA library, or ``None`` where there is none (macOS, minimal images)."""
    global _library, _loaded
    with _lock:
        if not _loaded:
            _loaded = True
            for name in ("libasound.so.2", ctypes.util.find_library("asound")):
                if not name:
                    continue
                try:
                    _library = ctypes.CDLL(name)
                    break
                except OSError:
                    continue
        return _library


def _ignore(
    file: bytes | None, line: int, function: bytes | None, err: int, fmt: bytes | None
) -> None:
    return None


def silence_alsa_errors() -> bool:
    """Stop libasound printing errors to standard error; True when it is (or was) done."""
    global _handler
    lib = libasound()
    if lib is None:
        return False
    with _lock:
        if _handler is None:
            handler = _ERROR_HANDLER(_ignore)
            try:
                lib.snd_lib_error_set_handler(handler)
            except AttributeError:
                return False
            _handler = handler
    return True


def default_device_status() -> tuple[bool, str]:
    """Whether ALSA's default playback device opens, and why not.

    Opens in non-blocking mode and closes at once; plays nothing.
    """
    lib = libasound()
    if lib is None:
        return False, "libasound (ALSA) is not installed"
    silence_alsa_errors()
    handle = ctypes.c_void_p()
    try:
        code = lib.snd_pcm_open(
            ctypes.byref(handle), b"default", SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK
        )
    except AttributeError:
        return False, "libasound has no snd_pcm_open"
    if code < 0:
        lib.snd_strerror.restype = ctypes.c_char_p
        reason = lib.snd_strerror(code) or b"unknown error"
        return False, f"cannot open the default device: {reason.decode(errors='replace')}"
    lib.snd_pcm_close(handle)
    return True, "the default device opens"
