"""Text from a user or a file, made safe to show in markdown: every special character escaped.

Used wherever the app shows a name or a message that came from outside (a refused scenario
file's problems, an upload's file name, a register entry): no markup in it can reach the page.
"""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~:$-])")


def md_escape(text: str) -> str:
    """``text`` with every markdown/HTML special character escaped (shown literally)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
