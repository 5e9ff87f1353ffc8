"""What a page says while it computes: "Đang tính …" with what is being computed.

Streamlit's spinner appears only after 0.5 s (``streamlit.elements.spinner.DELAY_SECS``),
so a cached answer shows nothing and a new session on a busy server, whose first
simulation or target assessment takes seconds, sees what it waits for instead of only the
small "Running…" in the corner.
"""

from __future__ import annotations

from typing import Any

from text.i18n import t


def working(container: Any, what: str, lang: str, **values: object) -> Any:
    """A context manager: a spinner "Đang tính {what}…" in ``container`` while the block runs.

    what : a catalogue key under ``common.working.`` (``forecast``, ``targets``, ``setup``);
    the study's words (``goal_year``…, :func:`ui.words.study_words`) are filled in
    """
    from ui.words import study_words

    text = t(f"common.working.{what}", lang, **{**study_words(), **values})
    return container.spinner(t("common.working", lang, what=text))
