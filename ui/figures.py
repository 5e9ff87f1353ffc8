"""Drawing a :class:`ui.charts.Figure` on a page."""

from __future__ import annotations

import time
from typing import Any

from ui.charts import Figure
from ui.st_internals import rerun_requested


def show(container: Any, figure: Figure) -> None:
    """Draw ``figure`` across its container's width.

    ``st.vega_lite_chart`` with the figure's cached, already validated layout: Streamlit
    only serialises the rows (as Arrow), where ``st.altair_chart`` would rebuild and
    re-validate the whole Altair spec on every rerun.
    """
    container.vega_lite_chart(spec=figure.spec(), width="stretch")


#: How long :func:`let_browser_catch_up` pauses the script [s]; chosen by measurement in
#: Chromium (README, "Responsiveness": shorter pauses left the chart's frame waiting).
CATCH_UP_S = 0.15
#: The pause on a session's first run [s]: long enough for a new session's browser to load
#: the big numbers' code and paint them before the next element type arrives
#: (:func:`let_new_session_paint`; README, "Responsiveness").
FIRST_RUN_CATCH_UP_S = 0.5
#: How often the pause checks whether the user asked for a new run [s].
POLL_S = 0.01


def let_browser_catch_up(*, first_run: bool = False) -> None:
    """Pause the script so that the browser draws what the page has sent so far first.

    A page calls this once, after its big numbers and first chart, before the heavier
    sections below them. Two things then stop competing with that first answer:

    - Streamlit sends each element as its own message from its event-loop thread, which
      needs the GIL: while the script computes, every queued message waits for a GIL
      switch, so without a pause the top of a page would arrive only near the end of the run.
    - The browser draws the messages it has in batches, and every element of the run costs
      it time (~170 on the rank page): with the rest of the page right behind the chart,
      the chart's frame waited for them (and, with the browser and the server on one
      machine, the script's work on the rest competed with it for the CPU).

    The rest of the page arrives later by about the pause. The pause ends at once when the
    user has already moved a control again (Streamlit then starts the new run at the next
    element), so quick successive presses are not slowed down. On a session's first run
    (``first_run``) the pause is :data:`FIRST_RUN_CATCH_UP_S` (:func:`let_new_session_paint`).
    """
    _pause(FIRST_RUN_CATCH_UP_S if first_run else CATCH_UP_S)


def let_new_session_paint(first_run: bool) -> None:
    """On a session's first run only (``first_run``, :func:`ui.state.first_run`), pause the
    script for :data:`FIRST_RUN_CATCH_UP_S` so that the browser paints the big numbers
    already sent before anything else arrives. A page calls this right after its big
    numbers when its :func:`let_browser_catch_up` comes later (after its first chart).

    Why: a new session's browser loads the code of each element type the first time one
    arrives, and shows none of the elements of an update until the code of every element
    in it has loaded (measured in Chromium: the metrics' code was in at 1.2 s, the metrics
    were shown at 2.2 s, right after the last widget's code). Elements that arrive after
    the big numbers are painted do not hold them back.
    """
    if first_run:
        _pause(FIRST_RUN_CATCH_UP_S)


def _pause(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if rerun_requested():
            return
        time.sleep(min(POLL_S, left))
