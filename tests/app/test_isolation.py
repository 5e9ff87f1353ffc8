"""Issue 6: sessions are isolated on a shared server.

1. No module-level mutable state in ``model/`` and ``ui/`` (imported once per server process,
   so shared by every session): an AST check, itself tested on planted bad examples.
2. Cached objects are never mutated by callers: shared (``cache_resource``) arrays are
   read-only; ``cache_data`` hands each caller its own copy; running every page leaves the
   shared objects exactly as they were.
3. Figures entered in one session never appear in another.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import pickle
import re
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = "../../app.py"
SHARED_PACKAGES = ("model", "ui")  # imported once per process; pages/ and app.py run per session

# ----------------------------------------------------------------------------- 1. AST rule

MUTABLE_DISPLAYS = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)
MUTABLE_FACTORIES = {"list", "dict", "set", "defaultdict", "OrderedDict", "Counter", "deque", "bytearray"}
MUTATORS = {
    "append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault", "add",
    "discard", "popitem", "sort", "reverse", "appendleft", "extendleft", "__setitem__",
    "__delitem__", "difference_update", "intersection_update", "symmetric_difference_update",
}  # fmt: skip
CONSTANT_NAME = re.compile(r"^_*[A-Z][A-Z0-9_]*$|^__\w+__$")


def _is_mutable(value: ast.expr) -> bool:
    if isinstance(value, MUTABLE_DISPLAYS):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        return name in MUTABLE_FACTORIES
    return False


def _root_name(expr: ast.expr) -> str | None:
    """``X``, ``X[k]``, ``X[k].y``, ``mod.X`` → "X" (the name whose object is reached)."""
    while isinstance(expr, ast.Subscript | ast.Attribute):
        if isinstance(expr, ast.Attribute) and not isinstance(expr.value, ast.Subscript | ast.Call):
            if isinstance(expr.value, ast.Name) and expr.value.id[:1].islower():
                return expr.attr  # module.NAME
        expr = expr.value
    return expr.id if isinstance(expr, ast.Name) else None


def mutated_names(tree: ast.AST) -> set[str]:
    """Names whose object some statement changes in place (item assignment or deletion,
    augmented assignment, a mutating method call)."""
    out: set[str] = set()
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = [t for t in node.targets if isinstance(t, ast.Subscript | ast.Attribute)]
        elif isinstance(node, ast.AugAssign | ast.AnnAssign) and node.target is not None:
            targets = [node.target]
        elif isinstance(node, ast.Delete):
            targets = [t for t in node.targets if isinstance(t, ast.Subscript | ast.Attribute)]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in MUTATORS:
                targets = [node.func.value]
        for target in targets:
            name = _root_name(target)
            if name and not (isinstance(node, ast.AnnAssign) and isinstance(target, ast.Name)):
                out.add(name)
    return out


def _bodies(tree: ast.Module):
    """Module-level statements, including those in top-level if/try blocks and class bodies."""
    stack = list(tree.body)
    while stack:
        node = stack.pop(0)
        yield node
        if isinstance(node, ast.If | ast.Try | ast.ClassDef):
            for field in ("body", "orelse", "finalbody"):
                stack.extend(getattr(node, field, []))
            for handler in getattr(node, "handlers", []):
                stack.extend(handler.body)


def shared_state_problems(source: str, mutated_elsewhere: set[str] = frozenset()) -> list[str]:
    """Why a module of a shared package would hold state that sessions share.

    - a module- or class-level name bound to a mutable container (list/dict/set display or
      comprehension, list()/dict()/defaultdict()…), unless it is an ALL_CAPS constant that
      nothing changes in place (in this module or in ``mutated_elsewhere``);
    - ``global`` statements (a function rebinding module state);
    - mutable default arguments (one object shared by every call);
    - unbounded memo caches (``functools.cache``, ``lru_cache(maxsize=None)``).
    """
    tree = ast.parse(source)
    mutated = mutated_names(tree) | set(mutated_elsewhere)
    problems = []
    for node in _bodies(tree):
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if not _is_mutable(value):
            continue
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            if not CONSTANT_NAME.match(target.id):
                problems.append(f"line {node.lineno}: mutable module state '{target.id}'")
            elif target.id in mutated:
                problems.append(f"line {node.lineno}: constant '{target.id}' is changed in place")
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            problems.append(f"line {node.lineno}: global {', '.join(node.names)}")
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for default in [*node.args.defaults, *node.args.kw_defaults]:
                if default is not None and _is_mutable(default):
                    problems.append(f"line {node.lineno}: mutable default argument")
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for deco in node.decorator_list:
                text = ast.unparse(deco)
                if re.search(r"(^|\.)cache$", text) or re.search(r"lru_cache\((maxsize=)?None\)", text):
                    problems.append(f"line {node.lineno}: unbounded memo cache {text}")
    return problems


def _shared_modules() -> list[Path]:
    return sorted(p for pkg in SHARED_PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def test_the_rule_catches_planted_examples():
    bad = {
        "cache = {}": "mutable module state 'cache'",
        "_seen: set[str] = set()": "mutable module state '_seen'",
        "sessions = [s for s in range(3)]": "mutable module state 'sessions'",
        "from collections import defaultdict\ncounts = defaultdict(int)": "mutable module state 'counts'",
        "ITEMS = []\ndef f(x):\n    ITEMS.append(x)": "constant 'ITEMS' is changed in place",
        "TABLE = {}\ndef f(k):\n    TABLE[k] = 1": "constant 'TABLE' is changed in place",
        "NESTED = {'a': []}\ndef f():\n    NESTED['a'].append(1)": "constant 'NESTED' is changed in place",
        "COUNT = [0]\ndef f():\n    COUNT[0] += 1": "constant 'COUNT' is changed in place",
        "n = 0\ndef f():\n    global n\n    n += 1": "global n",
        "def f(x=[]):\n    return x": "mutable default argument",
        "def f(*, x={}):\n    return x": "mutable default argument",
        "class C:\n    registry = {}": "mutable module state 'registry'",
        "import functools\n@functools.cache\ndef f(x):\n    return x": "unbounded memo cache",
        "from functools import lru_cache\n@lru_cache(maxsize=None)\ndef f(x):\n    return x": "unbounded memo cache",
        "if True:\n    state = []": "mutable module state 'state'",
    }
    for source, expected in bad.items():
        problems = shared_state_problems(source)
        assert any(expected in p for p in problems), (source, problems)
    good = [
        "LIMITS = {'a': 1}\ndef f():\n    return dict(LIMITS)",
        "NAMES = ('a', 'b')",
        "def f():\n    cache = {}\n    cache['a'] = 1\n    return cache",
        "import functools\n@functools.lru_cache(maxsize=64)\ndef f(n):\n    return n",
        "__all__ = ['f']",
        "X = frozenset({1})",
    ]
    for source in good:
        assert shared_state_problems(source) == [], source
    # a constant changed from another module counts too
    assert shared_state_problems("LIMITS = {}", mutated_elsewhere={"LIMITS"})


def test_no_module_level_mutable_state_in_model_and_ui():
    modules = _shared_modules()
    assert len(modules) > 15
    # in-place changes anywhere in the app's code (a page could change a model constant)
    everywhere = [*modules, *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]
    mutated = set().union(*(mutated_names(ast.parse(p.read_text(encoding="utf-8"))) for p in everywhere))
    report = {}
    for path in modules:
        problems = shared_state_problems(path.read_text(encoding="utf-8"), mutated)
        if problems:
            report[str(path.relative_to(ROOT))] = problems
    assert report == {}


# ----------------------------------------------------------------------------- 2. caches


def _arrays(obj, path: str = "result"):
    """Every numpy array reachable from a cached object (dataclass fields, dicts, tuples)."""
    if isinstance(obj, np.ndarray):
        yield path, obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from _arrays(getattr(obj, f.name), f"{path}.{f.name}")
    elif isinstance(obj, dict | MappingProxyType):
        for key, value in obj.items():
            yield from _arrays(value, f"{path}[{key!r}]")
    elif isinstance(obj, tuple | list):
        for i, value in enumerate(obj):
            yield from _arrays(value, f"{path}[{i}]")


def fingerprint(obj) -> str:
    """A content hash of an object (DataFrames by value, arrays by bytes)."""
    digest = hashlib.sha256()

    def feed(x):
        if isinstance(x, pd.DataFrame):
            digest.update(pickle.dumps((list(x.columns), list(x.index))))
            digest.update(pd.util.hash_pandas_object(x, index=True).to_numpy().tobytes())
        elif isinstance(x, np.ndarray):
            digest.update(str((x.shape, x.dtype)).encode())
            digest.update(np.ascontiguousarray(x).tobytes())
        elif dataclasses.is_dataclass(x) and not isinstance(x, type):
            for f in dataclasses.fields(x):
                digest.update(f.name.encode())
                feed(getattr(x, f.name))
        elif isinstance(x, dict | MappingProxyType):
            for key in sorted(x, key=repr):
                digest.update(repr(key).encode())
                feed(x[key])
        elif isinstance(x, tuple | list):
            digest.update(f"{type(x).__name__}{len(x)}".encode())
            for item in x:
                feed(item)
        else:
            digest.update(repr(x).encode())

    feed(obj)
    return digest.hexdigest()


@pytest.fixture(scope="module")
def cache_module():
    """ui.cache in bare mode (Streamlit's caches work without a server)."""
    import streamlit as st

    from ui import cache

    yield cache
    st.cache_data.clear()


def _shared_objects(cache) -> dict[str, object]:
    from model.scenario import default_scenario

    study = cache.study()
    scenario = default_scenario(study)
    return {
        "dataset": cache.dataset(),
        "panel_fit": cache.panel_fit(scenario.seed),
        "frame_setup_34": cache.frame_setup(34, study.plan_unit),
        "frame_setup_63": cache.frame_setup(63, study.plan_unit),
        "baseline_field": cache.field_for(scenario),
    }


@pytest.mark.parametrize(
    "name",
    [
        "baseline_field",
        "frame_setup_34",
        "panel_fit",
    ],
)
def test_shared_cached_arrays_are_read_only(cache_module, name):
    obj = _shared_objects(cache_module)[name]
    arrays = list(_arrays(obj, name))
    assert arrays, f"{name} holds no arrays"
    writeable = [path for path, a in arrays if a.flags.writeable]
    assert writeable == []
    path, first = arrays[0]
    with pytest.raises(ValueError, match="read-only"):
        first.flat[0] = 0


def test_cache_data_gives_every_caller_its_own_copy(cache_module):
    from model.scenario import default_scenario

    scenario = default_scenario(cache_module.study(), levers={"infrastructure": 0.1})
    first = cache_module.rank_forecast(scenario)
    p_top = first.scenario.p_top.copy()
    first.scenario.p_top[:] = -1.0  # a careless caller changes what it was given
    levers = first.levers.copy()
    del first.levers[first.levers.columns[0]]
    again = cache_module.rank_forecast(scenario)
    np.testing.assert_array_equal(again.scenario.p_top, p_top)
    pd.testing.assert_frame_equal(again.levers, levers)

    table = cache_module.target_assessment(scenario)
    before = table.copy()
    table["changed_by_a_caller"] = 1
    del table[table.columns[0]]
    pd.testing.assert_frame_equal(cache_module.target_assessment(scenario), before)

    known = cache_module.known_indicators()
    snapshot = dict(known)
    known.clear()
    assert cache_module.known_indicators() == snapshot


def test_running_every_page_leaves_shared_objects_unchanged(cache_module, ds):
    import dataclasses

    from model.data import load_dataset as load_files

    def load_dataset():  # what ui.cache.dataset shows: the files, labels with "10 %" (house style)
        files = load_files()
        labels = files.targets["label_vi"].str.replace(r"(\d)%", r"\1 %", regex=True)
        return dataclasses.replace(files, targets=files.targets.assign(label_vi=labels))

    shared = _shared_objects(cache_module)
    before = {name: fingerprint(obj) for name, obj in shared.items()}
    assert fingerprint(cache_module.dataset()) == fingerprint(load_dataset())
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["lang"] = "en"
    at.run()
    pages = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
    for page in pages:
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
    at.switch_page("pages/ranking.py").run()
    at.slider(key="lv_infra").set_value(0.05).run()
    after = {name: fingerprint(obj) for name, obj in _shared_objects(cache_module).items()}
    assert after == before
    assert fingerprint(cache_module.dataset()) == fingerprint(load_dataset())


# ----------------------------------------------------------------------------- 3. sessions

CORPUS = Path(__file__).parents[1] / "corpus" / "uploads"


def _targets_session() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/targets.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _figures(at: AppTest) -> pd.DataFrame | None:
    return at.session_state["user_obs"] if "user_obs" in at.session_state else None


def _page_text(at: AppTest) -> str:
    return "\n".join([c.value for c in at.caption] + [m.value for m in at.markdown])


def test_figures_entered_in_one_session_never_reach_another():
    a = _targets_session()
    b = _targets_session()
    data = (CORPUS / "good_en.csv").read_bytes()
    a.file_uploader(key="obs_upload").set_value(("good_en.csv", data, "text/csv")).run()
    assert not a.exception
    figures_a = _figures(a)
    assert figures_a is not None and len(figures_a) == 3
    assert "3 entered figures in use." in _page_text(a)

    b.run()  # B reruns after A entered figures: still none of A's
    assert _figures(b) is None
    assert "entered figures in use" not in _page_text(b)
    table_b = [d.value for d in b.dataframe]
    assert not any((t.astype(str) == "33.1").any().any() for t in table_b)  # A's 2024 figure

    # B enters its own figures (through the session store): A keeps its own
    own = figures_a.iloc[[0]].assign(value=11.0)
    b.session_state["user_obs"] = own
    b.run()
    assert not b.exception
    pd.testing.assert_frame_equal(_figures(b).reset_index(drop=True), own.reset_index(drop=True))
    a.run()
    pd.testing.assert_frame_equal(_figures(a), figures_a)
    assert "3 entered figures in use." in _page_text(a)
    assert "1 entered figures in use." in _page_text(b)

    c = _targets_session()  # a new visitor starts empty
    assert _figures(c) is None
