"""The commented starter routine that ``supple new FILE`` writes for a therapist to edit."""

from __future__ import annotations

#: File name of the JSON Schema written beside a new routine (for editors).
SCHEMA_FILE_NAME = "supple-routine.schema.json"

STARTER_ROUTINE = f"""\
#:schema ./{SCHEMA_FILE_NAME}
# A supple routine (format version 1). Edit the values below, then check the
# file with:   supple check THIS_FILE      and review it with:   supple show THIS_FILE
# Every key is described in the routine format guide (docs/routine-format.md).
# Durations are seconds (30) or text such as "30s", "2m" or "1m30s".
#
# The #:schema line above lets editors with a TOML language server (Taplo,
# "Even Better TOML" in VS Code) complete keys and flag mistakes as you type;
# `supple new` wrote that schema file beside this one (`supple schema` prints it).

[routine]
version = 1
title = "My routine"                 # required: what the patient sees
author = "Your clinic"               # optional
description = \"\"\"
What this routine is for, in a sentence or two.
\"\"\"
sessions_per_day = 2                 # optional prescription, 1 to 10
days_per_week = 7                    # optional prescription, 1 to 7
counts_when_done = 80                # a session counts when this percent (50-100) was done
get_ready = 5                        # seconds before each exercise; 0 turns it off
ask_pain_before = true               # ask for a 0-10 pain rating before the session
safety = [                           # your stop rules, one line each
    "Stop if pain spreads further down your leg.",
]
contact = "Your clinic's phone number goes here"
safety_confirm = "every session"     # or "once a day": when the patient confirms the rules
pain_caution = 4                     # pain (0-10) from which supple says "take it gently"
pain_stop = 6                        # pain from which it offers "not today" and shows the notice

# Each exercise is a [[step]]. kind is one of:
#   hold     - timed holds (stretches)
#   reps     - sets of repetitions, paced by a tempo or ended by the patient
#   interval - timed blocks in order, such as walking and sitting
#   rest     - a pause
# sides: "none" (default), "left", "right",
#        "both" (all on the left, then all on the right) or "alternate".

[[step]]
kind = "hold"
name = "Lying hamstring stretch"
instructions = "Loop a towel around one foot and raise the straight leg to a gentle stretch."
sides = "both"
hold = "30s"                         # length of one hold (1 s to 10 min)
reps = 3                             # holds per side
rest = "10s"                         # between holds
switch = "5s"                        # to change sides
cues = [{{ at = "15s", text = "Breathe out slowly" }}]

[[step]]
kind = "reps"
name = "Glute bridge"
instructions = "Lie on your back, knees bent, and lift your hips; lower slowly."
reps = 10                            # repetitions per set
sets = 3
rest = "60s"                         # between sets
# tempo: seconds per phase of each rep; leave it out to let the patient end each set
tempo = {{ up = 2, hold = 2, down = 2 }}

[[step]]
kind = "rest"
name = "Rest"
duration = "1m"

[[step]]
kind = "interval"
name = "Walk"
repeat = 2                           # how many times to play the blocks
blocks = [
    {{ label = "Walk at an easy pace", duration = "5m" }},
    {{ label = "Sit and rest", duration = "2m" }},
]
"""
