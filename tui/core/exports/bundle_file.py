"""A FHIR Bundle written to a file entry by entry, never held whole.

The layout is compact JSON with one entry per line::

    {"resourceType":"Bundle","type":"transaction","timestamp":"...","entry":[
    {"fullUrl":"urn:uuid:...","resource":{...},"request":{...}},
    {"fullUrl":"urn:uuid:...","resource":{...},"request":{...}}
    ]}

the same Bundle ``json.load`` (and every FHIR server) reads from an indented
file, written by json's C encoder: an indented layout goes through its
pure-Python encoder, which took most of the time of a 100,000-session export.
One entry per line also keeps the file readable, and diffable, line by line.
A history of 100,000 sessions is a Bundle of some ninety megabytes; this keeps
one entry in memory at a time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import IO, Any

#: How the compact head ends while its entry list is empty.
_EMPTY_TAIL = '"entry":[]}'
#: json's C encoder: no indent, no spaces after separators, text kept as it is.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


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

    ``escape`` is applied to every entry's text (it must keep JSON the same
    JSON, as :func:`tui.core.safe_text.escape_json_text` does).  A newline
    ends the file.
    """
    text = _ENCODE(head)
    if not text.endswith(_EMPTY_TAIL) or head["entry"]:
        raise ValueError("the head's entry list must be its last key and empty")
    out.write(escape(text[: -len("]}")]))
    separator = "\n"
    for entry in entries:
        out.write(separator)
        out.write(escape(_ENCODE(entry)))
        separator = ",\n"
    out.write("\n]}\n")
