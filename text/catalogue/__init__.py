"""The one catalogue of user-facing strings.

Each module of this package holds the strings of one area of the app as
``STRINGS = {key: (vietnamese, english)}``; keys carry the module's prefix
(``common.``, ``overview.`` …) so that the merged catalogue has one namespace.
Splitting by area keeps edits local; ``CATALOGUE`` is what the app reads.
"""

from __future__ import annotations

from importlib import import_module

AREAS = (
    "common", "overview", "data_page", "targets", "ranking", "method", "briefing", "export", "sharing", "register",
    "userdata", "scenario_file", "model",
)


def _merge() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for area in AREAS:
        try:
            strings = import_module(f"{__name__}.{area}").STRINGS
        except ModuleNotFoundError as exc:  # an area not written yet
            if exc.name != f"{__name__}.{area}":
                raise
            continue
        for key, pair in strings.items():
            if key in merged:
                raise ValueError(f"catalogue key {key!r} is defined twice (area {area})")
            if not key.startswith(f"{area}."):
                raise ValueError(f"catalogue key {key!r} must start with {area + '.'!r}")
            merged[key] = pair
    return merged


CATALOGUE: dict[str, tuple[str, str]] = _merge()
