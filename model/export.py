"""Files a user takes away: CSV with the scenario in a header, PNG and SVG of a chart.

Pure functions (no streamlit, nothing read at import). ``vl_convert`` (vl-convert-python,
fully offline: it bundles Vega, Vega-Lite and a renderer) is imported inside the chart
functions, so importing this module stays cheap and does not start its JavaScript engine.

CSV layout (:func:`csv_with_header`)::

    <UTF-8 BOM># <title>
    # frame: 34
    # top_n: 15
    # …every field of the scenario, one per line (pushes.<target_id>: …)
    # link: https://…            (when a link is given)
    <the table, via model.userdata.to_safe_csv: formula-like text cells neutralised>

The comment lines start with ``#`` (never a formula prefix). Read it back with
``pd.read_csv(f, skiprows=n_header_lines)`` or ``comment="#"`` when no cell holds ``#``.
"""

from __future__ import annotations

import codecs
import copy
import csv
import io
import json
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from model.scenario import Scenario
from model.userdata.template import neutralise_formula, to_safe_csv

#: Fonts for exported charts: good Vietnamese coverage first (Noto Sans, DejaVu Sans are
#: on most Linux servers; Arial on Windows). Without it Vega asks for "sans-serif", which
#: the renderer here resolved to a serif face.
FONT_STACK = '"Noto Sans", "DejaVu Sans", Arial, sans-serif'
#: Width [CSS px] of an exported chart that has none (on screen: the container's width).
EXPORT_WIDTH = 640
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _one_line(text: object) -> str:
    """``text`` on one line (a header line must not break the CSV's structure)."""
    return " ".join(str(text).split())


def scenario_lines(scenario: Scenario) -> list[tuple[str, str]]:
    """Every field of ``scenario`` as (name, value) text pairs; pushes and mapping strengths
    one pair each (``pushes.<target_id>``, ``strengths.<target_id>``)."""
    pairs: list[tuple[str, str]] = []
    for name, value in scenario.to_dict().items():
        if isinstance(value, Mapping):
            pairs += [(f"{name}.{key}", f"{number:g}") for key, number in sorted(value.items())]
        elif isinstance(value, float):
            pairs.append((name, f"{value:g}"))
        else:
            pairs.append((name, str(value)))
    return pairs


def csv_header(scenario: Scenario, *, title: str, link: str | None = None) -> list[str]:
    """The ``# …`` comment lines put above a table (without line ends)."""
    lines = [f"# {_one_line(title)}"]
    lines += [f"# {name}: {_one_line(value)}" for name, value in scenario_lines(scenario)]
    if link:
        lines.append(f"# link: {_one_line(link)}")
    return lines


def csv_with_header(df: pd.DataFrame, scenario: Scenario, *, title: str, link: str | None = None) -> bytes:
    """``df`` as CSV bytes (UTF-8 with BOM, for Excel) under ``#`` lines naming the title,
    every setting of ``scenario`` and the link. Text cells that a spreadsheet would run as a
    formula (= + - @ …) are neutralised (:func:`model.userdata.to_safe_csv`)."""
    body = to_safe_csv(df)
    if body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8) :]
    header = "\n".join(csv_header(scenario, title=title, link=link)) + "\n"
    return codecs.BOM_UTF8 + header.encode("utf-8") + body


def neutralise_csv_file(raw: bytes) -> bytes:
    """A shipped CSV file made safe to open in a spreadsheet: every text cell that starts
    like a formula (= + - @ tab CR) and is not a plain number gets a leading ``'``
    (:func:`model.userdata.neutralise_formula`). Everything else is kept: the other cells'
    text, the line ends, the BOM or its absence; a file with no such cell comes back byte
    for byte (its checksum still matches). ``raw`` is UTF-8."""
    bom = raw.startswith(codecs.BOM_UTF8)
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    # a bare carriage return inside a cell would start a new spreadsheet row: write it as a line feed
    safe = [
        [cell if _NUMBER.match(cell.strip()) else neutralise_formula(cell.replace("\r\n", "\n").replace("\r", "\n")) for cell in row]
        for row in rows
    ]
    if safe == rows:
        return raw
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n" if "\r\n" in text else "\n").writerows(safe)
    return (codecs.BOM_UTF8 if bom else b"") + out.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- charts
def chart_spec(chart_or_spec: Any) -> dict[str, Any]:
    """A Vega-Lite spec dict from an Altair chart, a spec dict or its JSON text, ready for a
    file: the export font stack (unless the spec names a font), a width of
    :data:`EXPORT_WIDTH` px when the chart has none (on screen it stretches to its
    container), labels never cut (``labelLimit: 0`` unless set). The input is not modified."""
    if isinstance(chart_or_spec, Mapping):
        spec = copy.deepcopy(dict(chart_or_spec))
    elif isinstance(chart_or_spec, str):
        spec = json.loads(chart_or_spec)
    elif hasattr(chart_or_spec, "to_dict"):
        spec = chart_or_spec.to_dict()
    else:
        raise TypeError(f"not a chart or a Vega-Lite spec: {type(chart_or_spec).__name__}")
    config = spec.setdefault("config", {})
    config.setdefault("font", FONT_STACK)
    # a file has no container to stretch to: give a width, and room for whole labels
    if "width" not in spec and not any(k in spec for k in ("hconcat", "vconcat", "concat", "facet", "repeat")):
        spec["width"] = EXPORT_WIDTH
    for part in ("axis", "legend"):
        if isinstance(config.setdefault(part, {}), dict):
            config[part].setdefault("labelLimit", 0)
    return spec


def _vl_version(spec: Mapping[str, Any]) -> str | None:
    """'6.4' from a ``$schema`` such as …/vega-lite/v6.4.1.json, if vl-convert ships it."""
    import vl_convert

    schema = str(spec.get("$schema", ""))
    if "/vega-lite/v" not in schema:
        return None
    parts = schema.rsplit("/v", 1)[1].removesuffix(".json").split(".")
    wanted = ".".join(parts[:2])
    return wanted if wanted in vl_convert.get_vegalite_versions() else None


def chart_png(chart_or_spec: Any, scale: float = 2) -> bytes:
    """PNG bytes of the chart, ``scale`` × its CSS pixel size (2: sharp on slides).

    Rendered offline; the spec may not load anything over the network (inline data only).
    """
    import vl_convert

    spec = chart_spec(chart_or_spec)
    return vl_convert.vegalite_to_png(spec, vl_version=_vl_version(spec), scale=scale, allowed_base_urls=[])


def chart_svg(chart_or_spec: Any) -> str:
    """SVG text of the chart (vector; text stays text, in the export font stack)."""
    import vl_convert

    spec = chart_spec(chart_or_spec)
    return vl_convert.vegalite_to_svg(spec, vl_version=_vl_version(spec), allowed_base_urls=[])
