"""The one-page briefing: a self-contained A4 HTML document that works offline.

Pure (no streamlit, no ``ui``): the UI passes in everything already translated and
formatted (labels, settings, big numbers, target rows, assumptions, sources, the link,
the date), plus the charts as SVG text. This module only lays it out:

* every piece of text goes through :func:`html.escape`;
* chart SVG is parsed and rebuilt (:func:`clean_svg`): no script, no foreign object, no
  event handler, no external reference; element ids get a per-chart prefix so two
  inlined charts cannot point at each other's clip paths;
* no external resource of any kind (no font, style sheet, image or script URL); the only
  URL in the document is the app link, shown as text and as an anchor (http/https only);
* inline CSS with ``@page { size: A4 }`` and print rules; a system font stack with good
  Vietnamese coverage; ``<meta charset="utf-8">``.

Layout, top to bottom: title and generation date; the three big numbers; the two main
charts side by side; the targets and their statuses; the settings (three columns); the
assumptions (two columns); data sources with retrieval dates; the link.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

FONT_STACK = '"Noto Sans", "DejaVu Sans", Arial, sans-serif'
#: Longest link shown in full [characters]; a longer one (many per-target settings) is
#: shown cut with "…" so the page still fits on A4; the anchor keeps the whole link.
LINK_TEXT_MAX = 240

#: Keys the ``labels`` mapping must provide (already translated).
LABEL_KEYS = (
    "title",
    "subtitle",
    "generated",
    "big_numbers",
    "charts",
    "settings",
    "assumptions",
    "targets",
    "target_col_label",
    "target_col_target",
    "target_col_latest",
    "target_col_status",
    "sources",
    "sources_note",
    "retrieved",
    "link",
)

#: Status codes that get a colour (anything else is shown plain).
STATUS_CLASSES = {
    "achieved": "good",
    "achieved_within_tolerance": "good",
    "met_latest": "good",
    "on_track": "good",
    "acceleration_needed": "warn",
    "limited_progress": "bad",
    "deterioration": "bad",
    "stagnation_or_regression": "bad",
    "not_achieved": "bad",
    "not_met_latest": "bad",
}

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_FORBIDDEN_SVG = {"script", "foreignObject", "iframe", "image", "use", "a", "animate", "set", "style"}
_URL_REF = re.compile(r"url\(\s*#([^)\s]+)\s*\)")


@dataclass(frozen=True)
class BigNumber:
    """One big number: ``label`` (what it is), ``value`` (formatted), ``detail`` (e.g. the
    baseline)."""

    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class TargetLine:
    """One plan target: its wording, the target, the latest figure, the status (translated)
    and the status code (for the colour)."""

    label: str
    target: str
    latest: str
    status: str
    status_code: str = ""


@dataclass(frozen=True)
class SourceLine:
    """One data file: its title and retrieval date (as recorded in its provenance)."""

    title: str
    retrieved: str


@dataclass(frozen=True)
class Figure:
    """One chart: its caption and SVG text (from :func:`model.export.chart_svg`)."""

    caption: str
    svg: str


# --------------------------------------------------------------------------- SVG
def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def clean_svg(svg: str, id_prefix: str) -> str:
    """``svg`` rebuilt for inlining: forbidden elements dropped (script, foreignObject,
    image, use, a, style, animation), ``on*`` attributes and non-local ``href`` removed,
    ids prefixed with ``id_prefix`` (references rewritten), fixed size replaced by
    ``width="100%"`` (the viewBox keeps the proportions). Raises ``ValueError`` if the
    text is not an SVG document."""
    try:
        root = ET.fromstring(svg.strip())
    except ET.ParseError as exc:
        raise ValueError(f"chart is not valid SVG: {exc}") from exc
    if _local(root.tag) != "svg":
        raise ValueError("chart is not an SVG document")
    ids: set[str] = set()
    for parent in list(root.iter()):
        for child in list(parent):
            if _local(child.tag) in _FORBIDDEN_SVG:
                parent.remove(child)
    for element in root.iter():
        if element.get("id"):
            ids.add(element.get("id"))
    for element in root.iter():
        for name in list(element.attrib):
            local = _local(name)
            value = element.attrib[name]
            if local.lower().startswith("on"):
                del element.attrib[name]
            elif local == "href":
                if value.startswith("#") and value[1:] in ids:
                    element.attrib[name] = "#" + id_prefix + value[1:]
                else:
                    del element.attrib[name]
            elif local == "id":
                element.attrib[name] = id_prefix + value
            elif "url(" in value:
                element.attrib[name] = _URL_REF.sub(
                    lambda m: f"url(#{id_prefix}{m.group(1)})" if m.group(1) in ids else "none", value
                )
    width, height = root.get("width"), root.get("height")
    if root.get("viewBox") is None and width and height:
        root.set("viewBox", f"0 0 {width} {height}")
    root.set("width", "100%")
    root.attrib.pop("height", None)
    root.set("preserveAspectRatio", "xMidYMid meet")
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="unicode")


# --------------------------------------------------------------------------- HTML
def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def safe_link(link: str) -> str | None:
    """``link`` if it is an absolute http(s) URL, else None (shown as text only)."""
    parts = urlsplit(link.strip())
    return link.strip() if parts.scheme in ("http", "https") and parts.netloc else None


CSS = """
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
html { font-family: FONTS; font-size: 7.4pt; line-height: 1.2; color: #111; background: #fff;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 190mm; }
@media screen { body { padding: 6mm 4mm; } }
@media print { body { max-width: none; } a { color: inherit; text-decoration: none; } }
h1 { font-size: 14pt; margin: 0; color: #0B3D91; line-height: 1.2; }
h2 { font-size: 9pt; margin: 1.8mm 0 0.7mm; color: #0B3D91; border-bottom: 0.3mm solid #0B3D91; }
p { margin: 0.5mm 0; }
.meta { color: #374151; }
.big { display: flex; gap: 3mm; margin-top: 1.5mm; }
.big > div { flex: 1; border: 0.35mm solid #0B3D91; border-radius: 1.5mm; padding: 1mm 2.5mm; }
.big .label { font-weight: 600; }
.big .value { font-size: 17pt; font-weight: 700; line-height: 1.15; color: #0B3D91; }
.big .detail { color: #374151; }
.charts { display: flex; gap: 4mm; margin-top: 1.5mm; }
figure { flex: 1; margin: 0; min-width: 0; }
figcaption { font-weight: 600; margin-bottom: 0.5mm; }
figure svg { display: block; width: 100%; height: auto; max-height: 42mm; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0 1mm; border-bottom: 0.2mm solid #d1d5db; }
th { font-weight: 600; background: #eef2f7; }
td.num { white-space: nowrap; }
table.targets td.status { width: 27%; }  /* a long status wraps in its cell instead of squeezing every label */
table.targets { font-size: 6.9pt; }
dl.settings { display: grid; grid-template-columns: 1fr 1fr 1fr; column-gap: 3mm; margin: 0; }
dl.settings div { border-bottom: 0.2mm solid #d1d5db; padding: 0.2mm 0; }
dl.settings dt, dl.settings dd { display: inline; margin: 0; }
dl.settings dd { font-weight: 600; }
ul.assumptions { columns: 2; column-gap: 6mm; }
ul.assumptions li { break-inside: avoid; }
ul { margin: 0; padding-left: 3.5mm; }
li { margin: 0.15mm 0; }
.good { color: #065f46; font-weight: 600; }
.warn { color: #92400e; font-weight: 600; }
.bad { color: #b91c1c; font-weight: 600; }
.sources li, .note { font-size: 6.8pt; }
.note { color: #374151; }
footer { font-size: 7pt; margin-top: 1.5mm; border-top: 0.3mm solid #0B3D91; padding-top: 0.8mm; overflow-wrap: anywhere; }
section, figure, tr, dl div { break-inside: avoid; }
""".replace("FONTS", FONT_STACK)


def briefing_html(
    *,
    lang: str,
    labels: Mapping[str, str],
    settings: Sequence[tuple[str, str]],
    big_numbers: Sequence[BigNumber],
    figures: Sequence[Figure],
    targets: Sequence[TargetLine],
    assumptions: Sequence[str],
    sources: Sequence[SourceLine],
    link: str,
    generated: str,
) -> str:
    """The briefing as one HTML document (text, UTF-8).

    Parameters
    ----------
    lang : "vi" or "en" (the document's ``lang`` attribute).
    labels : translated headings, keys :data:`LABEL_KEYS` (a missing key raises KeyError).
    settings : (setting, value) rows of the scenario, formatted.
    big_numbers : the big numbers, formatted.
    figures : charts with captions; their SVG is cleaned by :func:`clean_svg`.
    targets : one row per plan target, translated and formatted.
    assumptions : one sentence each.
    sources : the data files' provenance (title, retrieval date); ``labels["sources_note"]``
        says where the full records are (publishers, addresses, checksums).
    link : the app link with the scenario's parameters (http/https; otherwise shown as text
        only); text longer than :data:`LINK_TEXT_MAX` is cut, the anchor keeps all of it.
    generated : the generation date, formatted.
    """
    missing = [key for key in LABEL_KEYS if key not in labels]
    if missing:
        raise KeyError(f"briefing labels missing: {missing}")
    lab = {key: _e(labels[key]) for key in LABEL_KEYS}
    code = "en" if lang == "en" else "vi"
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{code}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{lab['title']}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{lab['title']}</h1>",
        f'<p class="meta">{lab["subtitle"]} · {lab["generated"]}: {_e(generated)}</p>',
        "</header>",
        f'<section class="big" aria-label="{lab["big_numbers"]}">',
    ]
    for number in big_numbers:
        out.append(
            f'<div><div class="label">{_e(number.label)}</div><div class="value">{_e(number.value)}</div>'
            f'<div class="detail">{_e(number.detail)}</div></div>'
        )
    out.append("</section>")
    out.append(f'<section class="charts" aria-label="{lab["charts"]}">')
    for i, figure in enumerate(figures):
        out.append(f"<figure><figcaption>{_e(figure.caption)}</figcaption>{clean_svg(figure.svg, f'c{i}-')}</figure>")
    out.append("</section>")
    out.append(f"<section><h2>{lab['targets']}</h2><table class=\"targets\"><thead><tr>")
    out += [f"<th>{lab[key]}</th>" for key in ("target_col_label", "target_col_target", "target_col_latest", "target_col_status")]
    out.append("</tr></thead><tbody>")
    for row in targets:
        css = STATUS_CLASSES.get(row.status_code, "")
        status = f'<span class="{css}">{_e(row.status)}</span>' if css else _e(row.status)
        out.append(
            f'<tr><td>{_e(row.label)}</td><td class="num">{_e(row.target)}</td>'
            f'<td class="num">{_e(row.latest)}</td><td class="status">{status}</td></tr>'
        )
    out.append("</tbody></table></section>")
    out.append(f'<section><h2>{lab["settings"]}</h2><dl class="settings">')
    out += [f"<div><dt>{_e(name)}:</dt> <dd>{_e(value)}</dd></div>" for name, value in settings]
    out.append(f'</dl></section><section><h2>{lab["assumptions"]}</h2><ul class="assumptions">')
    out += [f"<li>{_e(text)}</li>" for text in assumptions]
    out.append("</ul></section>")
    out.append(f'<section><h2>{lab["sources"]}</h2><ul class="sources">')
    out += [
        f"<li>{_e(s.title)} ({lab['retrieved']}: {_e(s.retrieved)})</li>" for s in sources
    ]
    out.append(f'</ul><p class="note">{lab["sources_note"]}</p></section>')
    href = safe_link(link)
    shown = _e(link if len(link) <= LINK_TEXT_MAX else link[: LINK_TEXT_MAX - 1] + "…")
    anchor = f'<a href="{_e(href)}">{shown}</a>' if href else shown
    out.append(f"<footer>{lab['link']}: {anchor}</footer>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
