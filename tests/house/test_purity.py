"""The model layer stays pure: no streamlit, nothing read at import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_importing_the_model_does_not_import_streamlit():
    code = (
        "import sys, importlib, pkgutil, model\n"
        "for m in pkgutil.iter_modules(model.__path__):\n"
        "    if m.name != '__main__': importlib.import_module('model.' + m.name)\n"
        "assert 'streamlit' not in sys.modules, 'streamlit imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_no_global_numpy_seed_anywhere():
    forbidden = "np.random." + "seed"
    for path in [*ROOT.glob("model/**/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]:
        assert forbidden not in path.read_text(encoding="utf-8"), path


def test_importing_the_model_reads_no_data_file():
    # the study is built from a loaded Dataset when asked for, never at import
    code = (
        "import builtins, importlib, pkgutil, model\n"
        "opened = []\n"
        "real_open = builtins.open\n"
        "def spy(file, *a, **k):\n"
        "    opened.append(str(file))\n"
        "    return real_open(file, *a, **k)\n"
        "builtins.open = spy\n"
        "for m in pkgutil.iter_modules(model.__path__):\n"
        "    if m.name != '__main__': importlib.import_module('model.' + m.name)\n"
        "builtins.open = real_open\n"
        "assert not [f for f in opened if f.endswith(('.csv', '.json'))], opened\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
