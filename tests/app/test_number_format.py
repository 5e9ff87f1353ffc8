"""Every number a user sees is written as the view's language writes it (AppTest).

Walks every widget, text element, table and chart spec of every page in both languages.
Vietnamese: decimal comma, "." groups thousands, a space before "%" ("80 %"); English:
decimal point, "," groups thousands. A slider's value shown by Streamlit's sprintf format
(which can only print a decimal point) fails in the Vietnamese view.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from model.data import load_dataset

APP = "../../app.py"
PAGES = (
    "pages/overview.py",
    "pages/ranking.py",
    "pages/targets.py",
    "pages/method.py",
    "pages/data_sources.py",
    "pages/briefing.py",
    "pages/compare.py",
    "pages/presenter.py",
)
#: A link with a lever, a push and a mapping strength moved: their values are shown too.
LINK = {"lv_infra": "0.1", "push_mobile_4g5g": "1.5", "map_mobile_4g5g": "0.5", "as_pace": "1.05"}

# A decimal written the other language's way: "0.76" or "1.2345" in Vietnamese (a group of
# three after "." is a thousands group: "10.000"), "0,76" in English.
WRONG_DECIMAL = {
    "vi": re.compile(r"(?<![\d.,/])\d+\.(\d{1,2}|\d{4,})(?![\d.,])"),
    "en": re.compile(r"(?<![\d.,/])\d+,(\d{1,2}|\d{4,})(?![\d.,])"),
}
#: "80%" in Vietnamese (the house style writes "80 %").
TIGHT_PERCENT = re.compile(r"\d%")
#: sprintf placeholders of a format (Streamlit prints the value with it in the browser).
PLACEHOLDER = re.compile(r"%(?!%)[-+ 0#,]*\d*(\.\d+)?[a-zA-Z]")
#: Texts that are not numbers of the app: versions, file names, decree numbers, addresses.
NOT_NUMBERS = re.compile(r"(?s)<style>.*?</style>|https?://\S+|\b[\w-]+\.(csv|json|xlsx|html|png|svg|py)\b|\bv?\d+\.\d+\.\d+\b|`[^`]*`")


def record_texts() -> list[str]:
    """The texts of the provenance records, longest first. The data page quotes them as
    written (in English, quoting Vietnamese sources; its caption says so): not the app's numbers."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str) and len(value) > 3:
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(load_dataset().provenance)
    return sorted(set(found), key=len, reverse=True)


RECORDS = record_texts()


def wrong_numbers(text: str, lang: str, quoted: bool = False) -> list[str]:
    """The numbers in ``text`` that are written the other language's way (with ``quoted``,
    leaving out the provenance records' own texts)."""
    text = NOT_NUMBERS.sub(" ", str(text))
    if quoted:
        for record in RECORDS:
            text = text.replace(record, " ")
    found = [m.group(0) for m in WRONG_DECIMAL[lang].finditer(text)]
    if lang == "vi":
        found += [text[max(0, m.start() - 6) : m.end()] for m in TIGHT_PERCENT.finditer(text)]
    return found


def open_page(lang: str, page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["lang"] = lang
    for key, value in LINK.items():
        at.query_params[key] = value
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def seen_texts(at: AppTest) -> list[tuple[str, str]]:
    """(where, text) of everything a user reads on the page, sidebar included."""
    seen: list[tuple[str, str]] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "success", "error"):
        seen += [(kind, element.value) for element in getattr(at, kind)]
    for metric in at.metric:
        seen += [("metric " + metric.label, metric.value), ("metric delta " + metric.label, metric.proto.delta or "")]
    for widget_kind in ("slider", "select_slider", "radio", "selectbox", "checkbox", "button", "number_input", "text_input"):
        for widget in getattr(at, widget_kind):
            seen.append((f"{widget_kind} {widget.key} label", widget.label))
    for radio in at.radio:
        seen += [(f"radio {radio.key} option", str(option)) for option in radio.options]
    for frame in [*at.dataframe, *at.table]:
        cells = shown_cells(frame)
        seen += [("table cell", str(v)) for v in cells.astype(str).to_numpy().ravel()]
        seen += [("table column", str(c)) for c in cells.columns]
    return seen


def shown_cells(frame) -> pd.DataFrame:
    """A displayed table as the user reads it: a pandas Styler's display texts where the
    app formatted the cells, else the data."""
    arrow = frame.proto.arrow_data
    if arrow.HasField("styler") and arrow.styler.display_values:
        return pa.ipc.open_stream(arrow.styler.display_values).read_pandas()
    return frame.value


