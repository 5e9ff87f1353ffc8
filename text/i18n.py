"""Language: string look-up and number formatting that follows the language.

Vietnamese (default) writes ``0,7629`` and ``1.234``; English ``0.7629`` and ``1,234``.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any

from text.catalogue import CATALOGUE

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"


def t(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang``, with ``{name}`` placeholders filled from ``values``.

    A missing key raises ``KeyError``: a test walks every page in both languages,
    so a typo fails there instead of showing a raw key to a user.
    """
    vi, en = CATALOGUE[key]
    text = en if lang == "en" else vi
    return text.format(**values) if values else text


def fmt_num(x: float | int | None, lang: str, decimals: int = 0) -> str:
    """``x`` with ``decimals`` decimals, using the language's decimal and group marks.

    ``None`` and NaN give an en dash, so a missing figure is never shown as 0.
    """
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    text = f"{x:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def fmt_rank(value: float, lang: str) -> str:
    """A rank as a whole number, or with one decimal when it is a median between two ranks."""
    return fmt_num(value, lang, 0 if float(value).is_integer() else 1)


def fmt_pct(p: float | None, lang: str, decimals: int = 0) -> str:
    """A probability or share in [0, 1] as a percentage, e.g. ``72 %`` (vi, with a no-break
    space: a narrow screen never puts the "%" on the next line) / ``72%`` (en)."""
    if p is None or (isinstance(p, float) and not math.isfinite(p)):
        return "–"
    number = fmt_num(100.0 * p, lang, decimals)
    return f"{number}\u00a0%" if lang == "vi" else f"{number}%"  # no line break before "%"


#: The Vietnamese alphabet's letter order (đ after d, ă and â after a, ê after e, ô and ơ after
#: o, ư after u); tone marks sort after the letter, as in Vietnamese dictionaries.
_VI_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_VI_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def vi_sort_key(text: str) -> tuple:
    """Sort key that orders Vietnamese names as Vietnamese readers expect (letters first,
    then tone marks; "TP." and other prefixes are not skipped)."""
    import unicodedata

    letters: list[tuple[int, str]] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", text.lower()):
        if ch in _VI_TONES:
            tones[-1:] = [_VI_TONES[ch]] if tones else []
            continue
        if unicodedata.combining(ch):  # the letter-forming marks: breve, circumflex, horn
            if letters:
                composed = unicodedata.normalize("NFC", letters[-1][1] + ch)
                letters[-1] = (_VI_LETTERS.find(composed), composed)
            continue
        base = "đ" if ch == "đ" else ch
        # a word ends before any letter ("Cà Mau" before "Cao Bằng"); other signs after letters
        rank = -1 if not base.isalnum() else _VI_LETTERS.find(base) if base in _VI_LETTERS else 100 + ord(base)
        letters.append((rank, base))
        tones.append(0)
    return tuple(i for i, _ in letters), tuple(tones)
def fmt_stored(x: float | None, lang: str) -> str:
    """A figure as stored in a data file (shortest form, up to 10 significant digits, no
    thousands groups), with the language's decimal mark: ``0,8002`` (vi) / ``0.8002`` (en).
    Empty for a missing value, as in the file."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return ""
    text = f"{float(x):.10g}"
    return text.replace(".", ",") if lang == "vi" else text


def data_table(frame: Any, lang: str) -> Any:
    """``frame`` for ``st.dataframe`` with its decimals written in ``lang`` (a pandas
    Styler in Vietnamese: the browser would write them with its own locale's mark; the
    cells keep their numbers, so a column still sorts as numbers). English: unchanged."""
    if lang == "en":
        return frame
    floats = list(frame.select_dtypes("float").columns)
    if not floats:
        return frame
    return frame.style.format({column: partial(fmt_stored, lang=lang) for column in floats})


def delta_arrow(value: float, base: float, shown: str, shown_base: str) -> str:
    """``st.metric``'s ``delta_arrow`` for a scenario value against its baseline: none when
    the two read the same ("72 %" and "72 %": a "↑" there said the scenario was better),
    else the direction of the change. The delta is a text ("cơ sở: 72 %"), whose sign
    Streamlit cannot read."""
    if shown == shown_base or value == base:
        return "off"
    return "up" if value > base else "down"
