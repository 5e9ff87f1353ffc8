"""Exports: CSV with the scenario header (formula-neutralised), PNG/SVG of charts, and the
download buttons on the pages."""

from __future__ import annotations

import codecs
import csv
import io
import struct
import xml.etree.ElementTree as ET

import altair as alt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.export import (
    FONT_STACK,
    chart_png,
    chart_spec,
    chart_svg,
    csv_header,
    csv_with_header,
    neutralise_csv_file,
)
from model.scenario import Scenario
from model.userdata import FORMULA_PREFIXES

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: The shipped study's defaults (focus, frame, year, push start) with a few settings moved.
SCENARIO = Scenario(
    focus="ha-tinh",
    frame=34,
    top_n=10,
    year=2030,
    push_start=2026,
    levers={"society_activity": 0.2},
    pushes=(("dvc_level4", 2.5),),
    strengths=(("dvc_level4", 0.3),),
)
LINK = "https://dti.example.vn/?top=10&lv_soc=0.2"


def _lines(data: bytes) -> list[str]:
    assert data.startswith(codecs.BOM_UTF8)
    return data[len(codecs.BOM_UTF8) :].decode("utf-8").splitlines()


# --------------------------------------------------------------------------- CSV
def test_csv_carries_title_every_setting_and_the_link():
    df = pd.DataFrame({"year": [2025, 2030], "p_top": [0.5, 0.75]})
    lines = _lines(csv_with_header(df, SCENARIO, title="Tóm tắt mô phỏng", link=LINK))
    header = [line for line in lines if line.startswith("#")]
    assert lines[: len(header)] == header  # the comments come first
    assert header[0] == "# Tóm tắt mô phỏng"
    for expected in (
        "# frame: 34",
        "# top_n: 10",
        "# year: 2030",
        "# focus: ha-tinh",
        "# levers.society_activity: 0.2",
        "# others_pace: 1",
        "# draws: 4000",
        "# seed: 2030",
        "# status_method: statcan",
        "# pushes.dvc_level4: 2.5",
        "# strengths.dvc_level4: 0.3",
        f"# link: {LINK}",
    ):
        assert expected in header, expected
    assert len(header) == len(csv_header(SCENARIO, title="x", link=LINK))
    # a lever left at 0 is not a setting of the scenario (levers at 0 are dropped)
    assert not [line for line in header if line.startswith("# levers.infrastructure")]
    back = pd.read_csv(io.BytesIO(csv_with_header(df, SCENARIO, title="t", link=LINK)), skiprows=len(header), encoding="utf-8-sig")
    pd.testing.assert_frame_equal(back, df)


def test_csv_without_link_has_no_link_line(scenario):
    lines = _lines(csv_with_header(pd.DataFrame({"a": [1]}), scenario(), title="t"))
    assert not [line for line in lines if line.startswith("# link")]


def test_csv_neutralises_formulas_and_keeps_numbers(scenario):
    df = pd.DataFrame(
        {
            "unit_name": ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "Hà Tĩnh"],
            "value": [-0.5, 1.0, 2.0, -3.0, 4.0],
        }
    )
    data = csv_with_header(df, scenario(), title="=HYPERLINK(\"http://x\")\n=cmd")
    lines = _lines(data)
    assert lines[0] == '# =HYPERLINK("http://x") =cmd'  # one line, behind the comment mark
    assert not [line for line in lines if line.startswith(FORMULA_PREFIXES)]
    rows = list(csv.reader(io.StringIO("\n".join(line for line in lines if not line.startswith("#")))))
    assert rows[0] == ["unit_name", "value"]
    assert [r[0] for r in rows[1:]] == ["'=1+1", "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1:A2)", "Hà Tĩnh"]
    assert [r[1] for r in rows[1:]] == ["-0.5", "1.0", "2.0", "-3.0", "4.0"]  # numbers stay numbers


