"""Real-browser tests (Playwright driving Debian's chromium against a served app)."""
