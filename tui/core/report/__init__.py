"""The clinic report: :func:`gather_report` reads it, :func:`render_report` writes the page."""

from tui.core.report.gather import ReportData, gather_report
from tui.core.report.page import render_report

__all__ = ["ReportData", "gather_report", "render_report"]
