"""AppTest of sharing: presets apply and reset, the link, A/B/C comparison, the presenter
view, the scenario file (good and bad uploads)."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from model import engine, presets
from model.data import load_dataset
from model.scenario import Scenario, default_scenario, lever_key
from model.scenario_file import dump_scenario_file
from model.study import build_study
from model.targets.assess import assess_targets, on_track_summary
from model.targets.vocabulary import PROJECTION_YEARS
from text.i18n import fmt_pct, t

APP = "../../app.py"
COMPARE = "pages/compare.py"
PRESENTER = "pages/presenter.py"
DS = load_dataset()
STUDY = build_study(DS)
#: The lever sliders of the default focus (the plan's unit): its main indices below 1.0.
LEVER_KEYS = {k: lever_key(k) for k, cap in STUDY.lever_caps(STUDY.default_frame, STUDY.plan_unit).items() if cap > 0}


def S(**changes) -> Scenario:
    """The study's default scenario with ``changes``."""
    return default_scenario(STUDY, **changes)


def open_app(lang: str = "vi", page: str | None = None, obs: pd.DataFrame | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    if obs is not None:
        at.session_state["user_obs"] = obs
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def p_goal(scenario: Scenario) -> float:
    """P(Top 15 in 2030) from the model itself (not through the app's caches)."""
    goal = scenario.with_values(top_n=min(STUDY.goal_rank, scenario.frame), year=STUDY.goal_year)
    return float(engine.rank_forecast(DS, STUDY, goal).scenario.p_top[-1])


def median_goal(scenario: Scenario) -> float:
    goal = scenario.with_values(top_n=min(STUDY.goal_rank, scenario.frame), year=STUDY.goal_year)
    return float(engine.rank_forecast(DS, STUDY, goal).scenario.median_rank[-1])


def big_values(at: AppTest) -> list[str]:
    """The presenter's three big numbers as shown (the text of the fixed .dti-big-value divs)."""
    text = "\n".join(m.value for m in at.markdown)
    return re.findall(r'<div class="dti-big-value">([^<]*)</div>', text)


def sidebar_text(at: AppTest) -> str:
    return "\n".join(c.value for c in at.sidebar.caption)


def entered(indicator: str, years: list[int], values: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {"indicator_id": indicator, "year": pd.Series(years, dtype="int64"), "value": pd.Series(values, dtype="float64"),
         "note": "", "source": "entered by user"}
    )


# ----------------------------------------------------------------------------- presets
def test_presets_apply_in_one_click_keep_the_view_and_reset():
    lang = "en"
    at = open_app(lang, PRESENTER)
    at.slider(key="top").set_value(10).run()
    at.button(key="preset_stalled").click().run()
    assert not at.exception
    assert at.session_state["as_pace"] == pytest.approx(1.5)
    assert at.session_state["trend"] == pytest.approx(0.0)
    assert at.slider(key="top").value == 10, "a preset keeps the view settings"
    assert "In use: **Stalled**" in sidebar_text(at)
    stalled = S(others_pace=1.5, trend_multiplier=0.0)
    assert big_values(at)[0] == fmt_pct(p_goal(stalled), lang)

    at.button(key="preset_accelerated").click().run()
    lever = presets.accelerated(DS, STUDY, S()).fact("lever")
    for key in LEVER_KEYS.values():
        assert at.slider(key=key).value == pytest.approx(lever)
    assert at.session_state["as_pace"] == pytest.approx(1.0), "keys not in the preset go back to their defaults"
    assert at.session_state["trend"] == pytest.approx(1.5)
    accelerated = presets.accelerated(DS, STUDY, S()).scenario
    shown = big_values(at)[0]
    assert shown == fmt_pct(p_goal(accelerated), lang)
    assert int(shown.rstrip("%")) >= 90

    at.button(key="preset_baseline").click().run()
    for key in LEVER_KEYS.values():
        assert at.slider(key=key).value == 0.0
    assert at.session_state["trend"] == pytest.approx(1.0)
    assert big_values(at)[0] == fmt_pct(p_goal(S()), lang)
    assert "In use: **Baseline**" in sidebar_text(at)
    assert at.slider(key="top").value == 10


def test_preset_buttons_state_their_rule_in_vietnamese():
    at = open_app("vi")
    helps = {b.key: b.help for b in at.button if b.key and b.key.startswith("preset_")}
    assert set(helps) == {f"preset_{p}" for p in presets.PRESET_IDS}
    assert "Top 15 năm 2030" in helps["preset_accelerated"] and "90\u00a0%" in helps["preset_accelerated"]
    assert "1,5" in helps["preset_accelerated"] and "1,5" in helps["preset_stalled"]
    assert "đặt lại" in helps["preset_baseline"]
    assert [b.label for b in at.button if b.key in helps] == ["Cơ sở", "Kế hoạch", "Tăng tốc", "Chững lại"]


def test_plan_preset_pushes_the_entered_series_to_their_targets():
    obs = entered("level4_services_share", [2021, 2022, 2023], [40.0, 50.0, 60.0])
    at = open_app("en", obs=obs)
    at.button(key="preset_plan").click().run()
    assert not at.exception
    expected = presets.plan_pushes(DS, STUDY, S(), obs).set_index("target_id").loc["dvc_level4", "push"]
    assert expected > 0
    assert at.session_state["push_dvc_level4"] == pytest.approx(expected)
    assert at.session_state["push_start"] == presets.plan_push_start(STUDY)
    table = assess_targets(DS, user_obs=obs, pushes={"dvc_level4": expected}, push_start=presets.plan_push_start(STUDY), pci_draws=200)
    assert table.set_index("target_id").loc["dvc_level4", "scenario_2025"] >= 80.0
    assert "In use: **Plan**" in sidebar_text(at) and "1 targets pushed" in sidebar_text(at)


# ----------------------------------------------------------------------------- the link
def test_share_link_reproduces_the_figures_in_a_fresh_session():
    at = open_app("en", PRESENTER)
    at.button(key="preset_stalled").click().run()
    at.slider(key="lv_soc").set_value(0.2).run()
    link = at.code[0].value
    params = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
    assert params == {"lang": "EN", "as_pace": "1.5", "trend": "0", "lv_soc": "0.2"}
    before = big_values(at)

    fresh = open_app("en", None, **{k: v for k, v in params.items() if k != "lang"})
    fresh.switch_page(PRESENTER).run()
    assert big_values(fresh) == before
    assert before[0] == fmt_pct(p_goal(S(others_pace=1.5, trend_multiplier=0.0, levers={"society_activity": 0.2})), "en")
    assert not fresh.warning, [w.value for w in fresh.warning]


# ----------------------------------------------------------------------------- compare
def save_slot(at: AppTest, letter: str, name: str) -> None:
    at.text_input(key="cmp_name").set_value(name).run()
    at.button(key=f"save_cmp_{letter.lower()}").click().run()
    assert not at.exception


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_compare_page_puts_saved_slots_side_by_side(lang):
    at = open_app(lang)
    at.button(key="preset_accelerated").click().run()
    save_slot(at, "A", "Tăng tốc [thử]*")
    at.button(key="preset_stalled").click().run()
    save_slot(at, "B", "")
    at.button(key="preset_baseline").click().run()
    slot_a = at.text_input(key="cmp_a").value
    assert slot_a.startswith("Tăng tốc thử|"), slot_a  # markdown characters dropped from the name
    assert at.text_input(key="cmp_a").proto.query_param_key == "cmp_a"
    at.switch_page(COMPARE).run()
    assert not at.exception and not at.error
    headers = [s.value for s in at.subheader]
    stalled_name = "Chững lại" if lang == "vi" else "Stalled"
    assert headers[:3] == ["Đang xem" if lang == "vi" else "Shown now", "A · Tăng tốc thử", f"B · {stalled_name}"]
    label = "Khả năng vào Top 15 năm 2030" if lang == "vi" else "Chance of the Top 15 in 2030"
    p_shown = [m.value for m in at.metric if m.label == label]
    accelerated = presets.accelerated(DS, STUDY, S()).scenario
    expected = [S(), accelerated, S(others_pace=1.5, trend_multiplier=0.0)]
    assert p_shown == [fmt_pct(p_goal(s), lang) for s in expected]
    charts = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert len(charts) == 2
    assert not at.warning


def test_compare_slots_survive_a_link_and_bad_slots_are_named():
    at = open_app("en")
    at.button(key="preset_stalled").click().run()
    save_slot(at, "A", "Slow")
    value = at.text_input(key="cmp_a").value
    fresh = open_app("en", COMPARE, cmp_a=value, cmp_c="x|lv_infra=abc&zzz=1")
    assert [s.value for s in fresh.subheader][:3] == ["Shown now", "A · Slow", "C · x"]
    notices = " ".join(w.value for w in fresh.warning)
    assert "Slot C" in notices and "`lv_infra`" in notices and "`zzz`" in notices
    assert "cmp_a" not in notices, "slots are not unknown URL parameters"
    label = "Chance of the Top 15 in 2030"
    p_shown = [m.value for m in fresh.metric if m.label == label]
    assert p_shown[1] == fmt_pct(p_goal(S(others_pace=1.5, trend_multiplier=0.0)), "en")
    assert p_shown[2] == p_shown[0], "C falls back to the defaults for its bad values"


def test_using_a_slot_puts_it_into_the_sliders():
    at = open_app("en")
    at.slider(key="lv_gov").set_value(0.15).run()
    save_slot(at, "B", "Gov")
    at.button(key="preset_baseline").click().run()
    assert at.slider(key="lv_gov").value == 0.0
    at.switch_page(COMPARE).run()
    at.button(key="use_B").click().run()
    assert at.slider(key="lv_gov").value == pytest.approx(0.15)
    at.button(key="clear_B").click().run()
    assert at.text_input(key="cmp_b").value == ""


# ----------------------------------------------------------------------------- presenter
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_presenter_shows_three_big_numbers_one_chart_and_the_levers(lang):
    at = open_app(lang, PRESENTER)
    assert not at.error and not at.warning
    table = assess_targets(DS, dti_top15_probability=p_goal(S()))
    summary = on_track_summary(table, 2025)
    assert big_values(at) == [
        fmt_pct(p_goal(S()), lang),
        f"{median_goal(S()):.0f}",
        f"{summary.on_track}/{summary.assessable}",
    ]
    assert len(at.get("vega_lite_chart")) == 1
    main_sliders = {s.key for s in at.main.slider}
    assert main_sliders == set(LEVER_KEYS.values())
    assert not {s.key for s in at.sidebar.slider} & set(LEVER_KEYS.values())
    at.slider(key="lv_econ").set_value(0.25).run()
    assert big_values(at)[0] == fmt_pct(p_goal(S(levers={"econ_activity": 0.25})), lang)
    assert at.slider(key="lv_econ").proto.query_param_key == "lv_econ"


# ----------------------------------------------------------------------------- scenario file
def upload(at: AppTest, data: bytes) -> AppTest:
    at.file_uploader(key="scenario_upload").set_value(("kich-ban.json", data, "application/json")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_downloaded_scenario_file_restores_the_same_figures():
    obs = entered("level4_services_share", [2022, 2023], [50.0, 60.0])
    source = open_app("en", PRESENTER, obs=obs)
    source.radio(key="frame").set_value(63).run()
    source.button(key="preset_accelerated").click().run()
    before = big_values(source)
    scenario = presets.accelerated(DS, STUDY, S(frame=63)).scenario
    data = dump_scenario_file(scenario, obs)

    at = open_app("en", PRESENTER)
    upload(at, data)
    assert [m.value for m in at.success] == ["Scenario file opened: every setting restored, with 2 entered figures."]
    assert not at.warning
    assert at.radio(key="frame").value == 63
    assert big_values(at) == before
    restored = at.session_state["user_obs"]
    rows = lambda df: [(str(i), int(y), float(v)) for i, y, v in df[["indicator_id", "year", "value"]].itertuples(index=False)]  # noqa: E731
    assert rows(restored) == rows(obs)


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d.update(version=99), "version"),
        (lambda d: d.update(extra="x"), "extra"),
        (lambda d: d["scenario"].update(draws=-5), "draws"),
        (lambda d: d["scenario"]["levers"].update(infrastructure=0.9), "scenario.levers.infrastructure: '0.9' vượt dư địa"),
    ],
    ids=["wrong_version", "unknown_key", "bad_value", "lever_above_headroom"],
)
def test_a_bad_scenario_file_is_named_and_changes_nothing(change, expected):
    obs = entered("level4_services_share", [2022, 2023], [50.0, 60.0])
    at = open_app("vi", PRESENTER, obs=obs)
    at.slider(key="lv_soc").set_value(0.1).run()
    before = big_values(at)
    doc = json.loads(dump_scenario_file(S(others_pace=1.5), None))
    change(doc)
    upload(at, json.dumps(doc).encode())
    notices = [w.value.replace("\\", "") for w in at.warning]  # markdown escapes dropped: as shown
    assert len(notices) == 1 and "không có gì bị thay đổi" in notices[0], notices
    assert expected in notices[0]
    assert at.slider(key="lv_soc").value == pytest.approx(0.1)
    assert big_values(at) == before
    assert at.session_state["user_obs"]["value"].tolist() == [50.0, 60.0]


