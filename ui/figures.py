"""Drawing a :class:`ui.charts.Figure` on a page."""

from __future__ import annotations

from typing import Any

from ui.charts import Figure


def show(container: Any, figure: Figure) -> None:
    """Draw ``figure`` across its container's width.

    ``st.vega_lite_chart`` with the figure's cached, already validated layout: Streamlit
    only serialises the rows (as Arrow), where ``st.altair_chart`` would rebuild and
    re-validate the whole Altair spec on every rerun.
    """
    container.vega_lite_chart(spec=figure.spec(), width="stretch")
