"""What a page says while it computes (ui/progress.py): "Đang tính …" with what is computed."""

from __future__ import annotations

import contextlib

import pytest

from model.data import load_dataset
from model.study import build_study
from text.i18n import fmt_num
from ui import progress

STUDY = build_study(load_dataset())


class Recorder:
    """A stand-in for a Streamlit container: records the spinner's text."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def spinner(self, text: str):
        self.texts.append(text)
        return contextlib.nullcontext()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("vi", "Đang tính {draws} lượt mô phỏng thứ hạng đến {year}…"),
        ("en", "Computing {draws} simulated rankings to {year}…"),
    ],
)
def test_the_forecast_message_names_the_draws_and_the_goal_year_from_the_study(lang, expected):
    box = Recorder()
    with progress.working(box, "forecast", lang, draws=fmt_num(4000, lang)):
        pass
    assert box.texts == [expected.format(draws=fmt_num(4000, lang), year=STUDY.goal_year)]
    assert ("4.000" if lang == "vi" else "4,000") in box.texts[0]  # the language's thousands mark


def test_the_target_and_setup_messages_say_what_is_computed():
    box = Recorder()
    with progress.working(box, "targets", "vi", n=19):
        pass
    with progress.working(box, "setup", "en", frame=34):
        pass
    assert box.texts == [
        "Đang tính tiến độ 19 chỉ tiêu của Kế hoạch…",
        "Computing the model for the 34-unit frame (first time after the server started)…",
    ]
