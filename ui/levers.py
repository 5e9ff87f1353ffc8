"""The lever sliders: one per main index the focus unit can still raise (the sidebar's, and
the presenter view's on the page itself: same keys, so the link is the same)."""

from __future__ import annotations

from typing import Any

from model.scenario import lever_key
from text.i18n import fmt_num, t
from ui import cache, sliders

#: A lever is an extra gain of a main index by the goal year [index points, 0–1]: "+0,10".
LEVER_STYLE = sliders.NumberStyle(decimals=2, sign=True)


def lever_sliders(container: Any, lang: str, frame: int, focus: str, *, captions: bool = True) -> None:
    """One slider per main index the focus unit can still raise (keys ``lv_*``, bound to the
    URL), capped at its headroom; with ``captions`` a line "2024 = … → 2030 = …" under each.
    The indices already at 1.0 are named in one line; a unit whose main indices are not
    published (a merged province in the 63 frame) gets a note instead of sliders."""
    study = cache.study()
    setup = cache.frame_setup(frame, focus)
    caps = study.lever_caps(frame, focus)
    if not study.has_main_indices(frame, focus):
        container.caption(t("common.levers_none", lang, year=setup.base_year))
        return
    base, end = setup.base_year, setup.years[-1]
    held = []
    for index in study.lever_indices:
        name = t(f"common.index.{index}", lang)
        if caps[index] <= 0.0:
            held.append(name)
            continue
        value = sliders.param_slider(
            container, lever_key(index), name, lang, LEVER_STYLE, hi=caps[index], help=t("common.lever_help", lang, start=setup.years[0], end=end)
        )
        if captions:
            container.caption(
                t(
                    "common.lever_value",
                    lang,
                    name=name,
                    base=base,
                    end=end,
                    now=fmt_num(setup.current[index], lang, 4),
                    then=fmt_num(min(1.0, setup.current[index] + value), lang, 4),
                )
            )
    if held:
        container.caption(t("common.levers_held", lang, names=", ".join(held), year=base))
