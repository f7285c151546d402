"""Plain mode's safety conversations: the stop rules before and during a session, "this hurts".

* Before a session :func:`confirm_stop_rules` prints the therapist's stop rules
  and contact (:func:`tui.core.session.safety.stop_rules`) and waits for Enter;
  when pain before reached the routine's ``pain_stop`` it asks "not today" or
  "start anyway" instead.
* During a session :func:`show_rules` prints them again with the clock paused,
  and :func:`this_hurts` pauses, asks how bad it is on the 0-10 scale, prints
  the rules and offers the three choices of
  :class:`~tui.core.session.safety.HurtChoice`.

Nothing here imports Textual or Rich.
"""

from __future__ import annotations

from collections.abc import Callable

from tui.core.session import ratings
from tui.core.session.engine import CueEvent, EngineState
from tui.core.session.runner import SessionRunner
from tui.core.session.safety import HURT_QUESTION, HurtChoice, StopRules
from tui.plain.questions import Questions
from tui.session_setup import RulesAnswer

#: How the stop rules are named in the help and in what the patient can type.
RULES_WORDS = ("i", "rules", "safety")
#: The line after the rules before a session: what to type.
START_PROMPT = "Press Enter to start (q and Enter: stop here, nothing is saved):"
NOT_TODAY_PROMPT = 'Press Enter alone for "Not today", or type s and Enter to start anyway:'


#: Said when the input ends at one of these questions.
_AT_END = "(End of input.)"


#: The words that choose after "this hurts"; Enter alone (and the end of input) carries on.
HURT_WORDS = {
    "": HurtChoice.CARRY_ON,
    "c": HurtChoice.CARRY_ON,
    "carry on": HurtChoice.CARRY_ON,
    "s": HurtChoice.SKIP_EXERCISE,
    "skip": HurtChoice.SKIP_EXERCISE,
    "q": HurtChoice.END_SESSION,
    "end": HurtChoice.END_SESSION,
    "stop": HurtChoice.END_SESSION,
}
HURT_PROMPT = (
    f"Type c (or Enter alone): {HurtChoice.CARRY_ON.value.lower()}; "
    f"s: {HurtChoice.SKIP_EXERCISE.value.lower()}; q: {HurtChoice.END_SESSION.value.lower()}."
)


def confirm_stop_rules(ask: Questions, rules: StopRules) -> RulesAnswer:
    """Print the stop rules and wait for the patient's answer.

    At the end of the input the session starts, as after Enter, unless pain
    before reached the stop level: then it is "not today", the safe answer.
    """
    ask.say("")
    for line in rules.lines():
        ask.say(line)
    ask.say('During the session: type h for "this hurts", i to see these rules again.')
    if rules.offer_not_today:
        ask.prompt(NOT_TODAY_PROMPT)
        answer = (ask.read_answer(_AT_END) or "").strip().lower()
        starts = answer in ("s", "start", "start anyway")
        return RulesAnswer.START if starts else RulesAnswer.NOT_TODAY
    ask.prompt(START_PROMPT)
    answer = (ask.read_answer(_AT_END) or "").strip().lower()
    return RulesAnswer.STOP if answer in ("q", "quit", "stop") else RulesAnswer.START


def show_rules(
    ask: Questions, runner: SessionRunner, rules: StopRules, emit: Callable[[list[CueEvent]], None]
) -> None:
    """Print the stop rules with the clock paused; Enter carries on (the clock runs again)."""
    was_running = runner.engine.state is EngineState.RUNNING
    if was_running:
        emit(runner.toggle_pause())
    for line in rules.lines():
        ask.say(line)
    ask.prompt("The clock is paused. Press Enter to carry on:")
    ask.read_answer(_AT_END)
    if was_running and runner.engine.state is EngineState.PAUSED:
        emit(runner.toggle_pause())
        ask.say("Resumed.")


def this_hurts(
    ask: Questions, runner: SessionRunner, rules: StopRules, emit: Callable[[list[CueEvent]], None]
) -> HurtChoice:
    """Pause, ask how bad it is, print the rules and carry out the patient's choice."""
    current = runner.engine.current
    emit(runner.hurt())
    name = current.name if current is not None else "this part"
    ask.say(f'"This hurts" noted during {name}. The clock is paused.')
    value = ask.rating(
        (HURT_QUESTION, f"{ratings.PAIN_ANCHOR_LINE}. Press Enter alone to skip."),
        "Pain now (0-10):",
    )
    if value is not None:
        ask.say(f"Pain {ratings.pain_label(value)}.")
    runner.rate_hurt(value)
    for line in rules.lines():
        ask.say(line)
    choice = _hurt_choice(ask)
    ask.say(f"{choice.value}." if choice is not HurtChoice.END_SESSION else _ENDING)
    emit(runner.after_hurt(choice))
    return choice


_ENDING = "Ending the session. What you did is saved."


def _hurt_choice(ask: Questions) -> HurtChoice:
    """The choice after "this hurts"; asked again for an unknown answer, carry on at the end."""
    while True:
        ask.prompt(HURT_PROMPT)
        answer = ask.read_answer(_AT_END)
        if answer is None:
            return HurtChoice.CARRY_ON
        choice = HURT_WORDS.get(answer.strip().lower())
        if choice is not None:
            return choice
        ask.say("Please type c, s or q.")
