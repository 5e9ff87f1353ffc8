"""Chart builders: valid Vega-Lite, one cached layout per layout arguments, the figure's own
rows in what is drawn and exported."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema.core import load_schema

from model.export import chart_svg
from ui import charts
from ui.target_charts import target_detail_chart

CASES = ["Cơ sở", "Kịch bản"]
SUMMARY = pd.DataFrame(
    {
        "year": [2025, 2030, 2025, 2030],
        "case": [CASES[0], CASES[0], CASES[1], CASES[1]],
        "p_top": [0.61, 0.56, 0.63, 0.72],
        "median_rank": [12.0, 13.0, 11.0, 10.0],
        "rank_p10": [4, 3, 4, 2],
        "rank_p90": [22, 28, 21, 24],
    }
)
TORNADO = pd.DataFrame(
    {"label": ["Hạ tầng số", "Tốc độ các tỉnh khác"], "p_low": [0.41, 0.38], "p_high": [0.83, 0.7], "p_current": [0.56, 0.56]}
)
SPREAD = pd.DataFrame(
    {"label": ["Mặc định", "Bước đi ngẫu nhiên", "Chỉ số chính bị chặn"], "p_top": [0.5628, 0.6585, float("nan")], "default": [True, False, False]}
)
TARGET = pd.DataFrame(
    {
        "year": [2023, 2024, 2025, 2025, 2030, 2025],
        "kind": ["observed", "observed_user", "baseline", "scenario", "scenario", "target"],
        "value": [40.0, 45.0, 50.0, 52.0, 70.0, 80.0],
        "lower": [None, None, 45.0, None, None, None],
        "upper": [None, None, 55.0, None, None, None],
    }
)
TARGET_LABELS = {k: k.upper() for k in ("observed", "observed_user", "baseline", "scenario", "required", "target", "national")}


def every_figure(lang: str = "vi") -> dict[str, charts.Figure]:
    fan = pd.DataFrame({"year": [2025, 2030], "series": ["A", "A"], "p10": [0.7, 0.72], "p50": [0.75, 0.8], "p90": [0.8, 0.88]})
    bars = pd.DataFrame({"label": ["x", "y"], "contribution": [0.01, 0.02]})
    components = pd.DataFrame({"index_label": ["I", "I"], "series": ["HT", "TB"], "value": [1.0, 0.6]})
    history = pd.DataFrame({"year": [2023, 2024], "frame": ["63", "63"], "rank": [25, 11], "kind": ["pub", "pub"]})
    compare = pd.DataFrame({"year": [2025, 2030], "series": ["Now", "Now"], "p_top": [0.6, 0.56]})
    return {
        "probability": charts.probability_chart(SUMMARY, lang, x_title="Năm", y_title="P", cases=CASES),
        "rank_band": charts.rank_band_chart(SUMMARY, lang, x_title="Năm", y_title="Hạng", cases=CASES, top_n=15, n_units=34),
        "fan": charts.fan_chart(fan, lang, x_title="Năm", y_title="Điểm", series_order=["A"]),
        "fan_dashed": charts.fan_chart(fan.assign(dashed=[True, False]), lang, x_title="Năm", y_title="Điểm", series_order=["A"]),
        "bar": charts.bar_chart(bars, lang, x="contribution", y="label", x_title="Đóng góp", y_title=""),
        "tornado": charts.tornado_chart(TORNADO, lang, x_title="P"),
        "spread": charts.spread_chart(SPREAD.dropna(), lang, x_title="P"),
        "components": charts.components_chart(components, lang, x_title="Giá trị", series_order=["HT", "TB", "Max"]),
        "history": charts.history_chart(history, lang, x_title="Năm", y_title="Hạng"),
        "compare_p": charts.compare_probability_chart(compare, lang, x_title="Năm", y_title="P", series_order=["Now"]),
        "compare_indices": charts.compare_indices_chart(components, lang, x_title="Giá trị", series_order=["HT", "TB"]),
        "presenter": charts.presenter_probability_chart(SUMMARY, lang, x_title="Năm", y_title="P", cases=CASES),
        "target": target_detail_chart(
            TARGET, lang, labels=TARGET_LABELS, x_title="Năm", y_title="%", last_year=2024, share=True
        ),
    }


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_figure_is_valid_vega_lite_with_its_rows_inline(lang):
    schema = load_schema()
    for name, figure in every_figure(lang).items():
        spec = figure.to_dict()
        validate_jsonschema(spec, schema)  # raises on an invalid spec
        assert spec["datasets"][charts.DATA] == json.loads(figure.data.to_json(orient="records")), name
        assert "view" not in spec.get("config", {}), name  # no default-theme size: the chart fills its container
        decimal = spec["config"]["locale"]["number"]["decimal"]
        assert decimal == ("," if lang == "vi" else "."), name


def test_a_layout_is_built_once_and_only_the_rows_change():
    first = charts.probability_chart(SUMMARY, "vi", x_title="Năm", y_title="P", cases=CASES)
    moved = SUMMARY.assign(p_top=[0.1, 0.2, 0.3, 0.4])
    second = charts.probability_chart(moved, "vi", x_title="Năm", y_title="P", cases=CASES)
    assert second.template is first.template  # the cached, validated layout
    assert second.spec()["datasets"][charts.DATA] is moved  # drawn from the new rows
    other = charts.probability_chart(SUMMARY, "en", x_title="Year", y_title="P", cases=CASES)
    assert other.template is not first.template


def test_drawing_or_exporting_never_changes_the_shared_layout():
    figure = charts.rank_band_chart(SUMMARY, "vi", x_title="Năm", y_title="Hạng", cases=CASES, top_n=15, n_units=34)
    before = json.dumps(figure.template, sort_keys=True)
    spec = figure.spec()
    spec["layer"][0]["mark"]["opacity"] = 1.0
    spec["datasets"].clear()
    figure.to_dict()["config"].clear()
    assert json.dumps(figure.template, sort_keys=True) == before
    assert charts.DATA not in figure.template.get("datasets", {})


def test_the_top_n_line_and_the_rank_axis_follow_the_layout_arguments():
    spec = charts.rank_band_chart(SUMMARY, "vi", x_title="Năm", y_title="Hạng", cases=CASES, top_n=10, n_units=63).to_dict()
    cut_layer = spec["layer"][2]
    assert spec["datasets"][cut_layer["data"]["name"]] == [{"top": 10.5}]
    assert spec["layer"][0]["encoding"]["y"]["scale"]["domain"] == [63, 1]


def test_tornado_bars_keep_the_rows_order_and_one_current_line():
    spec = charts.tornado_chart(TORNADO, "vi", x_title="P").to_dict()
    assert spec["layer"][0]["encoding"]["y"]["sort"] is None  # rows already sorted by swing
    assert spec["layer"][1]["encoding"]["x"]["aggregate"] == "min"
    assert spec["height"] == 200


def test_target_chart_draws_each_kind_from_its_own_rows():
    spec = target_detail_chart(TARGET, "en", labels=TARGET_LABELS, x_title="Year", y_title="%", last_year=2024, share=True).to_dict()
    filters = [layer["transform"][0]["filter"]["oneOf"] for layer in spec["layer"] if "transform" in layer]
    # band, baseline line, scenario line, observed points (both kinds), target diamond
    assert filters == [["baseline"], ["baseline"], ["scenario"], ["observed", "observed_user"], ["target"]]
    legend = spec["layer"][1]["encoding"]["color"]["scale"]["domain"]
    assert legend == ["OBSERVED", "OBSERVED_USER", "BASELINE", "SCENARIO", "TARGET"]


def test_legends_are_readable_on_a_projector():
    """Band charts' legend swatches are opaque and long series names are not cut."""
    cut = "Ngưỡng Top 15 (điểm đơn vị thứ 15)"
    series = ["Hà Tĩnh – cơ sở", "Hà Tĩnh – kịch bản", cut]
    fan = pd.DataFrame({"year": [2025, 2030] * 3, "series": [s for s in series for _ in (0, 1)], "p10": 0.7, "p50": 0.8, "p90": 0.9})
    figure = charts.fan_chart(fan, "vi", x_title="Năm", y_title="Điểm", series_order=series)
    svg = chart_svg(figure)
    assert cut in svg and "…" not in svg
    for fig in (figure, every_figure()["rank_band"]):
        assert fig.spec()["config"]["legend"]["symbolOpacity"] == 1