def float_cells(frame) -> list[str]:
    """Columns of a displayed table holding non-whole numbers that the app did not write
    itself: the browser would write those (with its own locale's decimal mark)."""
    numeric = shown_cells(frame).select_dtypes("number")
    return [str(c) for c in numeric.columns if not (numeric[c].dropna() % 1 == 0).all()]


#: Pages that draw charts (a chart check that finds no chart would check nothing).
CHART_PAGES = {"pages/overview.py", "pages/ranking.py", "pages/targets.py", "pages/compare.py", "pages/presenter.py"}


def chart_specs(at: AppTest) -> list[tuple[dict, list[pd.DataFrame]]]:
    """(spec, rows of each named dataset) of every chart: Streamlit sends the rows as Arrow."""
    charts = []
    for element in at.get("vega_lite_chart"):
        rows = [pa.ipc.open_stream(d.data.data).read_pandas() for d in element.proto.datasets]
        charts.append((json.loads(element.proto.spec), rows))
    return charts


def formats_in(spec: object) -> list[str]:
    """Every d3 ``format`` string in a Vega-Lite spec (axes, tooltips, text marks)."""
    found: list[str] = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "format" and isinstance(value, str):
                found.append(value)
            else:
                found += formats_in(value)
    elif isinstance(spec, list):
        for item in spec:
            found += formats_in(item)
    return found


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_number_on_the_page_follows_the_language(lang, page):
    at = open_page(lang, page)
    problems: list[str] = []
    for where, text in seen_texts(at):
        quoted = page == "pages/data_sources.py" and where == "markdown"
        if page == "pages/data_sources.py" and where == "table cell" and re.search(r"[^\W\d_]{2}", text):
            continue  # a data file's own note, shown as written (its figures are checked)
        problems += [f"{where}: {bad!r} in {text[:120]!r}" for bad in wrong_numbers(text, lang, quoted)]

    for slider in at.slider:
        fmt = slider.proto.format
        if lang == "vi":
            # the browser would print the value with a decimal point: the format must be the
            # Vietnamese text itself, and the label must show it
            if PLACEHOLDER.search(fmt.replace("%%", "")):
                problems.append(f"slider {slider.key}: sprintf format {fmt!r} in the Vietnamese view")
            shown = fmt.replace("%%", "%")
            if shown not in slider.label:
                problems.append(f"slider {slider.key}: value {shown!r} not in its label {slider.label!r}")
            problems += [f"slider {slider.key} value {bad!r}" for bad in wrong_numbers(shown, lang)]
    for number_input in at.number_input:
        if lang == "vi" and number_input.proto.format and re.search(r"\.[1-9]", number_input.proto.format):
            problems.append(f"number input {number_input.key}: {number_input.proto.format!r} prints a decimal point")
    for frame in at.dataframe:
        if lang == "vi":
            problems += [f"table column {c!r}: unformatted decimals" for c in float_cells(frame)]

    charts = chart_specs(at)
    assert charts or page not in CHART_PAGES, "no chart found"
    for spec, datasets in charts:
        locale = spec.get("config", {}).get("locale", {}).get("number", {})
        expected = "," if lang == "vi" else "."
        if locale.get("decimal") != expected:
            problems.append(f"chart without the {lang} number locale: {locale}")
        for fmt in formats_in(spec):
            if not re.fullmatch(r"[,~]?(\.\d+)?~?[%dfsrg]?", fmt):
                problems.append(f"chart format {fmt!r} is not a plain d3 number format")
        for rows in datasets:
            for value in rows.select_dtypes("object").astype(str).to_numpy().ravel():
                problems += [f"chart text {bad!r} in {value[:80]!r}" for bad in wrong_numbers(value, lang)]
    assert not problems, "\n".join(problems[:40])


def test_the_check_finds_wrong_separators():
    """The patterns catch what the issue saw, and pass what the house style writes."""
    assert wrong_numbers("+0.00 … +0.37", "vi") == ["0.00", "0.37"]
    assert wrong_numbers("Khả năng mong muốn 0.80", "vi") == ["0.80"]
    assert wrong_numbers("72%", "vi") == ["72%"]
    assert wrong_numbers("0,76 · 72 % · 10.000 lượt · 7/34 · 2024", "vi") == []
    assert wrong_numbers("0,76", "en") == ["0,76"]
    assert wrong_numbers("0.76 · 72% · 10,000 draws", "en") == []
    assert PLACEHOLDER.search("+%.2f") and PLACEHOLDER.search("%d") and not PLACEHOLDER.search("+0,10")
