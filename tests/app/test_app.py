"""AppTest: interactions by key, URL handling (every page's smoke test: test_pages_smoke.py)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

APP = "../../app.py"
PAGES = ("pages/overview.py", "pages/ranking.py", "pages/method.py", "pages/data_sources.py")


def open_app(lang: str = "vi", page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def all_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.label + " " + str(m.value) for m in at.metric]
    parts += [c.value for c in at.caption] + [s.value for s in at.subheader] + [s.value for s in at.title]
    return "\n".join(parts)


def test_overview_shows_rank_and_official_terms():
    at = open_app("vi")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Xếp hạng 2024 (34 đơn vị)"] == "Hạng 7/34"
    assert metrics["Xếp hạng 2024 (63 tỉnh)"] == "Hạng 11/63"
    assert metrics["Điểm DTI 2024"] == "0,7629"
    text = all_text(at)
    assert "Hạ tầng số" in text and "Hoạt động xã hội số" in text
    en = open_app("en")
    assert {m.label: m.value for m in en.metric}["DTI 2024 score"] == "0.7629"
    # the next DTI, not yet in the tables, is named from the last observed year (issue 13)
    assert "DTI 2025 (34 units, revised framework) had not been published" in all_text(en)
    # a 2030 goal is "met on the latest figures (2024)", never plainly "met" (issue 14)
    goals = next(df.value for df in en.dataframe if "State" in df.value.columns)
    assert goals["State"].iloc[0] == "Met on the latest figures (2024)"


def _big_numbers(at: AppTest) -> dict[str, str]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def test_moving_a_lever_changes_the_scenario_not_the_baseline():
    at = open_app("en", "pages/ranking.py")
    before = _big_numbers(at)
    key = "Chance of Top 15 in 2030"
    at.slider(key="lv_soc").set_value(0.3).run()
    after = _big_numbers(at)
    assert not at.exception
    assert after[key][1] == before[key][1]  # baseline (shown as the delta text) unchanged
    assert after[key][0] != before[key][0]
    assert int(after[key][0].rstrip("%")) > int(before[key][0].rstrip("%"))


def test_widgets_are_bound_to_the_url():
    at = open_app("vi", "pages/ranking.py")
    for key in ("lv_infra", "lv_gov", "lv_econ", "lv_soc", "top", "year", "as_pace", "as_shock", "as_persist", "seed", "draws"):
        assert at.slider(key=key).proto.query_param_key == key


def test_url_values_are_applied_and_bad_ones_named():
    at = open_app("en", "pages/ranking.py", lv_soc="0.2", top="abc", zzz="<script>x</script>")
    assert at.slider(key="lv_soc").value == pytest.approx(0.2)
    notices = [w.value for w in at.warning]
    assert any("`top`" in n and "`zzz`" in n for n in notices), notices
    assert all("<script>" not in n for n in notices)
    assert not at.exception


def test_lever_above_headroom_is_reported():
    at = open_app("en", None, lv_infra="0.9")
    assert any("lv_infra" in w.value for w in at.warning)
    assert at.slider(key="lv_infra").value == 0.0


def test_method_page_shows_backtest_figures():
    at = open_app("en", "pages/method.py")
    metrics = {m.label: m.value for m in at.metric}
    coverage = metrics["Share of units whose actual rank is inside the 80 % range"]
    assert 70 <= int(coverage.rstrip("%")) <= 90
    assert at.success, "the backtest verdict should be shown as passing"
    # every origin of every frame, and the pooled row (shipped data: 2022→2023 ⇒ 2024 in both frames)
    origins = next(df.value for df in at.dataframe if "Fit ⇒ forecast" in df.value.columns)
    assert list(origins["Frame"]) == ["34", "63", "Pooled"]
    assert list(origins["Fit ⇒ forecast"][:2]) == ["2022 → 2023 ⇒ 2024"] * 2
    assert list(origins["Cases"]) == ["34", "63", "97"]
    # the persistence forecast is named by the year it keeps, read from the backtest (issue 13)
    assert "Mean absolute rank error: model / same rank as 2023" in metrics
    assert "Mean absolute rank error: model / same rank as the year before" in origins.columns
    text = "\n".join(m.value for m in at.markdown)
    assert "as in 2022 when 2 provinces shared rank 15 and the next was ranked 17" in text
    # the target labels' rules, with the model's tolerance and age limit (issue 14)
    assert "counts as met within 1 point of 100 %" in text and "more than 2 years older than 2025" in text


def test_data_page_offers_every_file_with_provenance():
    at = open_app("en", "pages/data_sources.py")
    text = all_text(at)
    for name in ("dti_scores.csv", "targets.csv", "indicators.csv", "hatinh_pci.csv"):
        assert name in "\n".join(e.label for e in at.expander)
    assert "SHA-256" in text
    # each file's provenance record matches the sidecar
    sidecar = json.loads(open("data/dti_scores.csv.json", encoding="utf-8").read())
    assert sidecar["sha256"] in text
    assert any(e.label.startswith(sidecar["title"] + " · ") for e in at.expander)


def test_data_page_titles_are_vietnamese_in_the_vietnamese_view():
    at = open_app("vi", "pages/data_sources.py")
    labels = [e.label for e in at.main.expander]
    assert len(labels) == 9  # the eight research tables and the study set-up (study.csv)
    assert labels[0].startswith("Điểm và thứ hạng Chỉ số chuyển đổi số cấp tỉnh (DTI)")
    assert any(label.startswith("Các chỉ tiêu của Kế hoạch chuyển đổi số tỉnh Hà Tĩnh") for label in labels)
    assert "trích nguyên văn (tiếng Anh)" in all_text(at)


def test_english_table_titles_are_the_provenance_records_own(ds):
    # the years and counts are read from the tables (ui.words.table_title): they must still say
    # what each provenance record says
    from ui.words import table_title

    for file_name, meta in ds.provenance.items():
        assert table_title(file_name, "en") == meta["title"], file_name
    assert table_title("dti_scores.csv", "vi").endswith("2022–2024 cho 63 tỉnh, thành phố; 2024 cho 34 đơn vị sau sáp nhập")


# -- the focus unit (issue 13) -------------------------------------------------------------
#: One unit from the top, the middle and the bottom of the 34-unit DTI 2024 ranking.
FOCUS_SAMPLE = ("ha-noi", "quang-tri", "lai-chau")


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("unit", FOCUS_SAMPLE)
@pytest.mark.parametrize("page", [*PAGES, "pages/targets.py", "pages/presenter.py", "pages/briefing.py", "pages/compare.py"])
def test_every_page_follows_another_focus_unit(study, lang, unit, page):
    at = open_app(lang, page, unit=unit)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.selectbox(key="unit").value == unit
    if page == "pages/data_sources.py":
        return  # the data page shows the tables, whatever the focus
    name = study.unit_name(unit)
    text = all_text(at) + "\n".join(w.value for w in at.warning) + "\n".join(i.value for i in at.info)
    assert name in text, f"{name} not shown on {page}"


def test_sample_units_span_the_ranking(study):
    order = study.frame_info[34].unit_ids
    positions = sorted(order.index(u) + 1 for u in FOCUS_SAMPLE)
    assert positions[0] <= 5 and 12 <= positions[1] <= 22 and positions[2] >= 30, positions


def test_focus_select_lists_the_frame_in_vietnamese_order(study):
    from text.i18n import vi_sort_key

    at = open_app("vi")
    box = at.selectbox(key="unit")
    assert box.value == study.plan_unit  # the plan's unit by default
    names = list(box.options)
    assert len(names) == 34
    assert names == sorted(names, key=vi_sort_key)
    assert names.index("Đà Nẵng") > names.index("Cần Thơ")  # đ after d, after c
    at.radio(key="frame").set_value(63).run()
    assert len(at.selectbox(key="unit").options) == 63


def test_frame_switch_maps_a_merged_province_to_its_unit(study):
    at = open_app("en", None, frame="63", unit="ha-giang")
    assert at.selectbox(key="unit").value == "ha-giang"
    # the 63 frame has no 2024 main indices for a merged province: no lever sliders, a note
    assert not [s for s in at.sidebar.slider if s.key and s.key.startswith("lv_")]
    assert any("not published for this unit" in c.value for c in at.sidebar.caption)
    at.radio(key="frame").set_value(34).run()
    assert not at.exception
    assert at.selectbox(key="unit").value == study.to_unit34["ha-giang"] == "tuyen-quang"
    assert [s.key for s in at.sidebar.slider if s.key.startswith("lv_")]  # the 34 unit's levers


def test_target_page_says_the_targets_are_the_plan_units(study):
    at = open_app("en", "pages/targets.py", unit="lai-chau")
    warnings = [w.value for w in at.warning]
    assert any("not Lai Châu's" in w and "Hà Tĩnh" in w for w in warnings), warnings
    default = open_app("en", "pages/targets.py")
    assert not any("not Hà Tĩnh's" in w.value for w in default.warning)


def test_levers_at_the_ceiling_get_no_slider_and_are_named():
    at = open_app("en")
    keys = {s.key for s in at.sidebar.slider if s.key and s.key.startswith("lv_")}
    assert keys == {"lv_infra", "lv_gov", "lv_econ", "lv_soc"}  # Hà Tĩnh's main indices below 1.0 in 2024
    held = [c.value for c in at.sidebar.caption if c.value.startswith("Already at the maximum")]
    assert held and all(name in held[0] for name in ("Digital awareness", "Digital institutions", "Cybersecurity"))


# -- issue 14: every method, the choice, near the cut line (Method page) ---------------------
@pytest.fixture(scope="module")
def compared(ds, study):
    from model import backtest

    runs = backtest.backtest_methods(ds, study)
    return runs, backtest.near_cut_calibration(runs["methods"]["units"])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_method_page_compares_the_methods_near_the_cut_line(ds, study, compared, lang):
    from model import spread
    from text.i18n import fmt_num, fmt_pct
    from ui.labels import method_label

    runs, near = compared
    at = open_app(lang, "pages/method.py")
    assert not at.exception and not at.error
    col = "Phương pháp" if lang == "vi" else "Method"
    table = next(df.value for df in at.table if col in df.value.columns and len(df.value.columns) > 4)
    assert list(table[col]) == [method_label(m, lang) for m in [*runs["methods"], *runs["not_applicable"]]]
    status = table["Kết quả" if lang == "vi" else "Result"]
    chosen = [m for m, s in zip(table[col], status, strict=True) if s.startswith("✔")]
    assert chosen == [method_label(runs["choice"]["chosen"], lang)]
    brier_col = next(c for c in table.columns if c.startswith("Brier Top"))
    assert list(table[brier_col][: len(runs["methods"])]) == [fmt_num(r.brier_model, lang, 3) for r in runs["methods"].values()]

    # near the cut line: mean P against the share that made it, both computed
    text = "\n".join(i.value for i in at.info)
    assert f"**{fmt_pct(near['mean_p'], lang)}**" in text and f"**{fmt_pct(near['made_it'], lang)}**" in text
    assert f"({near['n_made']}/{near['n_near']})" in text
    assert near["mean_p"] < near["made_it"]  # the shipped data: too pessimistic near the cut
    assert ("quá bi quan" if lang == "vi" else "too pessimistic") in text
    pooled = runs["methods"]["units"].as_dict()["pooled"]
    assert any(fmt_num(pooled["brier_model_near"], lang, 3) in m.value and fmt_num(pooled["brier_persistence_near"], lang, 3) in m.value for m in at.markdown)
    counts = "Số trường hợp" if lang == "vi" else "Cases"
    reliability = next(df.value for df in at.table if counts in df.value.columns and len(df.value) == len(pooled["reliability"]["near"]))
    assert sum(int(n) for n in reliability[counts]) == near["n_near"]

    # the plain-words paragraphs quote the model: transitions, bounded, weights
    words = "\n".join(m.value for m in at.markdown)
    b = fmt_num(runs["methods"]["transitions"].brier_model, lang, 3)
    assert f"Brier {b} {'và' if lang == 'vi' else 'and'} {fmt_num(runs['methods']['units'].brier_model, lang, 3)}" in words
    cov = spread.index_coverage(ds, study).set_index(["frame", "year"])
    base = runs["methods"]["units"].results[0]
    row = cov.loc[(base.frame, base.fit_years[-1])]
    shown = f"{row['n_known']}/{row['n_units']}" if lang == "vi" else f"{row['n_known']} of {row['n_units']}"
    assert shown in words
    stress = "kiểm tra độ nhạy (stress test), không phải khung DTI 2025" if lang == "vi" else "stress test, not the DTI 2025 framework"
    assert stress in words