def test_an_exported_svg_shows_the_figures_numbers():
    svg = chart_svg(charts.probability_chart(SUMMARY, "vi", x_title="Năm", y_title="P", cases=CASES))
    assert "72" in svg and "56" in svg  # the labels of the scenario's and baseline's 2030 values
    assert "Năm" in svg


# -- readability: overview and presenter charts (issue 17) --------------------------------
def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def test_history_rank_labels_of_the_two_frames_sit_on_opposite_sides_of_their_points():
    """2024: 7 of 34 and 11 of 63, close on the chart: one label above, the other below."""
    history = pd.DataFrame(
        {"year": [2024, 2024], "frame": ["34 đơn vị", "63 tỉnh"], "rank": [7, 11], "kind": ["pub", "pub"]}
    )
    spec = charts.history_chart(history, "vi", x_title="Năm", y_title="Hạng", below="63 tỉnh").to_dict()
    texts = [layer for layer in _layers(spec) if layer["mark"].get("type") == "text"]
    offsets = {json.dumps(layer.get("transform")): layer["mark"]["dy"] for layer in texts}
    assert len(texts) == 2 and sorted(offsets.values())[0] < 0 < sorted(offsets.values())[1]
    below = [layer for layer in texts if layer["mark"]["dy"] > 0][0]
    assert "63 tỉnh" in json.dumps(below["transform"], ensure_ascii=False)
    assert ">11<" in chart_svg(spec)  # renders


