"""A new DTI year is a data drop, seen in the app: every page on a copy of data/ with a
GENERATED year (tests/generated.py; test data, never shipped) renders without error in both
languages and shows the new year as the last observed one."""

from __future__ import annotations

import shutil

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from model.data import DATA_DIR_ENV, default_data_dir
from tests.generated import NEW_YEAR, write_generated_year

APP = "../../app.py"
PAGES = (
    "pages/overview.py", "pages/ranking.py", "pages/targets.py", "pages/method.py", "pages/data_sources.py",
    "pages/briefing.py", "pages/compare.py", "pages/presenter.py",
)  # fmt: skip


@pytest.fixture(scope="module")
def new_year_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("app-new-year") / "data"
    shutil.copytree(default_data_dir(), folder)
    write_generated_year(folder)
    return folder


@pytest.fixture
def on_new_year(new_year_dir, monkeypatch):
    """The app's caches emptied before and after, so no other test sees the generated data."""
    monkeypatch.setenv(DATA_DIR_ENV, str(new_year_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield new_year_dir
    st.cache_data.clear()
    st.cache_resource.clear()


def open_page(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    return at


def page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.label + " " + str(m.value) for m in at.metric]
    parts += [c.value for c in at.caption] + [s.value for s in at.subheader] + [s.value for s in at.title]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_a_new_year(on_new_year, page, lang):
    at = open_page(page, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    year = at.slider(key="year")
    assert year.proto.min == NEW_YEAR + 1  # the forecast starts after the new last year


def test_the_new_year_is_the_last_observed_year_on_screen(on_new_year):
    overview = page_text(open_page("pages/overview.py", "en"))
    assert f"latest: DTI {NEW_YEAR}" in overview
    assert f"{NEW_YEAR} rank (34 units)" in overview
    assert "2024 rank (63 provinces)" in overview  # the 63 frame stops at its own last year
    method = open_page("pages/method.py", "en")
    text = page_text(method)
    assert f"{NEW_YEAR} has only the 34-unit ranking" in text
    assert "estimated on the 34-unit frame" in text
    origins = next(df.value for df in method.dataframe if "Fit ⇒ forecast" in df.value.columns)
    assert f"2022 → 2023 → 2024 ⇒ {NEW_YEAR}" in list(origins["Fit ⇒ forecast"])


def test_the_shipped_data_is_back_after_the_new_year(on_new_year):
    st.cache_resource.clear()
    import os

    os.environ.pop(DATA_DIR_ENV)
    at = open_page("pages/overview.py", "en")
    assert "latest: DTI 2024" in page_text(at)
