"""Words live in text/: no Vietnamese or English sentence in model/ or store/.

The model and the register return codes and values; the catalogue (text/catalogue/) words
them for the pages, the briefing and the command line. This scans every string literal of
model/ and store/ (docstrings and comments are for developers and are not scanned) and fails
on one that holds a Vietnamese letter or reads as an English phrase of four words or more.

Not words for users, so not flagged: SQL; the message of an exception a developer or a data
curator reads (a built-in exception, or the shipped data's integrity check
``DataValidationError``: they never reach a page, tests/app checks pages for error boxes);
and the data vocabulary below (column names, ids, the official names of the DTI's indices).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = sorted(p for room in ("model", "store") for p in (ROOT / room).rglob("*.py") if p.name != "__main__.py")

#: Vietnamese letters that English never uses (vowels with tone or shape marks, đ).
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)
#: Four or more words of letters in a row: a phrase someone would read.
PHRASE = re.compile(r"[A-Za-z]{2,}[,;:]?(?:\s+[A-Za-z'’()/-]+[,;:.]?){3,}")
SQL = re.compile(r"^\s*(SELECT|INSERT|CREATE|UPDATE|DELETE|WITH|ALTER|DROP|BEGIN|COMMIT|SET|LOCK|--)\b", re.IGNORECASE)
#: A style sheet (the briefing's CSS): a rule block "{ property: value; }".
CSS = re.compile(r"\{[^{}]*:[^{}]*;")
#: Exceptions whose message is for a developer or a data curator, never shown to a user.
DEVELOPER_EXCEPTIONS = {
    "ValueError", "TypeError", "KeyError", "IndexError", "RuntimeError", "LookupError",
    "FileNotFoundError", "NotImplementedError", "AssertionError", "DataValidationError",
    "fail",  # model.data's _Table.fail(...) builds the DataValidationError of a shipped table's cell
}  # fmt: skip
#: Data vocabulary: folding table for Vietnamese letters ("đ" is read as "d" in headers); the
#: suffix of a unit name that marks a rate per year ("%/năm", model.projection.is_share_unit).
ALLOWED = {"đ", "Đ", "/năm"}


def _docstring_nodes(tree: ast.AST) -> set[int]:
    """Ids of the string expressions that stand alone in a body (docstrings, attribute docs)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for statement in body:
                if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) and isinstance(statement.value.value, str):
                    found.add(id(statement.value))
    return found


def _developer_messages(tree: ast.AST) -> set[int]:
    """Ids of every node inside ``raise <developer exception>(...)``."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in DEVELOPER_EXCEPTIONS:
                found.update(id(sub) for sub in ast.walk(node.exc))
    return found


def sentences(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal in ``source`` that reads as words for a user."""
    tree = ast.parse(source)
    skipped = _docstring_nodes(tree) | _developer_messages(tree)
    out = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in skipped:
            continue
        text = node.value
        if text in ALLOWED or SQL.match(text) or (CSS.search(text) and not VIETNAMESE.search(text)):
            continue
        if VIETNAMESE.search(text) or PHRASE.search(text):
            out.append((node.lineno, node.col_offset, text))
    return [(line, text) for line, _, text in sorted(out)]


def test_the_scanner_finds_what_it_looks_for():
    source = '''
"""A docstring with Vietnamese: Hà Tĩnh, and a long English sentence in it."""
LABEL = "sổ đăng ký"
NOTE = "not assessable: fewer than two points"
SQL = "SELECT id, value FROM observations WHERE year = ?"
CODE = "not_assessable"
def f(x):
    """Docstring: the function has words in it."""
    if x:
        raise ValueError("x must be a positive whole number")
    raise StoreError("bad_url", "Địa chỉ không hợp lệ", "The address is not valid here")
'''
    found = [text for _, text in sentences(source)]
    assert found == ["sổ đăng ký", "not assessable: fewer than two points", "Địa chỉ không hợp lệ", "The address is not valid here"]


@pytest.mark.parametrize("path", SCANNED, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_sentence_in_the_model_or_the_register(path: Path):
    found = sentences(path.read_text(encoding="utf-8"))
    assert not found, "words belong in text/catalogue/: " + "; ".join(f"line {line}: {text[:80]!r}" for line, text in found)
