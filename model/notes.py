"""Words the model hands over as codes: a :class:`Note` is a sentence for a reader, as a code
and its arguments.

The model writes no Vietnamese or English sentence (a test scans for them): where a figure
needs a sentence beside it (why a method does not apply, the note of a target, the label of a
forecast method or a weight set, the rule that chose a method, what a scenario field allows),
it returns a Note. The words are the catalogue's (``text/catalogue/model.py``, keys
``model.<code>``): :func:`text.notes.note_text` words one Note in the page's language, the
command line words them in English. An argument may itself be a Note, or a tuple of Notes or
values (worded one by one and joined), so a sentence can quote another.

Pure: no imports of the project, nothing read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True)
class Note:
    """A sentence as ``code`` (its catalogue key is ``model.<code>``) and its arguments as
    (name, value) pairs (numbers in their own units, ids, years, other Notes)."""

    code: str
    args: tuple[tuple[str, Any], ...] = ()
    #: How the text layer recognises a Note without importing the model.
    is_note: ClassVar[bool] = True

    @property
    def params(self) -> dict[str, Any]:
        """The arguments as a dict (what the catalogue's template is filled with)."""
        return dict(self.args)


def note(code: str, **params: Any) -> Note:
    """A :class:`Note` of ``code`` with ``params`` (sorted by name, so equal notes are equal)."""
    return Note(code, tuple(sorted(params.items())))
