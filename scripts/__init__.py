"""Developer scripts: serving the app, load test, screenshots (not imported by the app)."""
