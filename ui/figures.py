"""Drawing a :class:`ui.charts.Figure` on a page."""

from __future__ import annotations

import time
from typing import Any

from ui.charts import Figure


def show(container: Any, figure: Figure) -> None:
    """Draw ``figure`` across its container's width.

    ``st.vega_lite_chart`` with the figure's cached, already validated layout: Streamlit
    only serialises the rows (as Arrow), where ``st.altair_chart`` would rebuild and
    re-validate the whole Altair spec on every rerun.
    """
    container.vega_lite_chart(spec=figure.spec(), width="stretch")


#: How long :func:`let_browser_catch_up` pauses the script [s].
CATCH_UP_S = 0.012


def let_browser_catch_up() -> None:
    """Pause the script briefly so that what it has drawn so far reaches the browser now.

    Streamlit sends each element as its own message from its event-loop thread, which
    needs the GIL: while the script keeps computing, every queued message waits for a GIL
    switch (5 ms each), so the top of a page would arrive only near the end of the run.
    A page calls this once, after its big numbers and first chart, before the heavier work
    below them (measured: ``scripts/responsiveness.py``).
    """
    time.sleep(CATCH_UP_S)