# ----------------------------------------------------------------------------- target counts
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_target_counts_are_one_definition_on_the_target_page_presenter_and_briefing(lang):
    """The 2025 targets: on track / assessable / total and without a provincial figure, from
    model.targets.on_track_summary, the same on the target page, the presenter and the
    briefing (the issue saw 15/19 on one and "1/3 … (tổng 17)" on the other)."""
    first = min(PROJECTION_YEARS)
    table = assess_targets(DS, dti_top15_probability=p_goal(S()))
    summary = on_track_summary(table, first)
    assert summary.total == summary.assessable + summary.no_data + summary.not_assessable
    assert summary.no_data == int(((table["target_year"] == first) & (table["status"] == "no_provincial_data")).sum())
    counts = t("common.targets_counts", lang, assessable=summary.assessable, total=summary.total, no_data=summary.no_data, year=first)

    targets = open_app(lang, "pages/targets.py")
    metrics = {m.label: m.value for m in targets.metric}
    assert metrics[t("targets.big.no_data", lang, year=first)] == f"{summary.no_data}/{summary.total}"
    assert metrics[t("targets.big.on_track", lang, first_target=first)] == f"{summary.on_track}/{summary.assessable}"

    presenter = open_app(lang, PRESENTER)
    assert counts in "\n".join(m.value for m in presenter.markdown)

    briefing = open_app(lang, "pages/briefing.py")
    assert f"{summary.on_track}/{summary.assessable}" in [m.value for m in briefing.metric]
    assert counts in [c.value for c in briefing.caption]
