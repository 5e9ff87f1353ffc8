"""The comparison page's tables (pages/compare.py): the scenario shown and each readable
A/B/C slot side by side, P(goal rank) by year, the main indices at the horizon, the targets'
projections, and one line of each scenario's settings."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from model.scenario import Scenario
from text.i18n import fmt_num, t
from ui import cache, state
from ui.slots import Slot, saved_slots


@dataclass(frozen=True)
class Entry:
    """One column of the comparison: its label (``A · name``), scenario and slot letter."""

    label: str
    scenario: Scenario
    letter: str | None = None


def comparison_entries(lang: str) -> tuple[list[Entry], list[Slot]]:
    """The scenario shown, then every readable slot; and every slot (for their notices)."""
    slots = saved_slots()
    entries = [Entry(t("sharing.compare.current", lang), state.current_scenario())]
    for slot in slots:
        if slot.scenario is not None:
            label = f"{slot.letter} · {slot.name}" if slot.name else slot.letter
            entries.append(Entry(label, slot.scenario, slot.letter))
    return entries, slots


def slot_notices(slots: list[Slot], lang: str) -> list[str]:
    """One warning per slot that cannot be read or has values the app cannot show; a key
    from a link is shown only as safe characters (no markup can reach the page)."""
    notices = []
    for slot in slots:
        if slot.scenario is None:
            notices.append(t("sharing.compare.unreadable_slot", lang, slot=slot.letter))
        elif slot.problems:
            items = "; ".join(
                f"`{re.sub(r'[^A-Za-z0-9_]', '?', p.key)[:32]}` ({t('common.reason.' + p.reason, lang)})" for p in slot.problems
            )
            notices.append(t("sharing.compare.bad_slot", lang, slot=slot.letter, items=items))
    return notices


def comparison_paths(entries: list[Entry]) -> pd.DataFrame:
    """P(goal rank) by year of each entry (year, series, p_top) for the overlay chart."""
    frames = []
    for entry in entries:
        summary = cache.rank_forecast(cache.goal_scenario(entry.scenario)).scenario
        frames.append(pd.DataFrame({"year": list(summary.years), "series": entry.label, "p_top": list(summary.p_top)}))
    return pd.concat(frames, ignore_index=True)


def comparison_indices(entries: list[Entry], lang: str) -> pd.DataFrame:
    """The main indices the entries can raise, at the horizon, of each entry (index_label,
    series, value)."""
    rows = []
    for entry in entries:
        levers = cache.rank_forecast(cache.goal_scenario(entry.scenario)).levers.set_index("main_index")
        for index in levers.index:
            if levers.loc[index, "held"] or pd.isna(levers.loc[index, "value_end"]):
                continue
            rows.append(
                {
                    "index_label": t(f"common.index.{index}", lang),
                    "series": entry.label,
                    "value": float(levers.loc[index, "value_end"]),
                }
            )
    return pd.DataFrame(rows)


_COMPARATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}


def comparison_targets(entries: list[Entry], obs_key: tuple, lang: str) -> pd.DataFrame:
    """Targets with a projection in their target year in any entry: label, goal, year, and one
    formatted column per entry (the central scenario projection). Empty when none."""
    label_col = "label_vi" if lang == "vi" else "label_en"
    tables = [cache.target_assessment(entry.scenario, obs_key).set_index("target_id") for entry in entries]
    first = tables[0]
    rows = []
    for target_id, row in first.iterrows():
        column = f"scenario_{int(row['target_year'])}"
        if column not in first.columns:
            continue
        values = [table.loc[target_id, column] for table in tables]
        if all(pd.isna(v) for v in values):
            continue
        out = {
            t("sharing.compare.col.target", lang): row[label_col],
            t("sharing.compare.col.goal", lang): f"{_COMPARATORS.get(row['comparator'], row['comparator'])} {fmt_num(row['target_value'], lang, 1)} {row['unit']}",
            t("sharing.compare.col.year", lang): str(int(row["target_year"])),
        }
        for entry, value in zip(entries, values, strict=True):
            out[entry.label] = fmt_num(None if pd.isna(value) else float(value), lang, 1)
        rows.append(out)
    return pd.DataFrame(rows)


def settings_line(scenario: Scenario, lang: str) -> str:
    """One line of a slot's settings for the comparison."""
    study = cache.study()
    movable = [k for k, cap in study.lever_caps(scenario.frame, scenario.focus).items() if cap > 0]
    levers = "/".join(fmt_num(scenario.lever(k), lang, 2) for k in movable) or "–"
    pushes = sum(1 for _, v in scenario.pushes if v != 0.0)
    return t(
        "sharing.compare.settings_line",
        lang,
        frame=scenario.frame,
        unit=study.unit_name(scenario.focus),
        levers=levers,
        trend=fmt_num(scenario.trend_multiplier, lang, 1),
        pace=fmt_num(scenario.others_pace, lang, 2),
        pushes=pushes,
    )
