"""Smoke test: every page of app.py's navigation, in both languages, runs without an error.

The page list is read from app.py itself (every ``st.Page("pages/….py", …)`` it declares), so
a new page is smoke-tested the day it is added to the navigation, without editing this test.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = "../../app.py"


def navigation_pages(app: Path = ROOT / "app.py") -> list[tuple[str, str]]:
    """(page file, url path) of every ``st.Page(...)`` in ``app``, in order, each file once."""
    found: dict[str, str] = {}
    for node in ast.walk(ast.parse(app.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                url = next((k.value.value for k in node.keywords if k.arg == "url_path" and isinstance(k.value, ast.Constant)), "")
                found.setdefault(first.value, url)
    return list(found.items())


PAGES = navigation_pages()


def test_the_navigation_is_read_from_app_py():
    files = [file for file, _ in PAGES]
    assert len(files) >= 9 and len(set(files)) == len(files)
    assert all((ROOT / file).is_file() for file in files)
    # every page file in pages/ is reachable from the navigation
    assert {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")} == set(files)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", [file for file, _ in PAGES])
def test_every_page_runs_without_an_error(page: str, lang: str):
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert len(at.title) == 1, [t.value for t in at.title]
