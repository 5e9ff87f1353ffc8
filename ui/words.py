"""The study's words for the catalogue's placeholders: unit names, years and counts read from
the data (model.study), so that no page text names a unit, a year or a goal by itself.

``words(scenario)`` gives every placeholder the catalogue's study-dependent strings use; pass
it to :func:`text.i18n.t` (``t(key, lang, **words(scenario))``); ``str.format`` ignores the ones
a string does not use.
"""

from __future__ import annotations

from model.scenario import Scenario
from text.i18n import fmt_num
from ui import cache


def study_words() -> dict[str, object]:
    """The placeholders that need no scenario: plan (the plan unit's name), goal_rank,
    goal_year, target_years ("2025/2030": the plan's target years), est_frame / est_years /
    est_path / n_transitions (the estimation panel), moves / moves_years (median rank moves
    per year in it), last_year (last observed year), next_dti_year (the first DTI year the
    tables do not hold)."""
    from model.targets import PROJECTION_YEARS

    study = cache.study()
    moves = cache.rank_moves()
    low, high = int(round(moves["median_abs_change"].min())), int(round(moves["median_abs_change"].max()))
    years = study.estimation_years
    return {
        "plan": study.unit_name(study.plan_unit),
        "goal_rank": study.goal_rank,
        "goal_year": study.goal_year,
        "target_years": "/".join(map(str, PROJECTION_YEARS)),
        "first_target": min(PROJECTION_YEARS),
        "last_target": max(PROJECTION_YEARS),
        "est_frame": study.estimation_frame,
        "est_years": f"{years[0]}–{years[-1]}",
        "est_path": "→".join(map(str, years)),
        "n_transitions": len(years) - 1,
        "moves": f"{low}–{high}" if low != high else str(low),
        "moves_years": f"{years[0]}–{years[-1]}",
        "last_year": study.last_year,
        "next_dti_year": study.last_year + 1,  # the first DTI year not in the tables
    }


def words(scenario: Scenario, lang: str) -> dict[str, object]:
    """:func:`study_words` and: unit (focus name), start / end (first and last forecast year
    of the frame), base (its last observed year), drifts (observed drift per transition,
    "2022→2023: +0,43; …"), n_movable (main indices the focus unit can still raise), frame."""
    study = cache.study()
    setup = cache.setup_for(scenario)
    fit = cache.panel_fit(scenario.seed)
    movable = sum(1 for cap in study.lever_caps(scenario.frame, scenario.focus).values() if cap > 0)
    drifts = "; ".join(
        f"{a}→{b}: {'+' if d >= 0 else '−'}{fmt_num(abs(d), lang, 2)}"
        for a, b, d in zip(fit.per_transition["from_year"], fit.per_transition["to_year"], fit.per_transition["drift"], strict=True)
    )
    return {
        **study_words(),
        "unit": study.unit_name(scenario.focus),
        "start": setup.years[0],
        "end": setup.years[-1],
        "base": setup.base_year,
        "drifts": drifts,
        "n_movable": movable,
        "frame": scenario.frame,
    }


def translator(scenario: Scenario, lang: str):
    """:func:`text.i18n.t` with :func:`words` of ``scenario`` filled in (explicit values win)."""
    from text.i18n import t

    filled = words(scenario, lang)

    def translate(key: str, lang: str, **values: object) -> str:
        return t(key, lang, **{**filled, **values})

    return translate


# ----------------------------------------------------------------------------- facts of the tables
def _years_text(years) -> str:
    """2022–2024 for a run of years, "2020, 2022" otherwise ("" when none)."""
    ys = sorted({int(y) for y in years})
    if not ys:
        return ""
    if len(ys) > 1 and ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}–{ys[-1]}"
    return ", ".join(map(str, ys))


def first_tie(scores) -> dict[str, int] | None:
    """The first published tie of the largest frame's ranking: {year, rank, count, next}
    (e.g. two units 15th, the next 17th), None when the table has none."""
    frame = int(scores["universe"].max())
    published = scores[scores["universe"] == frame].dropna(subset=["dti_rank"])
    for year, rows in published.groupby("year", sort=True):
        counts = rows["dti_rank"].astype(int).value_counts().sort_index()
        tied = counts[counts > 1]
        if len(tied):
            rank = int(tied.index[0])
            later = [int(r) for r in counts.index if r > rank]
            if later:
                return {"year": int(year), "rank": rank, "count": int(tied.iloc[0]), "next": later[0]}
    return None


def method_words(lang: str) -> dict[str, object]:
    """Placeholders of the method page that state facts of the shipped tables and the
    model's stated rules: tie_example (the first published tie, worded, or ""), today_frame
    (the frame of today's units), plan_frame (the frame the plan was written for), tolerance /
    stale_after / reference_year (the target labels' rules, :mod:`model.targets`)."""
    from model.targets import STALE_AFTER_YEARS, UNIVERSAL_TOLERANCE, plan_frame, reference_year
    from text.i18n import fmt_num, t
    from ui.thresholds import frame_first_years

    study = cache.study()
    tie = first_tie(cache.dataset().scores)
    return {
        "tie_example": t("method.tie_example", lang, **tie) if tie else "",
        "today_frame": study.default_frame,
        "plan_frame": plan_frame(frame_first_years()),
        "tolerance": fmt_num(UNIVERSAL_TOLERANCE, lang, 0 if float(UNIVERSAL_TOLERANCE).is_integer() else 1),
        "stale_after": STALE_AFTER_YEARS,
        "reference_year": reference_year(cache.dataset()),
    }


def table_title(file_name: str, lang: str) -> str:
    """A data table's title with the years and unit counts read from the tables themselves
    (``data_page.table.<name>``); the English one equals the table's provenance record."""
    from model.targets import PCI_N_UNITS
    from text.i18n import t

    ds = cache.dataset()
    study = cache.study()
    scores, comps = ds.scores, ds.components
    big, small = max(study.frames), min(study.frames)
    per_year = comps.groupby("year")["unit_id"].nunique()
    full = [int(y) for y, n in per_year.items() if n >= small]
    history = sorted({int(y) for y in ds.history["year"]})
    pci_subs = [c for c in ds.pci.columns if c not in ("province", "year", "pci_score", "pci_rank", "source", "notes")]
    values: dict[str, object] = {
        **study_words(),
        "big": big,
        "small": small,
        "big_years": _years_text(scores.loc[scores["universe"] == big, "year"]),
        "small_years": _years_text(scores.loc[scores["universe"] == small, "year"]),
        "full_years": _years_text(full),
        "partial_years": _years_text([int(y) for y in per_year.index if int(y) not in full]),
        "history_years": t("targets.evidence.and", lang).join(map(str, history)),
        "pci_years": _years_text(ds.pci["year"]),
        "pci_units": PCI_N_UNITS,
        "pci_subs": len(pci_subs),
        "n_indices": comps["component"].nunique(),
        "n_provinces": ds.merger["province63_id"].nunique(),
        "n_units": ds.merger["unit34_id"].nunique(),
    }
    return t(f"data_page.table.{file_name.removesuffix('.csv')}", lang, **values)
