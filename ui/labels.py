"""Translated names of units and indicators as written in the data files."""

from __future__ import annotations

import re

import pandas as pd

from text.catalogue import CATALOGUE
from text.i18n import t
from text.notes import note_text


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


def method_label(method: str, lang: str) -> str:
    """A forecast method of :mod:`model.uncertainty` in ``lang`` ("transition:<a>-<b>":
    that transition's own parameters, its years from the method name)."""
    from model.uncertainty import TRANSITION_PREFIX

    if method.startswith(TRANSITION_PREFIX):
        return t("ranking.method.transition", lang, years=method[len(TRANSITION_PREFIX) :].replace("-", "→"))
    return t(f"ranking.method.{method}", lang)


def weight_set_label(alternative: dict, lang: str, base_year: int) -> str:
    """A named weight set of :func:`model.weights.weight_sensitivity` in ``lang``: an earlier
    methodology's years are read from the model's label (a note with its first and last
    year), the activity indices' names from the set's non-zero weights."""
    name, weights = alternative["name"], alternative["weights"]
    if name.startswith("weights_"):
        first, last = alternative["label"].params["first"], alternative["label"].params["last"]
        span = str(first) if first == last else f"{first}–{last}"
        return t("ranking.weights.alt.methodology", lang, years=span)
    if name == "equal":
        return t("ranking.weights.alt.equal", lang, k=len(weights))
    if name == "activity_only":
        names = ", ".join(t(f"common.index.{k}", lang) for k, w in weights.items() if w > 0)
        return t("ranking.weights.alt.activity_only", lang, names=names, base_year=base_year)
    return note_text(alternative["label"], lang)
