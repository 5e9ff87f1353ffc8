"""AppTest of the rank page: goal-seek as the user reads it, and levers against the baseline.

Each rerun of the rank page costs about a second, so every test opens the page once and
changes as few widgets as it can. Figures on screen are checked against the model
(``model.engine`` with the same scenario), so a test fails if the page shows a number the
model did not compute, or the model's answer does not do what the page says.
"""

from __future__ import annotations

import math
import re

import pytest
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from model import engine
from model.scenario import lever_key
from text.i18n import fmt_pct

APP = "../../app.py"
P_LABEL = "Chance of Top {n} in {year}"
RANK_LABEL = "Median rank in {year}"
BAND_LABEL = "10–90 % range in {year}"
#: The goal-seek answer, English catalogue ("ranking.goal.answer").
ANSWER = re.compile(r"an extra \*\*(?P<value>[0-9.]+)\*\* index points \((?P<which>[^)]*)\)")


def open_ranking(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "en"
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/ranking.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def goal_messages(at: AppTest) -> list[str]:
    """The goal-seek section's message (success or warning) and any other notice."""
    return [e.value for e in at.success] + [e.value for e in at.warning]


def big_numbers(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def percent(text: str) -> int:
    return int(text.rstrip("%"))


@pytest.fixture(scope="module")
def model_inputs(ds, study, scenario):
    """The model behind the page's default scenario (draws, seed as the app's defaults)."""
    default = scenario()
    setup = engine.setup_for(ds, study, default)
    field = engine.baseline_field(ds, study, default, setup=setup)
    return default, setup, field


def test_goal_seek_answer_reaches_the_chance_when_the_levers_are_set_to_it(ds, study, model_inputs):
    scenario, setup, field = model_inputs
    at = open_ranking()
    # defaults: uniform push, required chance 0.8, Top 15 in 2030
    assert at.selectbox(key="goal_which").value == "uniform"
    assert at.slider(key="goal_p").value == pytest.approx(0.8)
    answers = [m for m in goal_messages(at) if ANSWER.search(m)]
    assert len(answers) == 1, goal_messages(at)  # feasible and not already met on the shipped data
    shown = float(ANSWER.search(answers[0])["value"])
    assert answers[0].startswith("For at least **80%** chance of the Top 15 in 2030")
    # the page's figure is the model's answer, to the 3 decimals shown
    model = engine.goal_seek(ds, study, scenario, "uniform", 0.8, field, setup)
    assert model.feasible and not model.already_met
    assert shown == pytest.approx(model.value, abs=0.0005)

    # every lever slider at the answer, rounded up to the slider step 0.01 (from the top of
    # what the 3-decimal figure can stand for), capped at the slider's own maximum
    push = math.ceil((shown + 0.0005) * 100 - 1e-9) / 100
    levers = {}
    movable = engine.movable_indices(setup)
    assert len(movable) == 4  # Hà Tĩnh's four main indices below 1.0 in 2024 have a slider each
    for index in movable:
        slider = at.slider(key=lever_key(index))
        value = min(push, slider.proto.max)
        assert value >= min(shown, 1.0 - setup.current[index]) - 1e-9  # the slider can reach the push
        slider.set_value(value)
        levers[index] = value
    at_max = [k for k in study.lever_indices if k not in movable]
    for index in at_max:  # an index already at 1.0 gets no slider
        with pytest.raises(KeyError):
            at.slider(key=lever_key(index))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    p_shown, _ = big_numbers(at)[P_LABEL.format(n=15, year=2030)]
    assert percent(p_shown) >= 80
    # and the figure shown is the model's P(Top 15 in 2030) for those levers, which is ≥ p
    p_model = engine.rank_forecast(ds, study, scenario.with_values(levers=levers), field, setup).scenario.p_top[-1]
    assert p_model >= 0.8
    assert p_shown == fmt_pct(float(p_model), "en")


def test_goal_seek_says_already_met_and_infeasible(ds, study, model_inputs):
    scenario, setup, field = model_inputs
    at = open_ranking(top="34")  # Top 34 of 34: certain without any push
    assert any(
        m == "No extra push needed (Uniform push on the 4 with headroom): the chance is already 100% ≥ 80%." for m in goal_messages(at)
    ), goal_messages(at)
    assert not any(ANSWER.search(m) for m in goal_messages(at))

    # Top 1 with infrastructure alone: even the index at 1.0 does not give 80 %
    at.slider(key="top").set_value(1)
    at.selectbox(key="goal_which").set_value("infrastructure")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    model = engine.goal_seek(ds, study, scenario.with_values(top_n=1), "infrastructure", 0.8, field, setup)
    assert not model.feasible and model.value is None
    warnings = [m for m in goal_messages(at) if m.startswith("Even ")]
    assert warnings == [
        f"Even Digital infrastructure at 1.0 is not enough: the best chance is {fmt_pct(model.probability, 'en')} < 80%."
    ], goal_messages(at)
    assert not any(ANSWER.search(m) or m.startswith("No extra push") for m in goal_messages(at))


def test_a_lever_moves_the_scenario_figures_and_not_the_baseline(ds, study, model_inputs):
    scenario, setup, field = model_inputs
    at = open_ranking()
    labels = [label.format(n=15, year=2030) for label in (P_LABEL, RANK_LABEL, BAND_LABEL)]
    before = big_numbers(at)
    at.slider(key="lv_soc").set_value(0.3).run()
    assert not at.exception, [e.value for e in at.exception]
    after = big_numbers(at)
    for label in labels:
        assert after[label][1] == before[label][1], label  # "baseline: …" unchanged
        assert after[label][1].startswith("baseline: ")
    p_label, rank_label = labels[0], labels[1]
    assert percent(after[p_label][0]) > percent(before[p_label][0])
    assert float(after[rank_label][0]) <= float(before[rank_label][0])
    # the shown figures are the model's, scenario and baseline
    result = engine.rank_forecast(ds, study, scenario.with_values(levers={"society_activity": 0.3}), field, setup)
    assert after[p_label] == (
        fmt_pct(float(result.scenario.p_top[-1]), "en"),
        f"baseline: {fmt_pct(float(result.baseline.p_top[-1]), 'en')}",
    )


def test_no_arrow_on_a_delta_when_the_scenario_reads_as_the_baseline():
    """Levers at zero: "baseline: 72%" next to 72% had a "↑"; a lever that raises the chance
    gets "up"; rank deltas never get one (a smaller rank is the better place)."""
    def arrows(at: AppTest) -> list[int]:
        return [m.proto.direction for m in at.metric]

    at = open_ranking()
    assert arrows(at) == [Metric.NONE] * 3
    at = open_ranking(lv_soc="0.4")
    p_value, p_delta = list(big_numbers(at).values())[0]
    assert p_delta != f"baseline: {p_value}"
    assert arrows(at) == [Metric.UP, Metric.NONE, Metric.NONE]
def test_the_same_percentile_goal_is_stated_beside_the_chance(ds, study, model_inputs):
    # issue 14: beside P(Top 15 of 34), Top ⌈15·34/63⌉ = 9 of 34 and its chance, as the model gives it
    scenario, _, _ = model_inputs
    at = open_ranking()
    (line,) = [c.value for c in at.caption if "same percentile" in c.value]
    m = -(-scenario.top_n * scenario.frame // 63)
    assert m == 9 and f"**Top {m} of {scenario.frame}**" in line and f"Top {scenario.top_n} of 63" in line
    same = engine.rank_forecast(ds, study, scenario.with_values(top_n=m))
    p = float(same.scenario.p_top[list(same.scenario.years).index(scenario.year)])
    assert f"**{fmt_pct(p, 'en')}**" in line
    assert f"status (Targets page) uses Top {min(study.goal_rank, scenario.frame)} of {scenario.frame}" in line
    # in the plan's frame the two readings are one goal: nothing to add
    at = open_ranking(frame="63")
    assert not [c.value for c in at.caption if "same percentile" in c.value]


# -- issue 14: model spread and weight stress test -------------------------------------------
#: The spread sentence, Vietnamese catalogue ("ranking.spread.sentence").
SPREAD_VI = re.compile(r"Tùy phương pháp, xác suất nằm trong khoảng \*\*(?P<low>[^*]+)–(?P<high>[^*]+)\*\* \(phương pháp mặc định: \*\*(?P<default>[^*]+)\*\*\)")
SPREAD_EN = re.compile(r"Depending on the method, the chance lies between \*\*(?P<low>[^*]+) and (?P<high>[^*]+)\*\* \(default method: \*\*(?P<default>[^*]+)\*\*\)")
STRESS = {"vi": "kiểm tra độ nhạy (stress test), không phải khung DTI 2025", "en": "stress test, not the DTI 2025 framework"}


def open_ranking_in(lang: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/ranking.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def spread_frame(at: AppTest, column: str):
    return next(df.value for df in [*at.dataframe, *at.table] if column in df.value.columns)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_model_spread_sentence_and_table_are_the_model_s(ds, study, scenario, lang):
    from model import spread
    from ui.labels import method_label

    at = open_ranking_in(lang)
    table = spread.model_spread(ds, study, scenario())
    rows = table[table["frame"] == study.default_frame]
    pattern = SPREAD_VI if lang == "vi" else SPREAD_EN
    found = [pattern.search(m.value) for m in at.markdown if pattern.search(m.value)]
    assert len(found) == 1, [m.value for m in at.markdown]
    assert found[0]["low"] == fmt_pct(float(rows["p_top"].min()), lang)
    assert found[0]["high"] == fmt_pct(float(rows["p_top"].max()), lang)
    assert found[0]["default"] == fmt_pct(float(rows.loc[rows["default"], "p_top"].iloc[0]), lang)
    assert found[0]["low"] != found[0]["high"]  # the methods disagree on the shipped data

    method_col = "Phương pháp" if lang == "vi" else "Method"
    shown = spread_frame(at, method_col)
    assert list(shown[method_col]) == [method_label(m, lang) for m in rows["method"]]
    marks = shown["Mặc định" if lang == "vi" else "Default"]
    marked = [name for name, mark in zip(shown[method_col], marks, strict=True) if mark]
    assert marked == [method_label("units", lang)]  # exactly the default row is marked
    # ... and highlighted: only its row has the highlight style
    from ui.charts import HIGHLIGHT_ROW

    styled = next(tb for tb in at.table if method_col in tb.value.columns).proto.arrow_data.styler.styles
    default_row = list(rows["default"]).index(True)
    assert HIGHLIGHT_ROW in styled and set(re.findall(r"_row(\d+)_", styled)) == {str(default_row)}
    p_col = next(c for c in shown.columns if c.startswith("Khả năng Top" if lang == "vi" else "Chance of Top"))
    assert list(shown[p_col]) == [fmt_pct(p, lang) for p in rows["p_top"]]
    values = [int(v.replace("%", "").strip()) for v in shown[p_col] if v != "–"]
    assert values and all(0 <= v <= 100 for v in values)

    # the chart draws the same probabilities, all in [0, 1], the default flagged once
    charts = [c for c in at.get("vega_lite_chart") if "isValid(datum.p_top)" in c.proto.spec]
    assert len(charts) == 1
    import pyarrow as pa

    drawn = pa.ipc.open_stream(charts[0].proto.datasets[0].data.data).read_pandas()
    assert list(drawn["label"]) == list(shown[method_col])
    assert drawn["p_top"].dropna().between(0.0, 1.0).all() and int(drawn["default"].sum()) == 1
    assert drawn["p_top"].tolist() == pytest.approx(rows["p_top"].tolist(), nan_ok=True)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_weight_stress_test_is_labelled_and_shows_the_model_s_band(ds, study, scenario, lang):
    from model import weights

    at = open_ranking_in(lang)
    assert any(STRESS[lang] in e.label for e in at.expander), [e.label for e in at.expander]
    assert any(STRESS[lang].lower() in w.value.lower() for w in at.warning), [w.value for w in at.warning]
    result = weights.weight_sensitivity(ds, study, scenario())
    last = result["last_year"]
    band = f"**{last['rank_p10']}–{last['rank_p90']}**"
    assert any(band in m.value and f"**{last['observed_rank']}**" in m.value for m in at.markdown)
    assert 0.0 <= last["p_top"] <= 1.0 and 0.0 <= result["goal_year"]["p_top"] <= 1.0
    shown = spread_frame(at, "Bộ trọng số" if lang == "vi" else "Weight set")
    assert len(shown) == len(result["alternatives"])
    p_col = shown.columns[-1]
    assert list(shown[p_col]) == [fmt_pct(a["p_top_goal_year"], lang) for a in result["alternatives"]]


def test_weight_stress_test_says_why_it_is_not_available_in_the_63_frame(ds, study):
    from model import spread

    at = open_ranking_in("vi", frame="63")
    cov = spread.index_coverage(ds, study).set_index(["frame", "year"]).loc[(63, study.frame_info[63].last_year)]
    notices = [i.value for i in at.info]
    assert any(f"{cov['n_known']}/{cov['n_units']} đơn vị" in n and "Chưa kiểm tra được" in n for n in notices), notices
    # the bounded method does not apply there either, and says so in its row
    shown = spread_frame(at, "Phương pháp")
    assert any(note.startswith("không áp dụng") for note in shown["Ghi chú"])


def test_a_lever_move_does_not_recompute_the_model_spread(monkeypatch):
    from model import spread

    at = open_ranking_in("en")
    calls = []
    original = spread.model_spread
    monkeypatch.setattr(spread, "model_spread", lambda *a, **k: calls.append(1) or original(*a, **k))
    at.slider(key="lv_soc").set_value(0.2).run()
    assert not at.exception
    assert calls == []  # cached by the assumptions and N only
