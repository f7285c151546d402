"""The routine format, stated once: every key, its type, bounds, default and meaning.

The tables here (``ROUTINE_KEYS``, ``STEP_KEYS``, ``TEMPO_KEYS``, ``BLOCK_KEYS``,
``CUE_KEYS``) and the limits beside them are the only statement of what a routine
file may hold.  :mod:`tui.core.routine.loader` checks files against them,
:mod:`tui.core.routine.schema` builds the editors' JSON Schema from them, and
``docs/routine-format.md`` documents them for therapists.

Adding a step kind touches exactly two files of this room (``tui/core/routine/``):

1. ``model.py``: a :class:`~tui.core.routine.model.StepKind` member, and a field
   on :class:`~tui.core.routine.model.Step` (with a default) for each new key.
2. ``spec.py`` (here):

   a. the kind in words in the ``kind`` key's description (``STEP_KEYS``);
   b. the kind in the ``kinds`` (and ``required_for``) of each existing step key
      it takes, through ``_EXERCISE_KINDS`` / ``_SIDED_KINDS`` where it fits;
   c. its own keys in ``STEP_KEYS``, each one it requires with an ``example``;
   d. one case in :func:`cue_unit`: what a cue's ``at`` counts into, or ``None``
      (mypy's exhaustiveness check, ``assert_never``, fails until it is there).

Nothing else here changes: the checker, the schema and the line finding read
these tables, and ``tests/unit/routine/test_spec.py`` fails for a kind left out
of the ``kind`` description or lacking an example of a key it requires.
Outside this room a kind needs its timeline rule, its wording, and its rows in
``docs/routine-format.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, assert_never

from tui.core.routine.model import (
    DEFAULT_COUNTS_WHEN_DONE,
    PAIN_CAUTION_DEFAULT,
    PAIN_STOP_DEFAULT,
    ROUTINE_FORMAT_VERSION,
    SAFETY_CONFIRM_DAILY,
    SAFETY_CONFIRM_EVERY,
    Block,
    PainSite,
    Sides,
    StepKind,
    Tempo,
)
from tui.core.safe_text import LINE_BREAKS, unsafe_class

#: Largest routine file accepted, in bytes (checked before parsing).
MAX_FILE_BYTES = 256 * 1024
#: Most steps in one routine.
MAX_STEPS = 500
#: Longest line of a list of lines (such as ``safety``).
MAX_LINE_LENGTH = 300
#: Longest tempo phase, in seconds.
TEMPO_PHASE_HIGH = 30.0
#: Bounds of one paced rep (all tempo phases together), in seconds.
TEMPO_REP_LOW, TEMPO_REP_HIGH = 1.0, 60.0
#: A tempo written as text: up-hold-down seconds, optionally -pause ("2-1-2", "2-1-2-1").
TEMPO_TEXT = r"\s*[0-9]+(\.[0-9]+)?(\s*-\s*[0-9]+(\.[0-9]+)?){2,3}\s*"

#: A step's picture: its path, relative to the routine's folder, and the bounds of the file.
#: Kept small so a routine folder stays small and a report stays light to send.
MAX_PICTURE_PATH = 200
MAX_PICTURE_BYTES = 2 * 1024 * 1024
#: Widest and tallest picture, in pixels (a decoded picture is width x height x 4 bytes).
MAX_PICTURE_PIXELS = 4096
#: The picture files a step may name, by suffix (lower case).
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg")
#: A picture's path as text: relative, "/" between folders, a picture suffix; ``..``
#: and empty folder names are refused by the checker, which also words each mistake.
PICTURE_PATH = r"[^/\\:][^\\:]*\.([pP][nN][gG]|[jJ][pP][eE]?[gG])"

#: The tables a routine file holds at its top level.
TOP_KEYS = ("routine", "step")

ValueType = Literal[
    "text",  # one line of text
    "paragraph",  # text that may span lines
    "whole",  # a whole number
    "duration",  # seconds, or text like "30s"
    "bool",
    "choice",  # one of ``choices``
    "lines",  # a list of one-line texts (with ``choices``: each one of them, once)
    "tempo",
    "blocks",  # at least one block
    "cues",
    "version",
    "picture",  # a picture file's path, relative to the routine's folder
]

_ALL_KINDS = frozenset(StepKind)
_EXERCISE_KINDS = frozenset({StepKind.HOLD, StepKind.REPS, StepKind.INTERVAL})
_SIDED_KINDS = frozenset({StepKind.HOLD, StepKind.REPS})


def forbidden_characters(kind: Literal["text", "paragraph"]) -> str:
    r"""The characters a text of ``kind`` may not hold, as a regular-expression class body.

    What :mod:`tui.core.safe_text` never shows as itself (controls, bidi and
    zero-width characters); a paragraph may hold tabs and line breaks.
    Written with ``\uXXXX`` escapes, which Python's ``re`` and JSON Schema's
    (ECMA-262) patterns both read, so the loader and the schema share it.
    """
    return unsafe_class(LINE_BREAKS if kind == "paragraph" else "")


@dataclass(frozen=True)
class KeySpec:
    """One key of the routine format: its type, bounds, default and meaning."""

    name: str
    type: ValueType
    title: str
    description: str
    required: bool = False
    #: The value used when the key is left out (``None``: no default).
    default: object = None
    #: Bounds, inclusive (seconds for durations).
    low: float | None = None
    high: float | None = None
    #: Longest text, or most items of a list.
    max_length: int | None = None
    #: The words a choice (or each line of a list of lines) may be.
    choices: tuple[str, ...] = ()
    #: Step keys: the kinds of step that take the key.
    kinds: frozenset[StepKind] = _ALL_KINDS
    #: Step keys: the kinds of step that must have it.
    required_for: frozenset[StepKind] = frozenset()
    #: A short example, shown when the key is missing.
    example: str = ""


ROUTINE_KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "title",
        "text",
        "Title",
        "The routine's name as the patient sees it.",
        required=True,
        max_length=120,
        example='title = "Gentle stretches, week 1"',
    ),
    KeySpec(
        "version",
        "version",
        "Format version",
        "The routine format version; only 1 exists.",
        default=ROUTINE_FORMAT_VERSION,
    ),
    KeySpec(
        "author",
        "text",
        "Author",
        "The clinic or therapist who wrote the routine.",
        default="",
        max_length=120,
    ),
    KeySpec(
        "description",
        "paragraph",
        "Description",
        "What the routine is for, in a few sentences.",
        default="",
        max_length=4000,
    ),
    KeySpec(
        "sessions_per_day",
        "whole",
        "Sessions per day",
        "Prescription: how many times a day to do the routine.",
        low=1,
        high=10,
    ),
    KeySpec(
        "days_per_week",
        "whole",
        "Days per week",
        "Prescription: on how many days a week to do the routine.",
        low=1,
        high=7,
    ),
    KeySpec(
        "counts_when_done",
        "whole",
        "Counts when done (percent)",
        "A finished session counts toward the prescription only when at least this percent "
        "of its planned exercise time was done (holds, sets and blocks; rests left out).",
        default=DEFAULT_COUNTS_WHEN_DONE,
        low=50,
        high=100,
    ),
    KeySpec(
        "get_ready",
        "duration",
        "Get ready",
        "Lead-in before each exercise step (not before rest steps); 0 turns it off.",
        default=5.0,
        low=0,
        high=60,
    ),
    KeySpec(
        "ask_pain_before",
        "bool",
        "Ask pain before",
        "Ask for a 0-10 pain rating before the session (one after it is always offered).",
        default=True,
    ),
    KeySpec(
        "pain_sites",
        "lines",
        "Pain sites",
        'Rate pain separately for these sites before and after the session, e.g. ["leg", '
        '"back"]; left out, one pain number is asked.  The worse of the sites is the pain '
        "that pain_caution and pain_stop apply to.",
        default=(),
        max_length=len(PainSite),
        choices=tuple(site.value for site in PainSite),
    ),
    KeySpec(
        "voice",
        "bool",
        "Voice",
        "Speak the cues aloud (true) or not (false); left out, the patient's setting decides.",
    ),
    KeySpec(
        "safety",
        "lines",
        "Safety",
        "The therapist's stop rules, one line each, shown before and during the session.",
        default=(),
        max_length=20,
    ),
    KeySpec(
        "contact",
        "text",
        "Contact",
        "Who to call with questions, e.g. the clinic's phone.",
        default="",
        max_length=300,
    ),
    KeySpec(
        "after_injection",
        "bool",
        "After an injection",
        "true for a programme that follows a spinal injection: the safety notice then adds "
        "the injection warning signs (site, fever, positional headache).",
        default=False,
    ),
    KeySpec(
        "warning_signs",
        "lines",
        "Warning signs",
        "The routine's own warning signs, one line each, shown in the safety notice under "
        '"contact your clinic", after the fixed ones.',
        default=(),
        max_length=10,
    ),
    KeySpec(
        "safety_confirm",
        "choice",
        "Confirm the stop rules",
        'When the patient confirms the stop rules before a session: "every session" '
        '(the default) or "once a day" (before the first session of this routine each day; '
        "they are shown again whenever pain before reaches pain_stop).",
        default=SAFETY_CONFIRM_EVERY,
        choices=(SAFETY_CONFIRM_EVERY, SAFETY_CONFIRM_DAILY),
    ),
    KeySpec(
        "pain_caution",
        "whole",
        "Pain caution level",
        "Pain (0-10) from which the patient is reminded to take it gently; below pain_stop.",
        default=PAIN_CAUTION_DEFAULT,
        low=1,
        high=9,
    ),
    KeySpec(
        "pain_stop",
        "whole",
        "Pain stop level",
        'Pain (0-10) from which the patient sees the stop rules and chooses "not today" '
        "before a session, and the safety notice after one or after a 'this hurts' rating.",
        default=PAIN_STOP_DEFAULT,
        low=1,
        high=10,
    ),
)

STEP_KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "kind",
        "choice",
        "Kind",
        "hold: timed holds; reps: sets of repetitions; interval: timed blocks such as "
        "walk/sit; rest: a pause.",
        required=True,
        choices=tuple(k.value for k in StepKind),
        example='kind = "hold"',
    ),
    KeySpec(
        "name",
        "text",
        "Name",
        "The exercise's name.",
        required=True,
        max_length=80,
        example='name = "Lying hamstring stretch"',
    ),
    KeySpec(
        "instructions",
        "paragraph",
        "Instructions",
        "How to do the exercise.",
        default="",
        max_length=2000,
    ),
    KeySpec(
        "sides",
        "choice",
        "Sides",
        "none, left or right: one side; both: every unit on the left, then every unit on "
        "the right; alternate: left, right, left, right.",
        default="none",
        choices=tuple(s.value for s in Sides),
        kinds=_SIDED_KINDS,
    ),
    KeySpec(
        "hold",
        "duration",
        "Hold",
        "Length of one hold.",
        low=1,
        high=600,
        kinds=frozenset({StepKind.HOLD}),
        required_for=frozenset({StepKind.HOLD}),
        example='hold = "30s"',
    ),
    KeySpec(
        "reps",
        "whole",
        "Reps",
        "hold steps: holds per side (default 1); reps steps: repetitions per set (required).",
        default=1,
        low=1,
        high=100,
        kinds=_SIDED_KINDS,
        required_for=frozenset({StepKind.REPS}),
        example="reps = 10",
    ),
    KeySpec(
        "sets",
        "whole",
        "Sets",
        "Number of sets (per side).",
        default=1,
        low=1,
        high=20,
        kinds=frozenset({StepKind.REPS}),
    ),
    KeySpec(
        "rest",
        "duration",
        "Rest",
        "Rest between holds (hold) or between sets (reps).",
        default=0.0,
        low=0,
        high=600,
        kinds=_SIDED_KINDS,
    ),
    KeySpec(
        "switch",
        "duration",
        "Switch",
        "Time to change sides (sides both or alternate).",
        default=5.0,
        low=0,
        high=120,
        kinds=_SIDED_KINDS,
    ),
    KeySpec(
        "tempo",
        "tempo",
        "Tempo",
        'Seconds per phase of each rep, as { up = 2, hold = 2, down = 2 } or "2-2-2" '
        "(up-hold-down, optionally -pause); left out, the patient ends each set.",
        kinds=frozenset({StepKind.REPS}),
    ),
    KeySpec(
        "blocks",
        "blocks",
        "Blocks",
        "Timed blocks played in order, e.g. a walk then a sitting rest.",
        max_length=50,
        kinds=frozenset({StepKind.INTERVAL}),
        required_for=frozenset({StepKind.INTERVAL}),
        example='blocks = [{ label = "Walk at an easy pace", duration = "5m" }]',
    ),
    KeySpec(
        "repeat",
        "whole",
        "Repeat",
        "How many times the blocks are played.",
        default=1,
        low=1,
        high=50,
        kinds=frozenset({StepKind.INTERVAL}),
    ),
    KeySpec(
        "duration",
        "duration",
        "Duration",
        "Length of the rest.",
        low=1,
        high=1800,
        kinds=frozenset({StepKind.REST}),
        required_for=frozenset({StepKind.REST}),
        example='duration = "1m"',
    ),
    KeySpec(
        "cues",
        "cues",
        "Cues",
        "Text shown (and spoken where voice is on) at an offset into each hold, set or block.",
        default=(),
        max_length=20,
        kinds=_EXERCISE_KINDS,
    ),
    KeySpec(
        "image",
        "picture",
        "Picture",
        "A picture of the exercise (PNG or JPEG), shown beside the instructions where the "
        "terminal can draw it and in the clinic report: its path relative to the routine's "
        'folder, e.g. "pictures/bird-dog.png". Needs image_alt.',
        max_length=MAX_PICTURE_PATH,
        kinds=_EXERCISE_KINDS,
    ),
    KeySpec(
        "image_alt",
        "text",
        "Picture description",
        "What the picture shows, in words: said in plain mode and read by screen readers "
        "instead of the picture. Required when image is given.",
        max_length=200,
        kinds=_EXERCISE_KINDS,
    ),
)

#: The phases of one paced rep, in the order a rep plays them and a tempo text lists them.
TEMPO_KEYS: tuple[KeySpec, ...] = tuple(
    KeySpec(phase, "duration", phase.capitalize(), text, default=0.0, low=0, high=TEMPO_PHASE_HIGH)
    for phase, text in (
        ("up", "Seconds to lift or push."),
        ("hold", "Seconds to hold at the top."),
        ("down", "Seconds to lower."),
        ("pause", "Seconds to rest before the next rep."),
    )
)

BLOCK_KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "label",
        "text",
        "Label",
        'What to do in this block, e.g. "Walk at an easy pace".',
        required=True,
        max_length=80,
        example='label = "Walk at an easy pace"',
    ),
    KeySpec(
        "duration",
        "duration",
        "Duration",
        "Length of the block.",
        required=True,
        low=5,
        high=7200,
        example='duration = "5m"',
    ),
)

CUE_KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "at",
        "duration",
        "At",
        "When to show the text, counted from the start of each hold, set or block; it must "
        "fall inside it.",
        required=True,
        low=0,
        high=7200,
        example='at = "15s"',
    ),
    KeySpec(
        "text",
        "text",
        "Text",
        'The words to show, e.g. "Breathe out slowly".',
        required=True,
        max_length=200,
        example='text = "Breathe out slowly"',
    ),
)


# --------------------------------------------------------------------------- rules of each kind


def cue_unit(kind: StepKind, values: Mapping[str, Any]) -> tuple[float, str] | None:
    """The length of the unit a step's cues count into, and its name with a ``{}`` for it.

    ``values`` are the step's checked values by key.  ``None`` when the step has
    no such unit (a rest, a self-paced set) or the key that gives its length has a
    problem of its own.
    """
    match kind:
        case StepKind.HOLD:
            hold: float | None = values.get("hold")
            return None if hold is None else (hold, "the {} hold")
        case StepKind.REPS:
            reps: int | None = values.get("reps")
            tempo: Tempo | None = values.get("tempo")
            if reps is None or tempo is None:
                return None  # a self-paced set has no fixed end
            return reps * tempo.seconds, "the {} set"
        case StepKind.INTERVAL:
            blocks: tuple[Block, ...] | None = values.get("blocks")
            if blocks is None:
                return None
            return max(block.seconds for block in blocks), "the longest block ({})"
        case StepKind.REST:
            return None  # a rest takes no cues
        case _:
            assert_never(kind)


def pain_levels_problem(fields: Mapping[str, Any]) -> tuple[str, str] | None:
    """The key to blame and the problem when ``pain_caution`` is not below ``pain_stop``.

    ``fields`` are the checked ``[routine]`` values; a level left out is its default.
    """
    caution = fields.get("pain_caution", PAIN_CAUTION_DEFAULT)
    stop = fields.get("pain_stop", PAIN_STOP_DEFAULT)
    if caution < stop:
        return None
    key = "pain_caution" if "pain_caution" in fields else "pain_stop"
    return key, f"'pain_caution' ({caution}) must be lower than 'pain_stop' ({stop})"
