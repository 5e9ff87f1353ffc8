"""Pure model of the Hà Tĩnh digital-transformation explorer.

numpy / pandas / scipy only: no streamlit, and nothing is read from disk at import.
"""
