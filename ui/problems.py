"""Problems found in uploaded files, worded in the chosen language.

The model returns structured problems (:class:`model.userdata.RowProblem` /
:class:`~model.userdata.FileProblem`, :class:`model.scenario_file.ScenarioFileProblem`): a code,
where it is (row, column, key path) and the message's arguments. The words are the
catalogue's (``ui/catalogue/userdata.py``, ``ui/catalogue/scenario_file.py``); every message
says what is wrong and where.
"""

from __future__ import annotations

from typing import Any

from model.scenario_file import ScenarioFileProblem
from model.userdata import FileProblem, RowProblem
from ui.catalogue import CATALOGUE

#: A file-level code worded by another area's string.
_FILE_KEYS = {"bad_file_name": "common.upload.bad_name"}


def _text(key: str, lang: str, **values: Any) -> str:
    """The catalogue's string, always formatted (so ``{{`` in a template is one brace)."""
    vi, en = CATALOGUE[key]
    return (en if lang == "en" else vi).format(**values)


def reason_text(problem: RowProblem, lang: str) -> str:
    """Why a row was rejected, without its location ("unknown indicator id 'x'")."""
    return _text(f"userdata.row.{problem.reason_code}", lang, **problem.params)


def row_message(problem: RowProblem, lang: str) -> str:
    """"Line 3, column indicator_id: unknown indicator id 'x'" (or "Dòng 3, cột …")."""
    if problem.column:
        where = _text("userdata.where.row_column", lang, row=problem.row, column=problem.column)
    else:
        where = _text("userdata.where.row", lang, row=problem.row)
    return _text("userdata.located", lang, where=where, message=reason_text(problem, lang))


def file_message(problem: FileProblem, lang: str) -> str:
    """A refused file's or a notice's message."""
    key = _FILE_KEYS.get(problem.code) or f"userdata.{'notice' if problem.kind == 'notice' else 'file'}.{problem.code}"
    return _text(key, lang, **problem.params)


def scenario_file_message(problem: ScenarioFileProblem, lang: str) -> str:
    """A scenario file's problem, with its location (key path, line and column, or file)."""
    args = problem.params
    if problem.kind == "figures_file":  # the figures' table refused as a whole
        return file_message(FileProblem(problem.code, problem.args), lang)
    if problem.kind == "figures_row":  # one figure refused: the figures' reason at its key path
        reason = _text(f"userdata.row.{problem.code}", lang, **args)
        return _text("userdata.located", lang, where=problem.location, message=reason)
    if problem.code == "bad_type":
        vi, en = CATALOGUE[f"scenario_file.type.{args.pop('expected')}"]
        args["expected"] = en if lang == "en" else vi
    elif problem.code == "not_json":
        if "line" in args:
            args["where"] = _text("scenario_file.where.line", lang, line=args.pop("line"), column=args.pop("column"))
        else:
            args["where"] = _text("scenario_file.where.number_too_long", lang)
        detail = args.pop("detail", "")
        args["detail"] = f": {detail}" if lang == "en" and detail else ""
    return _text(f"scenario_file.{problem.code}", lang, location=problem.location, **args)


def message(problem: Any, lang: str) -> str:
    """Any of the three kinds of problem in ``lang``."""
    if isinstance(problem, RowProblem):
        return row_message(problem, lang)
    if isinstance(problem, ScenarioFileProblem):
        return scenario_file_message(problem, lang)
    return file_message(problem, lang)