def test_components_chart_draws_full_index_names_wrapped_and_marks_the_weak_ones():
    names = ["Nhận thức số", "Hoạt động chính quyền số", "Hoạt động xã hội số"]
    components = pd.DataFrame(
        {"index_label": [n for n in names for _ in (0, 1)], "series": ["HT", "TB"] * 3, "value": [1.0, 0.9, 0.6, 0.5, 0.5, 0.6]}
    )
    figure = charts.components_chart(components, "vi", x_title="Giá trị", series_order=["HT", "TB", "Max"], marked=names[1:])
    axis = figure.to_dict()["encoding"]["y"]["axis"]
    assert axis["labelLimit"] == 0  # never cut ("Hoạt động ch…")
    assert charts.wrap_label("◆ Hoạt động xã hội số") == ["◆ Hoạt động", "xã hội số"]
    assert charts.wrap_label("Nhận thức số") == ["Nhận thức số"]
    expr = axis["labelExpr"]
    assert '"Hoạt động chính quyền số": ["◆ Hoạt động", "chính quyền số"]' in expr
    assert '"Nhận thức số": ["Nhận thức số"]' in expr  # not weak: no mark
    svg = chart_svg(figure.to_dict())
    for line in ("◆ Hoạt động", "chính quyền số", "xã hội số", "Nhận thức số"):
        assert f">{line}<" in svg
    assert "…" not in svg


def test_presenter_axis_every_25_percent_and_a_visible_dashed_baseline():
    figure = charts.presenter_probability_chart(SUMMARY, "vi", x_title="Năm", y_title="P", cases=CASES)
    spec = figure.to_dict()
    lines = [layer for layer in _layers(spec) if layer["mark"].get("type") == "line"]
    assert len(lines) == 2
    assert spec["layer"][0]["encoding"]["y"]["axis"]["values"] == [0.0, 0.25, 0.5, 0.75, 1.0]
    dashes = spec["layer"][0]["encoding"]["strokeDash"]["scale"]
    assert dashes["domain"] == CASES and dashes["range"][0] != dashes["range"][1]
    # the baseline's line is drawn after (over) the scenario's
    assert "!=" in json.dumps(lines[1]["transform"]) and "==" in json.dumps(lines[0]["transform"])
    svg = chart_svg(spec)
    for tick in ("25 %", "50 %", "75 %", "100 %"):
        assert tick.replace(" ", "\u202f") in svg or tick in svg


def test_spread_chart_marks_the_default_and_skips_a_method_that_does_not_apply():
    figure = charts.spread_chart(SPREAD, "vi", x_title="Khả năng")
    spec = figure.to_dict()
    bars, labels = spec["layer"]
    assert bars["encoding"]["y"]["sort"] is None  # the methods in the rows' order
    colour = bars["encoding"]["color"]
    assert colour["condition"]["value"] == charts.FOCUS_COLOUR and colour["value"] == charts.BASELINE_COLOUR
    assert "datum.default" in json.dumps(colour["condition"])
    assert bars["encoding"]["x"]["scale"]["domain"] == [0, 1]
    svg = chart_svg(figure)
    # Vietnamese percentages with their space, the not-applicable row drawn with no bar or value
    assert "56\u202f%" in svg and "66\u202f%" in svg
    assert "NaN" not in svg
    en = chart_svg(charts.spread_chart(SPREAD, "en", x_title="Chance"))
    assert "56%" in en and "66%" in en
