"""Measurement tools, run by hand or by ``make``: load test, soak, cold start, screenshots,
responsiveness in a real browser (``python -m tools.<name>``). Never imported by the app."""
