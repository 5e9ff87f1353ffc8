"""The one-page briefing document (model/briefing.py) and its translated rows (ui/export.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import altair as alt
import pandas as pd
import pytest

from model.briefing import (
    LABEL_KEYS,
    BigNumber,
    Figure,
    SourceLine,
    TargetLine,
    briefing_html,
    clean_svg,
)
from model.export import chart_svg

LINK = "https://dti.example.vn/?lv_soc=0.2&top=10&lang=en"
ATTACK = '<script>alert("x")</script>'


@pytest.fixture(scope="module")
def svg() -> str:
    df = pd.DataFrame({"year": [2025, 2026, 2027], "p_top": [0.5, 0.6, 0.7], "case": ["Hạ tầng số"] * 3})
    # clipped marks make Vega write a <clipPath id="clip1">: both inlined copies use that id
    y = alt.Y("p_top:Q", scale=alt.Scale(domain=[0, 0.65]))
    chart = alt.Chart(df).mark_line(clip=True).encode(x="year:O", y=y, color="case:N").properties(width=300, height=150)
    return chart_svg(chart)


def _inputs(svg: str, **changes) -> dict:
    inputs = {
        "lang": "vi",
        "labels": {key: f"Nhãn {key}" for key in LABEL_KEYS} | {"title": "Chuyển đổi số Hà Tĩnh"},
        "settings": [("Khung xếp hạng", "34 đơn vị"), ("Đòn bẩy Hạ tầng số", "+0,20"), ("Top N", "10")],
        "big_numbers": [
            BigNumber("Khả năng vào Top 10 năm 2030", "72 %", "Cơ sở: 56 %"),
            BigNumber("Hạng trung vị năm 2030", "9", "Khoảng 10–90 %: 5–14"),
            BigNumber("Mục tiêu 2025 đúng lộ trình", "1/3", "trong 3 mục tiêu"),
        ],
        "figures": [Figure("Khả năng ở trong Top 10", svg), Figure("Thứ hạng", svg)],
        "targets": [
            TargetLine("Dịch vụ công trực tuyến mức độ 4", "≥ 80 % (2025)", "–", "Chưa có số liệu của tỉnh", "no_provincial_data"),
            TargetLine("Phổ cập dịch vụ di động 4G/5G", "≥ 100 % (2025)", "99,0 % (2025)", "Tiến triển hạn chế", "limited_progress"),
            TargetLine(ATTACK, "≥ 1", "–", "Đã đạt", "achieved"),
        ],
        "assumptions": ["Trọng số các chỉ số chính năm 2024 được suy ra.", "Tốc độ × 1,00"],
        "sources": [SourceLine("Provincial DTI scores and ranks", "2025-11"), SourceLine("Targets of the plan", "2026")],
        "link": LINK,
        "generated": "24/11/2026",
    }
    inputs.update(changes)
    return inputs


@pytest.fixture(scope="module")
def doc(svg: str) -> str:
    return briefing_html(**_inputs(svg))


def test_document_is_self_contained_a4_utf8(doc):
    assert doc.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in doc
    assert re.search(r"@page\s*{\s*size:\s*A4", doc)
    assert '<html lang="vi">' in doc
    assert "Noto Sans" in doc and "DejaVu Sans" in doc
    for forbidden in ("<link", "<script", "@import", "<iframe", "<img"):
        assert forbidden not in doc.lower(), forbidden


def test_everything_passed_in_is_shown(doc):
    for value in ("72 %", "9", "1/3", "Cơ sở: 56 %", "Khoảng 10–90 %: 5–14"):
        assert f">{value}<" in doc, value
    for name, value in (("Khung xếp hạng", "34 đơn vị"), ("Đòn bẩy Hạ tầng số", "+0,20"), ("Top N", "10")):
        assert f"<dt>{name}:</dt> <dd>{value}</dd>" in doc
    for label in ("Dịch vụ công trực tuyến mức độ 4", "Phổ cập dịch vụ di động 4G/5G", "≥ 100 % (2025)", "99,0 % (2025)"):
        assert label in doc
    assert "Tiến triển hạn chế" in doc and "Chưa có số liệu của tỉnh" in doc
    assert "Provincial DTI scores and ranks (Nhãn retrieved: 2025-11)" in doc
    assert "Targets of the plan (Nhãn retrieved: 2026)" in doc
    assert "24/11/2026" in doc
    assert "Trọng số các chỉ số chính năm 2024 được suy ra." in doc
    assert doc.count("<figure>") == 2


def test_the_only_url_is_the_app_link(doc):
    escaped = LINK.replace("&", "&amp;")
    assert f'<a href="{escaped}">{escaped}</a>' in doc
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", doc, flags=re.I)
    assert refs == [escaped], refs
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", doc, flags=re.I)
    outside = [u for u in re.findall(r"https?://[^\s\"'<>]+", doc) if not u.startswith("http://www.w3.org/")]
    assert outside == [escaped, escaped], outside  # the anchor's href and its text


def test_user_text_is_escaped(doc, svg):
    assert ATTACK not in doc
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in doc
    evil = briefing_html(**_inputs(svg, generated='"><img src=x onerror=alert(1)>', link="javascript:alert(1)"))
    assert "<img" not in evil and "onerror=alert(1)>" not in evil
    assert 'href="javascript' not in evil
    assert "javascript:alert(1)" in evil  # shown as text, not as a link


def test_vietnamese_diacritics_survive_as_utf8(doc):
    raw = doc.encode("utf-8")
    for text in ("Chuyển đổi số Hà Tĩnh", "Hạ tầng số", "Tiến triển hạn chế", "Phổ cập dịch vụ di động"):
        assert text.encode("utf-8") in raw
    assert "&#" not in doc  # written as characters, not as numeric references


def test_missing_label_is_an_error(svg):
    inputs = _inputs(svg)
    inputs["labels"] = {k: v for k, v in inputs["labels"].items() if k != "sources"}
    with pytest.raises(KeyError, match="sources"):
        briefing_html(**inputs)


def test_inlined_charts_have_distinct_ids_and_resolvable_references(doc):
    ids = re.findall(r'\sid="([^"]+)"', doc)
    assert len(ids) == 2 and len(set(ids)) == 2, ids
    refs = re.findall(r"url\(#([^)]+)\)", doc)
    assert sorted(set(refs)) == sorted(ids)


def test_clean_svg_drops_active_content():
    hostile = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="5" onload="alert(1)">'
        '<script>alert(2)</script><foreignObject><div>x</div></foreignObject>'
        '<image href="https://evil.example/x.png"/><use xlink:href="https://evil.example/s.svg#a"/>'
        '<defs><clipPath id="clip1"><rect width="1" height="1"/></clipPath></defs>'
        '<g clip-path="url(#clip1)" fill="url(#nowhere)"><text onclick="x()">Hạ tầng số</text></g></svg>'
    )
    out = clean_svg(hostile, "c0-")
    root = ET.fromstring(out)
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert not tags & {"script", "foreignObject", "image", "use"}
    attributes = [name for el in root.iter() for name in el.attrib]
    assert not [a for a in attributes if a.rsplit("}", 1)[-1].lower().startswith("on")]
    assert "evil.example" not in out
    assert 'id="c0-clip1"' in out and 'clip-path="url(#c0-clip1)"' in out
    assert 'fill="none"' in out  # a reference to an unknown id is dropped
    assert "Hạ tầng số" in out
    assert root.get("viewBox") == "0 0 10 5" and root.get("width") == "100%"
    with pytest.raises(ValueError):
        clean_svg("<html>not svg</html>", "c1-")
    with pytest.raises(ValueError):
        clean_svg("not xml at all <", "c1-")


# --------------------------------------------------------------------------- UI rows
def test_target_lines_translate_every_target(ds):
    from model.targets.assess import assess_targets
    from text.catalogue import CATALOGUE
    from ui.export import target_lines

    table = assess_targets(ds, dti_top15_probability=0.9)
    for lang, label_col in (("vi", "label_vi"), ("en", "label_en")):
        lines = target_lines(table, lang)
        assert [line.label for line in lines] == list(table[label_col])
        assert [line.status_code for line in lines] == list(table["status"])
        for line in lines:
            assert line.status.startswith(CATALOGUE[f"targets.status.{line.status_code}"][0 if lang == "vi" else 1])
    # the status says the year it rests on and its qualifications (issue 14)
    en = {line.status_code: line.status for line in target_lines(assess_targets(ds), "en")}
    assert en["met_latest"] == "Met on the latest figures (2024)"
    assert en["achieved_within_tolerance"] == "Achieved (within tolerance) · ±1 pt"
    assert en["limited_progress"] == "Limited progress · figure from 2022"  # the PCI goal
    vi = {line.label: line for line in target_lines(table, "vi")}
    en = {line.label: line for line in target_lines(table, "en")}
    mobile_vi = vi["Phổ cập dịch vụ di động 4G/5G"]
    assert mobile_vi.target == "≥ 100 % (2025)" and mobile_vi.latest == "99,0 % (2025)"
    mobile_en = next(line for line in en.values() if line.latest.startswith("99.0"))
    assert mobile_en.target == "≥ 100% (2025)" and mobile_en.latest == "99.0% (2025)"
    assert vi["Top 15 tỉnh, thành phố về Chính phủ số, kinh tế số"].target == "Top 15 (2030)"
    assert vi["Top 15 tỉnh, thành phố về Chính phủ số, kinh tế số"].latest == "Hạng 11 (2024)"


def test_a_very_long_link_is_cut_in_the_text_but_whole_in_the_anchor(svg):
    from model.briefing import LINK_TEXT_MAX

    link = "https://dti.example.vn/?" + "&".join(f"push_target{i}=2.5" for i in range(60))
    doc = briefing_html(**_inputs(svg, link=link))
    anchor = re.search(r'<a href="([^"]+)">([^<]+)</a>', doc)
    assert anchor.group(1) == link.replace("&", "&amp;")
    shown = anchor.group(2).replace("&amp;", "&")
    assert len(shown) == LINK_TEXT_MAX and shown.endswith("…") and link.startswith(shown[:-1])
