"""A scripted plain-mode session: a fake clock, typed lines, a history log, small routines."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tui.core.routine.model import Block, Routine, Sides, Step, StepKind, Tempo, TextCue
from tui.core.session.engine import SegmentRecord
from tui.core.session.ratings import SitePain
from tui.core.session.status import SessionStatus

#: One step of a scripted plain session: a typed line, seconds to wait, or a call.
Item = str | float | Callable[[], None]


@dataclass
class FakeTime:
    """A monotonic clock that only moves when something waits."""

    now: float = 500.0
    slept: float = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.slept += seconds


class ScriptedLines:
    """Input from a script: a str is a typed line, a float waits that many (fake) seconds,
    a callable runs (e.g. to press Ctrl-C).  The end of the script is the end of input."""

    def __init__(
        self, time: FakeTime, script: Sequence[Item], *, interactive: bool = False
    ) -> None:
        self.time = time
        self.script = list(script)
        self._interactive = interactive

    @property
    def interactive(self) -> bool:
        return self._interactive

    @property
    def at_eof(self) -> bool:
        return not self.script

    def read_line(self, timeout: float | None) -> str | None:
        if not self.script:
            return None
        head = self.script[0]
        if isinstance(head, str):
            self.script.pop(0)
            return head
        if callable(head):
            self.script.pop(0)
            head()
            return None
        step = head if timeout is None else min(head, timeout)
        self.time.sleep(step)
        if head - step <= 1e-9:
            self.script.pop(0)
        else:
            self.script[0] = head - step
        return None


@dataclass
class FakeLog:
    calls: list[tuple[str, object]] = field(default_factory=list)

    def begin(self, pain_before: int | None, sites: SitePain | None = None) -> None:
        self.calls.append(("begin", pain_before))
        if sites is not None:
            self.calls.append(("sites_before", sites))

    def segment_ended(self, record: SegmentRecord) -> None:
        self.calls.append(("segment", record))

    def session_ended(self, status: SessionStatus) -> None:
        self.calls.append(("ended", status))

    def set_pain_after(self, value: int | None, sites: SitePain | None = None) -> None:
        self.calls.append(("pain_after", value))
        if sites is not None:
            self.calls.append(("sites_after", sites))

    def set_effort(self, value: int | None) -> None:
        self.calls.append(("effort", value))

    def set_note(self, text: str | None) -> None:
        self.calls.append(("note", text))

    def finish(self) -> None:
        self.calls.append(("finish", None))

    def not_today(self, pain_before: int | None, sites: SitePain | None = None) -> None:
        self.calls.append(("not_today", pain_before))
        if sites is not None:
            self.calls.append(("sites_before", sites))

    @property
    def problem(self) -> str | None:
        return None

    def unsaved_copy(self) -> str | None:
        return None

    def named(self, name: str) -> list[object]:
        return [value for key, value in self.calls if key == name]


def routine(**fields: object) -> Routine:
    values: dict[str, object] = {
        "title": "Plain test",
        "get_ready": 3.0,
        "safety": ("Stop if pain spreads further down your leg.",),
        "contact": "Test clinic, 555-0100",
        "steps": (
            Step(
                StepKind.HOLD,
                "Lying hamstring stretch",
                instructions="Loop a towel round one foot.\n  Straighten the knee.",
                sides=Sides.BOTH,
                hold=30.0,
                reps=2,
                rest=10.0,
                switch=5.0,
                cues=(TextCue(10.0, "Breathe out slowly"),),
            ),
            Step(StepKind.REPS, "Glute bridge", reps=10, sets=3, rest=20.0, tempo=Tempo(2, 2, 2)),
            Step(StepKind.REPS, "Cat-camel", reps=8, sets=1),
            Step(StepKind.REST, "Rest", duration=15.0),
            Step(
                StepKind.INTERVAL,
                "Walk",
                blocks=(Block("Walk at an easy pace", 120.0), Block("Sit and rest", 60.0)),
                repeat=2,
            ),
        ),
    }
    values.update(fields)
    return Routine(**values)  # type: ignore[arg-type]