def test_shipped_file_download_neutralises_only_formula_text():
    from model.data import DATA_FILES, default_data_dir

    files = sorted(default_data_dir().glob("*.csv"))
    assert [p.name for p in files] == sorted(DATA_FILES) and len(files) == 9
    for path in files:
        raw = path.read_bytes()
        safe = neutralise_csv_file(raw)
        if path.name != "dti_history_partial.csv":
            assert safe == raw, path.name  # nothing to neutralise: the checksummed bytes
            continue
        before = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
        after = list(csv.reader(io.StringIO(safe.decode("utf-8"))))
        changed = [
            (a, b) for row_a, row_b in zip(before, after, strict=True) for a, b in zip(row_a, row_b, strict=True) if a != b
        ]
        assert ("+0.1545 vs 2020", "'+0.1545 vs 2020") in changed
        assert all(b == "'" + a and a.startswith(FORMULA_PREFIXES) for a, b in changed)
        assert len(safe) == len(raw) + len(changed)  # same line ends, no BOM added, only the marks


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(alphabet="=+-@ab1.,\"'\n ạ", max_size=8), min_size=2, max_size=2), min_size=1, max_size=6))
def test_neutralised_file_cells_are_never_formulas(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    safe = neutralise_csv_file(out.getvalue().encode("utf-8"))
    for cell in (c for row in csv.reader(io.StringIO(safe.decode("utf-8-sig"))) for c in row):
        assert not cell.startswith(FORMULA_PREFIXES) or _is_number(cell.strip()), cell


# --------------------------------------------------------------------------- charts
@pytest.fixture(scope="module")
def vi_chart() -> alt.Chart:
    df = pd.DataFrame({"index_label": ["Hạ tầng số", "Hoạt động xã hội số"], "value": [0.75, 0.51]})
    return alt.Chart(df).mark_bar().encode(y="index_label:N", x=alt.X("value:Q", title="Giá trị")).properties(
        width=300, height=80, title="Hạ tầng số"
    )


def _png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


def test_png_has_signature_and_scale(vi_chart):
    one = chart_png(vi_chart, scale=1)
    two = chart_png(vi_chart, scale=2)
    assert one.startswith(PNG_SIGNATURE) and two.startswith(PNG_SIGNATURE)
    (w1, h1), (w2, h2) = _png_size(one), _png_size(two)
    assert w1 > 300 and abs(w2 - 2 * w1) <= 2 and abs(h2 - 2 * h1) <= 2


def test_png_draws_the_diacritics(vi_chart):
    plain = vi_chart.properties(title="Ha tang so")
    assert chart_png(vi_chart, scale=1) != chart_png(plain, scale=1)


def test_svg_is_xml_with_vietnamese_text_and_font_stack(vi_chart):
    svg = chart_svg(vi_chart)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [el.text for el in root.iter() if el.text]
    assert "Hạ tầng số" in texts and "Hoạt động xã hội số" in texts
    fonts = {el.get("font-family") for el in root.iter() if el.get("font-family")}
    assert fonts == {FONT_STACK}


def test_chart_spec_sets_font_without_changing_the_input(vi_chart):
    spec = vi_chart.to_dict()
    out = chart_spec(spec)
    assert out["config"]["font"] == FONT_STACK and "font" not in spec.get("config", {})
    assert chart_spec({**spec, "config": {"font": "Arial"}})["config"]["font"] == "Arial"
    with pytest.raises(TypeError):
        chart_spec(42)


def test_charts_cannot_fetch_data_over_the_network():
    spec = {"data": {"url": "http://127.0.0.1:9/data.csv"}, "mark": "bar", "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    with pytest.raises(Exception, match="not allowed"):
        chart_svg(spec)


# --------------------------------------------------------------------------- pages
def _open(page: str, lang: str = "vi", **params: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../../app.py", default_timeout=120)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _download_keys(at) -> set[str]:
    return {d.proto.id.rsplit("-", 1)[-1] for d in at.get("download_button")}


@pytest.mark.parametrize(
    ("page", "keys"),
    [
        ("pages/overview.py", {"dl_history_chart_png", "dl_history_chart_svg", "dl_history_table_csv", "dl_components_chart_png", "dl_goals_table_csv"}),
        (
            "pages/ranking.py",
            {
                "dl_p_chart_png", "dl_p_chart_svg", "dl_p_chart_csv", "dl_rank_chart_png", "dl_fan_chart_svg", "dl_near_table_csv",
                "dl_levers_table_csv", "dl_contrib_chart_png", "dl_tornado_chart_png", "dl_tornado_chart_csv",
            },
        ),
        ("pages/method.py", {"dl_panel_table_csv"}),
        ("pages/data_sources.py", {"download_dti_scores.csv", "download_targets.csv"}),
        ("pages/briefing.py", {"download_briefing", "dl_summary_csv"}),
    ],
)  # fmt: skip
def test_pages_offer_their_downloads(page, keys):
    at = _open(page, "en")
    assert keys <= _download_keys(at)


def test_briefing_page_numbers_match_the_ranking_page():
    params = {"lv_soc": "0.2", "top": "10"}
    ranking = [(m.label, m.value) for m in _open("pages/ranking.py", "vi", **params).metric]
    briefing = _open("pages/briefing.py", "vi", **params)
    shown = [(m.label, m.value) for m in briefing.metric]
    assert shown[:2] == ranking[:2]  # P(Top 10 in 2030) and the median rank, same labels and values
    assert ranking[0][0] == "Khả năng Top 10 năm 2030" and ranking[0][1].endswith("\u00a0%")
    assert shown[2][0] == "Mục tiêu 2025 đúng lộ trình" and shown[2][1].count("/") == 1
    button = next(d for d in briefing.get("download_button") if d.proto.id.endswith("download_briefing"))
    assert button.proto.label == "Tải báo cáo (HTML, khổ A4)"


def test_app_link_carries_the_scenario_and_language(monkeypatch, scenario):
    from types import SimpleNamespace

    from ui import links

    def at(url):
        monkeypatch.setattr(links, "st", SimpleNamespace(context=SimpleNamespace(url=url)))

    default = scenario()
    scenario = scenario(top_n=10, levers={"society_activity": 0.2})
    at("http://10.0.0.5:8501/dti/bao-cao")
    assert links.app_link(scenario, "en", current_path="bao-cao") == "http://10.0.0.5:8501/dti/?top=10&lv_soc=0.2&lang=en"
    at("https://app.example.vn/xep-hang")
    assert links.app_link(scenario, "vi") == "https://app.example.vn/xep-hang?top=10&lv_soc=0.2"
    assert links.app_link(default, "vi", current_path="bao-cao") == "https://app.example.vn/xep-hang"
    at("https://app.example.vn/bao-cao")
    assert links.app_link(default, "vi", current_path="bao-cao") == "https://app.example.vn/"
    at(None)
    assert links.app_link(scenario, "vi") == "?top=10&lv_soc=0.2"
