"""Kept only for pages/register.py, which still imports ``md_escape`` from here: the sharing
widgets now live in a module each (ui/presets.py, ui/links.py, ui/scenario_files.py,
ui/slots.py, ui/levers.py, ui/comparison.py, ui/big_numbers.py). Delete this file once that
page imports :func:`ui.safe_text.md_escape`."""

from ui.safe_text import md_escape

__all__ = ["md_escape"]
