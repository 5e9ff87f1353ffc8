"""Translated names of units and indicators as written in the data files."""

from __future__ import annotations

import re

import pandas as pd

from ui.catalogue import CATALOGUE
from ui.i18n import t


def unit_key(unit: str) -> str:
    """Catalogue key of a unit text: ``"% of dossiers"`` → ``targets.unit.pct_of_dossiers``."""
    return "targets.unit." + re.sub(r"[^a-z0-9]+", "_", str(unit).lower().replace("%", "pct ")).strip("_")


def unit_label(unit: str, lang: str) -> str:
    """The unit in ``lang`` (the raw text when the catalogue has none, e.g. "group")."""
    key = unit_key(unit)
    return t(key, lang) if key in CATALOGUE else str(unit)


def indicator_label(indicator_id: str, lang: str, targets: pd.DataFrame) -> str:
    """A plan target's label for its indicator, else the catalogue's name, else the id."""
    match = targets[targets["indicator_id"] == indicator_id]
    if len(match):
        return str(match.iloc[0]["label_vi" if lang == "vi" else "label_en"])
    key = f"targets.indicator.{indicator_id}"
    return t(key, lang) if key in CATALOGUE else indicator_id
