"""The model's notes worded (text/notes.py, text/catalogue/model.py): every code the model can
write has words in both languages, numbers follow the language, lists and nested notes read as
sentences, and a table or a JSON-ready result is worded without touching its figures."""

from __future__ import annotations

import ast
import json
import math
from pathlib import Path

import pandas as pd

from model.notes import Note, note
from model.projection import METHODS as PROJECTION_METHODS
from model.scenario import ParamSpec
from model.status import RANK_METHOD, STATUS_METHODS
from model.uncertainty import BACKTEST_METHODS
from text.catalogue import CATALOGUE
from text.notes import is_note, note_text, notes_text, target_method_text, worded, worded_frame

ROOT = Path(__file__).parents[2]
#: Calls that write a note, and the prefix their first argument's code takes.
WRITERS = {"note": "", "_allowed": "scenario.allowed.", "NotApplicable": "na."}
#: The codes written from a variable (f-strings), with every value the variable takes.
DYNAMIC = {
    *(f"status.zero_{name}" for name in ("base", "target")),
    *(f"status_method.{method}" for method in STATUS_METHODS),
    *(f"spread_method.{method}" for method in (*BACKTEST_METHODS, "transition")),
    *(f"target_method.{method}" for method in (*PROJECTION_METHODS, RANK_METHOD, "dti_main_index", "dti_published_rank", "dti_rank_simulation")),
}


def literal_codes() -> set[str]:
    """Every code the model's source writes as a literal (``note("target.stale", …)``,
    ``NotApplicable("bounded_indices", …)``, either branch of ``"a" if x else "b"``)."""
    found = set()
    for path in (ROOT / "model").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in WRITERS:
                continue
            first = node.args[0]
            branches = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            found |= {WRITERS[name] + b.value for b in branches if isinstance(b, ast.Constant) and isinstance(b.value, str)}
    return found


def test_every_code_the_model_writes_has_words_in_both_languages():
    codes = literal_codes()
    assert {"target.stale", "na.bounded_indices", "scenario.allowed.headroom", "target.group_evidence_tied"} <= codes
    missing = sorted(code for code in codes | DYNAMIC if f"model.{code}" not in CATALOGUE)
    assert missing == []
    # and no words are left that no code uses (a list separator belongs to its note)
    unused = sorted(k for k in CATALOGUE if k.startswith("model.") and not k.endswith("_sep") and k[len("model."):] not in codes | DYNAMIC)
    assert unused == []


def test_numbers_follow_the_language():
    stale = note("target.within_tolerance", year=2025, value=99.5, tolerance=1.0)
    assert note_text(stale, "en") == "target year 2025: 99.5 is within 1 point of 100 % (universal target)"
    assert note_text(stale, "vi") == "năm mục tiêu 2025: 99,5 cách 100 % không quá 1 điểm (chỉ tiêu phổ cập)"
    forced = note("rank.forced", share=0.125)
    assert note_text(forced, "en").startswith("12% of draws") and note_text(forced, "vi").startswith("12\u00a0% số lượt")
    group = note("target.group_evidence", year=2024, universe=34, index="cybersecurity", value=0.91234, rank=3, n=34, ties=0, cut=12)
    assert note_text(group, "en") == "DTI 2024 (34 units): cybersecurity index 0.9123, rank 3 of 34; top third = rank ≤ 12"
    # the index by its official Vietnamese name; the English keeps the id the command line printed
    assert note_text(group, "vi").startswith("DTI 2024 (34 đơn vị): chỉ số An toàn thông tin mạng 0,9123, hạng 3/34")


def test_lists_and_nested_notes_read_as_sentences():
    ranks = note("target.dti_evidence", year=2024, ranks=(note("target.rank_of", rank=11, n=63), note("target.rank_of", rank=7, n=34)))
    assert note_text(ranks, "en") == "DTI 2024: rank 11 of 63 and rank 7 of 34"
    assert note_text(ranks, "vi") == "DTI 2024: hạng 11/63 và hạng 7/34"
    choice = note("scenario.allowed.choice", choices=(34, 63))
    error = note("scenario.not_allowed", field="frame", value=7, allowed=choice)
    assert note_text(error, "en") == "Scenario.frame = 7 is not allowed: one of 34, 63"
    assert note_text(error, "vi") == "Scenario.frame = 7 không hợp lệ: cần một trong các giá trị 34, 63"
    inner = note("na.bounded_indices", known=3, n=34)
    origins = note("na.origins", reasons=(note("na.backtest_origin", frame=34, year=2024, from_year=2023, reason=inner),) * 2)
    assert note_text(origins, "en").count("; ") == 1 and note_text(origins, "en").startswith("34-unit frame, forecast of 2024 from 2023: bounded")
    assert notes_text((inner, note("target.one_point")), "en") == (
        "bounded main indices need every unit's main indices in the base year: 3 of 34 units have them; one point only: no trend, no projection"
    )
    assert target_method_text("rank_ar1", "en") == "AR(1) on ranks, bootstrap of pairs and residuals, reflected at 1 and n_units"


def test_a_result_is_worded_without_touching_its_figures():
    result = {"label": note("weights.stress"), "p": 0.5, "rows": [{"label": note("weights.equal", k=8), "n": 3}], "pair": (1, note("target.one_point"))}
    en = worded(result, "en")
    assert en["p"] == 0.5 and en["rows"][0] == {"label": "equal weights, 1/8 each", "n": 3}
    assert en["pair"] == (1, "one point only: no trend, no projection") and json.dumps(worded(result, "vi"))
    assert is_note(result["label"]) and not is_note("weights.stress") and isinstance(result["label"], Note)  # input unchanged
    frame = pd.DataFrame(
        {"method": ["units", "bounded"], "note": ["", note("na.bounded_indices", known=10, n=63)], "p": [0.4, math.nan],
         "notes": [(note("target.one_point"), note("target.latest_by_user")), ()]}
    )
    shown = worded_frame(frame, "vi")
    assert list(shown["note"]) == ["", "phương pháp chỉ số chính bị chặn cần chỉ số chính năm gốc của mọi đơn vị: chỉ 10/63 đơn vị có"]
    assert shown["notes"].iloc[0].count("; ") == 1 and shown["notes"].iloc[1] == ""
    assert list(shown["method"]) == ["units", "bounded"] and shown["p"].iloc[0] == 0.4 and math.isnan(shown["p"].iloc[1])
    assert is_note(frame["note"].iloc[1])  # the model's table is not changed


def test_a_scenario_field_s_bounds_are_written_as_before():
    # "{lo:g}" keeps the scenario's historical message ("from 0 to 2.14748e+09" for the seed)
    seed = ParamSpec("seed", "seed", "int", 2030, 0, 2**31 - 1, 1)
    allowed = note("scenario.allowed.int_range", lo=seed.lo, hi=seed.hi)
    assert note_text(allowed, "en") == "a whole number from 0 to 2.14748e+09"
    assert note_text(note("scenario.allowed.number_range", lo=0.5, hi=1.5), "vi") == "một số từ 0,5 đến 1,5"
