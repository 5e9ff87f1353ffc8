"""The command line's wording of the problems the model reports (``targets --obs``,
``store import``): the app's English, from the one catalogue (:mod:`text.problems`)."""

from __future__ import annotations

from text.problems import message


def problem_text(problem: object) -> str:
    """A :class:`model.userdata.RowProblem` or ``FileProblem`` (error) in English, as the
    app's English shows it: "Line 3, column indicator_id: unknown indicator id 'x'"."""
    return message(problem, "en")
