"""A FHIR Bundle written to a file entry by entry, never held whole.

The text is exactly what ``json.dump(bundle, out, ensure_ascii=False,
indent=1)`` writes for the whole Bundle: its head (everything before the
entries), then each entry laid out at its depth, then the closing brackets.
A history of 100,000 sessions is a Bundle of several hundred megabytes; this
keeps one entry in memory at a time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import IO, Any

#: How the head ends while its entry list is empty (``indent=1``).
_EMPTY_TAIL = '"entry": []\n}'


def _unchanged(text: str) -> str:
    return text


def write_bundle(
    head: dict[str, Any],
    entries: Iterable[dict[str, Any]],
    out: IO[str],
    *,
    escape: Callable[[str], str] = _unchanged,
) -> None:
    """Write ``head`` (a Bundle whose ``entry`` is last and empty) with ``entries`` in it.

    ``escape`` is applied to every piece of text written (it must work
    character by character, as :func:`tui.core.safe_text.escape_json_text` does).
    A newline ends the file.
    """
    text = json.dumps(head, ensure_ascii=False, indent=1)
    if not text.endswith(_EMPTY_TAIL) or head["entry"]:
        raise ValueError("the head's entry list must be its last key and empty")
    opening = text[: -len("[]\n}")]
    separator = "[\n  "
    for entry in entries:
        # One entry at depth two: two spaces before each of its lines (a JSON
        # string never holds a raw line break, so every "\n" is the layout's).
        body = json.dumps(entry, ensure_ascii=False, indent=1).replace("\n", "\n  ")
        out.write(escape(opening + separator + body))
        opening, separator = "", ",\n  "
    out.write(escape(opening + "[]\n}\n") if opening else "\n ]\n}\n")
