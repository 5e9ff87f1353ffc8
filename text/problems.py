"""Problems found in uploaded files, worded in the chosen language.

The model and the register return structured problems (:class:`model.userdata.RowProblem` /
:class:`~model.userdata.FileProblem`, :class:`model.scenario_file.ScenarioFileProblem`): a code,
where it is (row, column, key path) and the message's arguments. The words are the
catalogue's (``text/catalogue/userdata.py``, ``text/catalogue/scenario_file.py``); every message
says what is wrong and where. The problems are read by their fields (``reason_code``,
``location``, ``code``, ``kind``, ``params``), so this layer imports nothing of the model.
"""

from __future__ import annotations

from typing import Any

from text.catalogue import CATALOGUE

#: A file-level code worded by another area's string.
_FILE_KEYS = {"bad_file_name": "common.upload.bad_name"}


def _text(key: str, lang: str, **values: Any) -> str:
    """The catalogue's string, always formatted (so ``{{`` in a template is one brace)."""
    vi, en = CATALOGUE[key]
    return (en if lang == "en" else vi).format(**values)


def reason_text(problem: Any, lang: str) -> str:
    """Why a row was rejected, without its location ("unknown indicator id 'x'")."""
    return _text(f"userdata.row.{problem.reason_code}", lang, **problem.params)


def row_message(problem: Any, lang: str) -> str:
    """"Line 3, column indicator_id: unknown indicator id 'x'" (or "Dòng 3, cột …")."""
    if problem.column:
        where = _text("userdata.where.row_column", lang, row=problem.row, column=problem.column)
    else:
        where = _text("userdata.where.row", lang, row=problem.row)
    return _text("userdata.located", lang, where=where, message=reason_text(problem, lang))


def file_message(problem: Any, lang: str) -> str:
    """A refused file's or a notice's message (a :class:`model.userdata.FileProblem`)."""
    return _file_text(problem.code, problem.kind, problem.params, lang)


def _file_text(code: str, kind: str, params: dict[str, Any], lang: str) -> str:
    key = _FILE_KEYS.get(code) or f"userdata.{'notice' if kind == 'notice' else 'file'}.{code}"
    return _text(key, lang, **params)


def scenario_file_message(problem: Any, lang: str) -> str:
    """A scenario file's problem, with its location (key path, line and column, or file)."""
    args = problem.params
    if problem.kind == "figures_file":  # the figures' table refused as a whole
        return _file_text(problem.code, "error", args, lang)
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
    if hasattr(problem, "reason_code"):  # model.userdata.RowProblem
        return row_message(problem, lang)
    if hasattr(problem, "location"):  # model.scenario_file.ScenarioFileProblem
        return scenario_file_message(problem, lang)
    return file_message(problem, lang)
