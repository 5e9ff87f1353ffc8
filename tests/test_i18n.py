"""The string catalogue and language-aware number formatting."""

from __future__ import annotations

import re
from pathlib import Path

from ui.catalogue import CATALOGUE
from ui.i18n import fmt_num, fmt_pct, t

ROOT = Path(__file__).parents[1]


def test_numbers_follow_the_language():
    assert fmt_num(0.7629, "vi", 4) == "0,7629"
    assert fmt_num(0.7629, "en", 4) == "0.7629"
    assert fmt_num(12345.5, "vi", 1) == "12.345,5"
    assert fmt_num(12345.5, "en", 1) == "12,345.5"
    assert fmt_pct(0.724, "vi") == "72 %" and fmt_pct(0.724, "en") == "72%"
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
