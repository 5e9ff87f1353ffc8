"""Streamlit-side helpers: strings, formatting, state, cached model calls, chart builders."""
