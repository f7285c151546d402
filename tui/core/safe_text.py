"""Text from a file made safe to show: the one sanitiser.

Anything supple shows that came from outside (a routine's text, a history
file, an imported backup, a file name) may hold characters a terminal acts on
rather than shows: C0 and C1 control characters (ESC starts the sequences that
retitle a window, clear the screen or write the clipboard), DEL, bidi overrides
and isolates (which make text read in another order than it is stored) and
zero-width format characters (which hide text).  :func:`shown` writes each of
them visibly, ``\\x1b`` or ``<U+202E>``, never dropping one silently, so what a
patient or therapist reads is what the file holds.

The same set is what supple's own formats refuse at input (routine text, the
JSON backup): :func:`unsafe_class` gives it as a regular-expression class for
the routine checker and the JSON Schema, :func:`first_unsafe` finds one.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Code points that are never shown as themselves, inclusive ranges.
UNSAFE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00, 0x1F),  # C0 controls
    (0x7F, 0x9F),  # DEL and the C1 controls (0x9B is a one-byte CSI)
    (0x061C, 0x061C),  # Arabic letter mark (a bidi mark)
    (0x200B, 0x200F),  # zero-width space, joiners, left-to-right and right-to-left marks
    (0x2028, 0x2029),  # line and paragraph separators (a line break a terminal may act on)
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner and invisible operators
    (0x2066, 0x2069),  # bidi isolates
    (0xFEFF, 0xFEFF),  # zero-width no-break space (byte-order mark)
)

#: What a caller may allow through as itself: a paragraph's line breaks and tabs.
LINE_BREAKS = "\t\n"


def unsafe_class(allow: str = "") -> str:
    r"""The unsafe characters except those in ``allow``, as a regular-expression class body.

    Written with ``\uXXXX`` escapes, which Python's ``re`` and JSON Schema's
    (ECMA-262) patterns both read, so the routine checker and its schema share it.
    """
    allowed = sorted(ord(c) for c in allow)
    ranges: list[tuple[int, int]] = []
    for low, high in UNSAFE_RANGES:
        for point in allowed:
            if low <= point <= high:
                if low < point:
                    ranges.append((low, point - 1))
                low = point + 1
        if low <= high:
            ranges.append((low, high))
    return "".join(
        f"\\u{low:04x}" if low == high else f"\\u{low:04x}-\\u{high:04x}" for low, high in ranges
    )


@lru_cache(maxsize=4)
def unsafe_pattern(allow: str = "") -> re.Pattern[str]:
    """A compiled pattern matching one unsafe character (but those in ``allow``)."""
    return re.compile(f"[{unsafe_class(allow)}]")


def _visible(match: re.Match[str]) -> str:
    point = ord(match.group())
    # Controls the way a programmer writes them; format characters by their code point.
    return f"\\x{point:02x}" if point <= 0x9F else f"<U+{point:04X}>"


def shown(text: str, allow: str = "") -> str:
    """``text`` with every unsafe character (but those in ``allow``) written visibly."""
    pattern = unsafe_pattern(allow)
    return pattern.sub(_visible, text) if pattern.search(text) else text


def first_unsafe(text: str, allow: str = "") -> str | None:
    """The first unsafe character of ``text`` (but those in ``allow``) as shown, or ``None``."""
    match = unsafe_pattern(allow).search(text)
    return None if match is None else _visible(match)


def is_safe(text: str, allow: str = "") -> bool:
    """Whether ``text`` holds no unsafe character (but those in ``allow``)."""
    return unsafe_pattern(allow).search(text) is None


def cleaned(text: str) -> tuple[str, int]:
    """``text`` without its unsafe characters, and how many were taken out.

    For what a patient types (a note): a stray arrow key in a terminal
    without line editing types an ESC.  The caller tells the patient when
    anything was taken out, so nothing goes silently.
    """
    pattern = unsafe_pattern("")
    return pattern.subn("", text) if pattern.search(text) else (text, 0)


#: What a front end tells the patient when :func:`cleaned` took characters out of a note.
CLEANED_NOTE = (
    "Your note held characters a screen cannot show (from an arrow or Escape key, "
    "perhaps); they were left out, the rest of the note is kept."
)


def escape_json_text(text: str) -> str:
    """JSON text (as ``json.dumps`` writes it) with every unsafe character as a ``\\uXXXX`` escape.

    ``json.dumps`` escapes C0 controls but writes DEL, C1 and format characters
    as themselves; an escape is the same JSON value, so a backup still reads
    back exactly, and the text is safe on a terminal.  Line breaks and tabs
    outside strings are the layout, and stay.
    """
    # JSON text holds no raw C0 control but its layout's line breaks and tabs, so ASCII
    # text without DEL has nothing to escape (checked in C, far faster than the pattern).
    if text.isascii() and "\x7f" not in text:
        return text
    pattern = unsafe_pattern(LINE_BREAKS)
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


#: What a spreadsheet reads as the start of a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: a leading ``'`` when it would start a formula.

    For text cells only: a number such as ``-2`` is written as it is.
    """
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
