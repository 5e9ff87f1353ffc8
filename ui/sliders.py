"""Sliders whose numbers are written as the language writes them.

Streamlit 1.67 prints a slider's value and its two ends with a sprintf-style ``format`` in
the browser, which cannot write a decimal comma ("+0.25" in the Vietnamese view), and its
"localized" format follows the browser's locale, not the app's language. In the Vietnamese
view a slider drawn here therefore

- shows its value, written by :mod:`text.i18n` ("+0,10", "80 %", "1,5 %/năm"), in its label
  next to its range ("Hạ tầng số: +0,10 (0 – +0,37)");
- gets that text as its ``format`` (no placeholder: sprintf prints it as it is), so the
  slider's accessible value (``aria-valuetext``) is the same Vietnamese text;
- has Streamlit's own thumb value and end labels hidden (:data:`VI_CSS`, drawn once by
  ``app.py``): they would print the same text at both ends.

The widget itself does not change: same key, bounds, step and float value, still bound to
the URL, so old links keep working (``?lv_infra=0.1``). The English view keeps Streamlit's
own display. A widget's key, not its label or format, is its identity (Streamlit 1.67), so
the changing label does not reset it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import streamlit as st

from text.i18n import fmt_num, fmt_pct
from ui import cache, state

#: Streamlit's thumb value and end labels are hidden in the Vietnamese view: every slider
#: there is drawn by this module and writes its value and range in its label instead.
VI_CSS = (
    "<style>"
    '[data-testid="stSlider"] [data-testid="stSliderThumbValue"],'
    '[data-testid="stSlider"] [data-testid="stSliderTickBar"]{display:none}'
    "</style>"
)


@dataclass(frozen=True)
class NumberStyle:
    """How a slider's value is written.

    decimals : decimals shown
    sign : a "+" before positive values (a change: a lever, a push)
    unit : text after the number ("%/năm"), already in the shown language
    percent : the value is a share in [0, 1] shown as a percentage ("80 %")
    group : thousands grouped ("10.000" / "10,000"); off for years ("2030", whole numbers)
    """

    decimals: int = 0
    sign: bool = False
    unit: str = ""
    percent: bool = False
    group: bool = True

    def text(self, value: float, lang: str) -> str:
        """``value`` as the user reads it in ``lang``."""
        if self.percent:
            number = fmt_pct(value, lang, self.decimals)
        else:
            number = fmt_num(value, lang, self.decimals) if self.group else f"{value:.0f}"
        if self.sign and value > 0:
            number = "+" + number
        return f"{number} {self.unit}" if self.unit else number

    def sprintf(self) -> str | None:
        """The English view's sprintf format (Streamlit's own display, shown while dragging)."""
        if self.percent:
            return "percent"  # Streamlit's own: 0.8 -> "80%"
        if not (self.decimals or self.sign or self.unit):
            return None  # Streamlit's default for whole numbers
        spec = f"%{'+' if self.sign else ''}{',' if self.group and self.decimals == 0 else ''}.{self.decimals}f"
        return spec + (" " + self.unit.replace("%", "%%") if self.unit else "")


#: Whole numbers (grouped: 10.000 draws), years and seeds (not grouped: 2030).
WHOLE = NumberStyle()
YEAR = NumberStyle(group=False)


def current_value(key: str, lo: float, hi: float, default: float) -> float:
    """The value the slider ``key`` shows in this run: the session's, else the link's,
    else ``default`` (a link's value that is not a number in range is dropped by Streamlit)."""
    raw = state.bound_value(key)
    try:
        value = float(raw) if raw is not None else default
    except (TypeError, ValueError):
        return default
    return value if math.isfinite(value) and lo <= value <= hi else default


def shown(label: str, value: float, lo: float, hi: float, style: NumberStyle, lang: str) -> tuple[str, str | None]:
    """(label, format) of a slider showing ``value`` in [lo, hi]: the label with the value and
    range and the value as a literal format in Vietnamese; the label and sprintf in English."""
    if lang == "en":
        return label, style.sprintf()
    text = style.text(value, lang)
    ends = f"{style.text(lo, lang)} – {style.text(hi, lang)}"
    return f"{label}: **{text}** ({ends})", text.replace("%", "%%")


def param_slider(
    container: Any, key: str, label: str, lang: str, style: NumberStyle, *, hi: float | None = None, help: str | None = None
) -> float | int:
    """The slider of scenario parameter ``key`` (``state.bound_slider``: declared bounds,
    default, URL binding), its number written as ``lang`` writes it."""
    spec = cache.specs()[key]
    upper = spec.hi if hi is None else hi
    value = current_value(key, spec.lo, upper, spec.default)
    shown_label, fmt = shown(label, value, spec.lo, upper, style, lang)
    return state.bound_slider(container, key, shown_label, hi=hi, fmt=fmt, help=help)


def slider(
    container: Any,
    key: str,
    label: str,
    lang: str,
    style: NumberStyle,
    *,
    lo: float,
    hi: float,
    default: float,
    step: float,
    help: str | None = None,
    bound: bool = True,
) -> float:
    """A float slider on ``key`` (bound to the URL unless ``bound`` is False), its number
    written as ``lang`` writes it. For inputs that are not declared scenario parameters:
    a target's push, a mapping strength, the goal-seek probability."""
    value = current_value(key, lo, hi, default) if bound else float(container_value(key, default))
    shown_label, fmt = shown(label, value, lo, hi, style, lang)
    binding = {"bind": "query-params", "persist_state": "session"} if bound else {}
    return container.slider(
        shown_label,
        min_value=float(lo),
        max_value=float(hi),
        value=float(default),
        step=float(step),
        format=fmt,
        key=key,
        help=help,
        **binding,
    )


def container_value(key: str, default: float) -> float:
    """The session's value of an unbound widget ``key``, else ``default``."""
    value = st.session_state.get(key, default)
    return value if isinstance(value, int | float) else default
