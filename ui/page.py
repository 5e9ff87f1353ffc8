"""What every page reads first, in one call: :func:`prelude`.

A page starts with ``page = prelude()`` and takes from it the language, the scenario the
widgets show, the session's planners' figures (their cache key), the data and the study,
and the translator that fills in the study's words (unit, years, goal). Nothing is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from model.data import Dataset
from model.scenario import Scenario
from model.study import Study
from ui import cache, state
from ui.words import translator


@dataclass(frozen=True)
class Page:
    """The state a page is drawn from (read once, at the top of the page).

    lang : "vi" or "en"
    scenario : the scenario the widgets show (:func:`ui.state.current_scenario`)
    obs_key : the session's own figures as a cache key (:func:`ui.state.current_observations_key`)
    dataset, study : the shipped data and the study read from it (:mod:`ui.cache`)
    """

    lang: str
    scenario: Scenario
    obs_key: tuple
    dataset: Dataset
    study: Study

    @cached_property
    def t(self) -> Callable[..., str]:
        """:func:`text.i18n.t` with the study's words of :attr:`scenario` filled in
        (:func:`ui.words.translator`); made when first used."""
        return translator(self.scenario, self.lang)


def prelude() -> Page:
    """The page's state, read now: call it after anything that changes the session's figures
    (the targets page reads an upload first)."""
    return Page(
        lang=state.lang(),
        scenario=state.current_scenario(),
        obs_key=state.current_observations_key(),
        dataset=cache.dataset(),
        study=cache.study(),
    )
