"""The themes (high contrast: white on black with yellow highlights, one key away: ctrl+t), and
the Rich styles drawn in a theme's colours."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.theme import Theme

if TYPE_CHECKING:
    from textual.widget import Widget

    from tui.core.history import SessionSummary

HIGH_CONTRAST = "supple-high-contrast"

#: Maximum contrast for low vision and bright rooms; every colour passes WCAG AAA on black.
HIGH_CONTRAST_THEME = Theme(
    name=HIGH_CONTRAST,
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#303030",
    warning="#FFB000",
    error="#FF6060",
    success="#60FF60",
    dark=True,
    variables={
        "border": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#FFFF00 40%",
    },
)

#: The theme used when the user has not chosen one.
DEFAULT_THEME = "textual-dark"


def theme_style(widget: Widget, name: str, fallback: str) -> Style:
    """A bold Rich style in the app theme's colour ``name`` (e.g. ``success``)."""
    colour = widget.app.theme_variables.get(name, fallback)
    return Style(color=colour, bold=True)


def pain_cell(summary: SessionSummary, good: Style, bad: Style) -> Text:
    """Pain before -> after, the after marked ``good`` (▼) or ``bad`` (▲) when it changed enough.

    The text is :func:`~tui.core.session.ratings.pain_pair_text`, so the arrow (not only the
    colour) says which way, by the one 2-point rule.
    """
    # Imported here: the app's start-up imports this module, and needs no ratings.
    from tui.core.session.ratings import PainTrend, pain_pair_text, pain_trend

    cell = pain_pair_text(summary.pain_before, summary.pain_after)
    head, arrow_and_after = cell.split(" -> ", 1)
    change = pain_trend(summary.pain_before, summary.pain_after)
    text = Text(f"{head} -> ")
    style = good if change is PainTrend.IMPROVED else bad if change is PainTrend.WORSE else ""
    text.append(arrow_and_after, style)
    return text
