"""The string catalogue and language-aware number formatting."""

from __future__ import annotations

import re
from pathlib import Path

from text.catalogue import CATALOGUE
from text.i18n import fmt_num, fmt_pct, t

ROOT = Path(__file__).parents[2]


def test_numbers_follow_the_language():
    assert fmt_num(0.7629, "vi", 4) == "0,7629"
    assert fmt_num(0.7629, "en", 4) == "0.7629"
    assert fmt_num(12345.5, "vi", 1) == "12.345,5"
    assert fmt_num(12345.5, "en", 1) == "12,345.5"
    # a no-break space: "72 %" never wraps between the number and its sign (390 px screens)
    assert fmt_pct(0.724, "vi") == "72\u00a0%" and fmt_pct(0.724, "en") == "72%"
    assert fmt_num(float("nan"), "vi") == "–" and fmt_num(None, "en") == "–"


def test_every_string_has_both_languages_and_official_terms():
    for key, (vi, en) in CATALOGUE.items():
        assert vi.strip() and en.strip(), key
        assert set(re.findall(r"{(\w+)}", vi)) == set(re.findall(r"{(\w+)}", en)), key
    assert t("common.index.awareness", "vi") == "Nhận thức số"
    assert t("common.index.infrastructure", "vi") == "Hạ tầng số"
    assert t("common.index.society_activity", "vi") == "Hoạt động xã hội số"


def test_every_key_used_in_the_app_exists():
    used = set()
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        used |= set(re.findall(r"""t\(\s*["']([a-z_]+\.[a-z0-9_.]*[a-z0-9_])["']""", path.read_text(encoding="utf-8")))
    assert used, "no catalogue keys found in the app"
    missing = sorted(k for k in used if k not in CATALOGUE)
    assert missing == []


def test_every_problem_code_of_the_model_is_worded_in_the_catalogue():
    # issue 13: the model returns codes and arguments, the catalogue words them (both languages)
    from model import scenario_file, userdata

    for codes, prefix in ((userdata.ROW_CODES, "userdata.row."), (userdata.FILE_CODES, "userdata.file."), (userdata.NOTICE_CODES, "userdata.notice."), (scenario_file.CODES, "scenario_file."), (scenario_file.TYPE_KINDS, "scenario_file.type.")):
        assert sorted(k[len(prefix):] for k in CATALOGUE if k.startswith(prefix) and "." not in k[len(prefix):]) == sorted(codes), prefix
    # the problems themselves carry no text
    for cls in (userdata.RowProblem, userdata.FileProblem, scenario_file.ScenarioFileProblem):
        assert not [f for f in cls.__dataclass_fields__ if f.startswith("message")], cls


def test_problems_are_worded_in_the_chosen_language_with_their_location():
    from model.userdata import FileProblem, RowProblem
    from text.problems import message

    row = RowProblem(4, "value", "130", "share_out_of_range")
    assert message(row, "en") == "Line 4, column value: share 130 is outside 0–100"
    assert message(row, "vi") == "Dòng 4, cột value: tỷ lệ 130 nằm ngoài khoảng 0–100"
    dup = RowProblem(7, None, "x", "too_many_fields")
    assert message(dup, "en") == "Line 7: row has more cells than the header"
    notice = FileProblem("blank_rows_skipped", (("n", 3),), "notice")
    assert message(notice, "vi") == "Đã bỏ qua 3 dòng chưa điền năm và giá trị."


def test_facts_of_the_tables_are_read_from_them(ds):
    # issue 13: the method page's tie example and the frames come from the data, not the words
    import pandas as pd

    from ui.words import first_tie, method_words

    assert first_tie(ds.scores) == {"year": 2022, "rank": 15, "count": 2, "next": 17}
    none = pd.DataFrame({"universe": [63, 63], "year": [2022, 2022], "dti_rank": [1, 2]})
    assert first_tie(none) is None
    words = method_words("en")
    assert words["tie_example"] == ", as in 2022 when 2 provinces shared rank 15 and the next was ranked 17"
    assert (words["today_frame"], words["plan_frame"]) == (34, 63)
    values = {k: "x" for k in re.findall(r"{(\w+)}", CATALOGUE["method.model.body"][0])} | method_words("vi")
    body = t("method.model.body", "vi", **values)
    assert "như năm 2022 có 2 tỉnh cùng hạng 15 và tỉnh tiếp theo hạng 17" in body
