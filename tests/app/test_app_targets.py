"""AppTest of the target page (Mục tiêu 2025/2030): every target, levers, planners' figures."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from model.data import load_dataset

APP = "../../app.py"
PAGE = "pages/targets.py"


def open_targets(lang: str = "vi", obs: pd.DataFrame | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    if obs is not None:
        at.session_state["user_obs"] = obs
        at.session_state["obs_editor_base"] = obs
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def target_rows(at: AppTest, lang: str) -> pd.DataFrame:
    """The four pillar tables of the page stacked (what the user reads)."""
    label, status = ("Chỉ tiêu", "Trạng thái") if lang == "vi" else ("Target", "Status")
    frames = [d.value for d in at.table if {label, status} <= set(d.value.columns)]
    assert len(frames) == 4  # one table per pillar
    return pd.concat(frames, ignore_index=True).set_index(label)


def entered(indicator: str, years: list[int], values: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {"indicator_id": indicator, "year": pd.Series(years, dtype="int64"), "value": pd.Series(values, dtype="float64"),
         "note": "", "source": "entered by user"}
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_target_has_a_row_with_a_status_in_both_languages(lang):
    at = open_targets(lang)
    assert not at.error, [e.value for e in at.error]
    rows = target_rows(at, lang)
    labels = load_dataset().targets["label_vi" if lang == "vi" else "label_en"]
    if lang == "vi":  # the house style's space before "%" (ui/cache.dataset): "10 % GRDP"
        labels = labels.str.replace(r"(\d)%", r"\1 %", regex=True)
    assert sorted(rows.index) == sorted(labels)
    status = rows["Trạng thái" if lang == "vi" else "Status"]
    assert status.str.len().gt(0).all()
    no_data = "Chưa có số liệu của tỉnh" if lang == "vi" else "No provincial figure yet"
    # shipped data: only 4G/5G, PCI, cybersecurity and the DTI have a Hà Tĩnh figure
    assert (status == no_data).sum() == 15
    # a 2025 goal judged on DTI 2024: met on the latest figures, with their year (issue 14)
    met = "Đạt theo số liệu mới nhất (2024)" if lang == "vi" else "Met on the latest figures (2024)"
    cyber = labels[load_dataset().targets["target_id"] == "cybersecurity_good"].iloc[0]
    assert status[cyber] == met
    mobile = labels[load_dataset().targets["target_id"] == "mobile_4g5g"].iloc[0]
    assert status[mobile].startswith("Đạt (trong ngưỡng cho phép)" if lang == "vi" else "Achieved (within tolerance)")
    # every target has a detail section, each measurable one a keyed lever bound to the URL
    assert len([e for e in at.expander if "·" in e.label]) == len(labels)
    pushes = [s for s in at.slider if str(s.key).startswith("push_") and s.key != "push_start"]
    assert len(pushes) == 16
    assert all(s.proto.query_param_key == s.key for s in pushes)


def test_a_lever_moves_its_own_target_and_nothing_else():
    at = open_targets("en")
    before = target_rows(at, "en")
    at.slider(key="push_mobile_4g5g").set_value(0.5).run()
    after = target_rows(at, "en")
    changed = [label for label in before.index if not before.loc[label].equals(after.loc[label])]
    assert changed == ["Universal 4G/5G mobile service"]
    col = "Scenario 2030"
    assert float(after.loc[changed[0], col].split()[0]) > float(before.loc[changed[0], col].split()[0])
    # the baseline projection of that target did not move
    assert after.loc[changed[0], "Projection 2030"] == before.loc[changed[0], "Projection 2030"]


def test_entered_figures_are_used_marked_and_leave_the_shipped_data_alone():
    shipped = load_dataset().indicators.copy()
    obs = entered("fiber_households", [2021, 2023], [40.0, 60.0])
    at = open_targets("vi", obs=obs)
    rows = target_rows(at, "vi")
    fibre = rows.loc["Hộ gia đình có cáp quang băng rộng"]
    assert fibre["Mới nhất"] == "60,0 % (2023) ✎ người dùng nhập"
    assert fibre["Trạng thái"] != "Chưa có số liệu của tỉnh"
    assert "Thống kê Canada" in fibre["Phương pháp"]
    assert {m.label: m.value for m in at.metric}["Số liệu do người dùng nhập"] == "2"
    # the chart of that target marks the user's points
    specs = " ".join(json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("vega_lite_chart"))
    assert "Số liệu người dùng nhập" in specs
    pd.testing.assert_frame_equal(load_dataset().indicators, shipped)
    # another session (no figures) does not see them
    other = target_rows(open_targets("vi"), "vi")
    assert other.loc["Hộ gia đình có cáp quang băng rộng", "Trạng thái"] == "Chưa có số liệu của tỉnh"


def test_status_method_can_be_switched_and_is_traced_on_screen():
    obs = entered("fiber_households", [2021, 2023], [40.0, 60.0])
    statcan = open_targets("en", obs=obs)
    text = " ".join(m.value for m in statcan.markdown)
    assert "Measure R = " in text and "thresholds: On track ≥ " in text
    un = open_targets("en", obs=obs, method="un2023")
    assert target_rows(un, "en").loc["Households with fibre broadband", "Method"] == "UN 2023 (expected value)"
    assert "Measure P = " in " ".join(m.value for m in un.markdown)


def test_a_link_shows_its_own_figures_on_the_first_run():
    """Widgets drawn late in the page (method, pushes) must not show defaults first."""
    obs = entered("fiber_households", [2021, 2023], [40.0, 60.0])
    plain = target_rows(open_targets("en", obs=obs), "en").loc["Households with fibre broadband"]
    linked = open_targets("en", obs=obs, method="un2023", push_fiber_households="2.5")
    row = target_rows(linked, "en").loc["Households with fibre broadband"]
    assert row["Method"] == "UN 2023 (expected value)"
    assert float(row["Scenario 2030"].split()[0]) > float(plain["Scenario 2030"].split()[0])
    assert linked.slider(key="push_fiber_households").value == 2.5


CORPUS = __import__("pathlib").Path(__file__).parents[1] / "corpus" / "uploads"


def upload(at: AppTest, name: str) -> AppTest:
    at.file_uploader(key="obs_upload").set_value((name, (CORPUS / name).read_bytes(), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_uploading_a_vietnamese_excel_csv_updates_the_statuses():
    at = upload(open_targets("vi"), "good_vi_excel.csv")
    assert any("đã nhận" in s.value and "loại 0 dòng" in s.value for s in at.success)
    fibre = target_rows(at, "vi").loc["Hộ gia đình có cáp quang băng rộng"]
    assert fibre["Mới nhất"] == "82,4 % (2024) ✎ người dùng nhập"
    assert fibre["Trạng thái"] != "Chưa có số liệu của tỉnh"


def test_bad_rows_are_listed_with_row_column_and_reason_and_good_rows_are_kept():
    at = upload(open_targets("en"), "bad_rows.csv")
    rejected = [d.value for d in at.dataframe if "Reason" in d.value.columns]
    assert len(rejected) == 1
    reasons = dict(zip(rejected[0]["Row"], rejected[0]["Reason"], strict=True))
    assert "unknown indicator id 'unknown_thing'" in reasons[3]
    assert "'abc' is not a number" in reasons[4] and "outside 0–100" in reasons[5]
    kept = int({m.label: m.value for m in at.metric}["Figures entered by users"])
    assert kept >= 1  # the good rows of the file are in use


def test_an_unreadable_file_changes_nothing_already_entered():
    at = upload(open_targets("en"), "good_vi_excel.csv")
    before = target_rows(at, "en")
    count = {m.label: m.value for m in at.metric}["Figures entered by users"]
    upload(at, "binary_renamed.csv")
    assert any("Could not read binary\\_renamed.csv" in w.value for w in at.warning)  # the name is shown escaped
    pd.testing.assert_frame_equal(target_rows(at, "en"), before)
    assert {m.label: m.value for m in at.metric}["Figures entered by users"] == count


def test_the_way_to_enter_figures_comes_first_while_most_targets_have_none():
    at = open_targets("vi")
    assert [u.key for u in at.main.get("file_uploader")] == ["obs_upload"] and "obs_template" in [w.key for w in at.get("download_button")]

    def walk(node, out: list[str]) -> list[str]:
        out.append(f"{getattr(node, 'type', '')}|{getattr(node, 'value', '')}"[:90])
        for child in getattr(node, "children", {}).values():
            walk(child, out)
        return out

    order = walk(at.main, [])
    entry = next(i for i, text in enumerate(order) if "**Nhập số liệu của sở** · 14/17 mục tiêu 2025 chưa có số liệu" in text)
    uploader = next(i for i, text in enumerate(order) if text.startswith("file_uploader"))
    first_table = next(i for i, text in enumerate(order) if text.startswith(("arrow_data_frame", "dataframe")))
    assert entry < uploader < first_table
def test_the_ranking_goal_says_which_threshold_its_status_uses():
    # issue 14: the DTI goal's status uses Top 15 of 34; the plan's Top 15 of 63 is Top 9 of 34
    at = open_targets("en")
    texts = [m.value for m in at.markdown]
    (used,) = [x for x in texts if x.startswith("The status uses **Top 15 of 34**")]
    assert "Top 9 of 34: P = " in used and "Top 15 of 63" in used
    caveats = [x for x in texts if x.startswith("⚠ The two readings of the threshold")]
    same = used.split("i.e. ")[1].strip('".')
    status_15 = next(x for x in texts if x.startswith("**Status:** ") and "DTI rank simulation" in x)
    # a caveat exactly when the two readings give different statuses
    assert bool(caveats) == (same not in status_15)


def test_the_pci_evidence_names_the_goal_and_the_years_from_the_data():
    ds = load_dataset()
    goal = ds.targets.set_index("target_id").loc["pci_top25"]
    # the years the rank model reads: published ranks, and years known to be outside the top 30
    ranked = ds.pci.dropna(subset=["pci_rank"])["year"].astype(int)
    at = open_targets("en")
    (line,) = [m.value for m in at.markdown if m.value.startswith("PCI: rank ")]
    assert f"P(rank ≤ {int(goal['target_value'])} in {int(goal['target_year'])})" in line
    outside = [int(y) for y in line.split("; ")[1].split(":")[0].split(", ")]
    assert f"AR(1) model of the {ranked.min()}–{max([*ranked, *outside])} ranks" in line
