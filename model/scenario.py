"""The scenario: one frozen object that the controls build, the model reads, and the
link (URL query string) and the scenario file carry.

Every input that changes a figure is a field here, with its default, bounds and URL
key declared once in :data:`PARAMS`. Parsing never raises on user input: bad values
fall back to the default and are reported as :class:`ParamProblem` so the app can
show a notice naming them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from model.data import MAIN_INDICES

#: Main indices that still have headroom for Hà Tĩnh in 2024 (the other four are at 1.0).
LEVER_INDICES: tuple[str, ...] = (
    "infrastructure",
    "gov_activity",
    "econ_activity",
    "society_activity",
)
LEVER_KEYS: dict[str, str] = {
    "infrastructure": "lv_infra",
    "gov_activity": "lv_gov",
    "econ_activity": "lv_econ",
    "society_activity": "lv_soc",
}
#: Upper bound on simulation draws that a link or a file may ask for (server protection).
MAX_DRAWS = 20_000
FRAMES = (34, 63)
YEARS = tuple(range(2025, 2031))
STATUS_METHODS = ("statcan", "un2023")
#: Default strength of the indicator → main index mapping: one component's share of its
#: main index, 8 main indices / 47 components in the DTI 2024 framework (data README).
DEFAULT_MAPPING_STRENGTH = round(8 / 47, 2)
FORMAT_NAME = "hatinh-dx-scenario"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class ParamSpec:
    """Declaration of one scenario input: its URL key, type, default and bounds."""

    name: str
    key: str
    kind: str  # "int" | "float" | "choice"
    default: Any
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    choices: tuple = ()


PARAMS: tuple[ParamSpec, ...] = (
    ParamSpec("frame", "frame", "choice", 34, choices=FRAMES),
    ParamSpec("top_n", "top", "int", 15, 1, 63, 1),
    ParamSpec("year", "year", "int", 2030, 2025, 2030, 1),
    ParamSpec("seed", "seed", "int", 2030, 0, 2**31 - 1, 1),
    ParamSpec("draws", "draws", "int", 4000, 500, MAX_DRAWS, 500),
    # Levers: extra gain of a main index by 2030 beyond the baseline trend [index points, 0–1].
    ParamSpec("lever_infrastructure", "lv_infra", "float", 0.0, 0.0, 1.0, 0.01),
    ParamSpec("lever_gov_activity", "lv_gov", "float", 0.0, 0.0, 1.0, 0.01),
    ParamSpec("lever_econ_activity", "lv_econ", "float", 0.0, 0.0, 1.0, 0.01),
    ParamSpec("lever_society_activity", "lv_soc", "float", 0.0, 0.0, 1.0, 0.01),
    # Assumptions (multipliers on what the panel estimates; 1.0 = as estimated).
    ParamSpec("others_pace", "as_pace", "float", 1.0, 0.5, 1.5, 0.05),
    ParamSpec("shock_scale", "as_shock", "float", 1.0, 0.5, 2.0, 0.05),
    ParamSpec("persistence", "as_persist", "float", 1.0, 0.8, 1.2, 0.01),
    # Plan targets.
    ParamSpec("status_method", "method", "choice", "statcan", choices=STATUS_METHODS),
    ParamSpec("push_start", "push_start", "int", 2026, 2025, 2030, 1),
    ParamSpec("trend_multiplier", "trend", "float", 1.0, 0.0, 2.0, 0.1),
)
PARAM_BY_KEY: dict[str, ParamSpec] = {p.key: p for p in PARAMS}
PARAM_BY_NAME: dict[str, ParamSpec] = {p.name: p for p in PARAMS}

#: Per-target push: extra points per year on the indicator [points/yr].
PUSH_PREFIX = "push_"
PUSH_BOUNDS = (-10.0, 20.0)
#: Per-indicator mapping strength onto its main index [index points per indicator point / 100].
STRENGTH_PREFIX = "map_"
STRENGTH_BOUNDS = (0.0, 1.0)


@dataclass(frozen=True)
class ParamProblem:
    """A scenario input that was rejected: its URL key, the raw value and why."""

    key: str
    value: str
    reason: str  # "unknown" | "not_a_number" | "out_of_range" | "not_a_choice" | "repeated" | "too_long"

    def __str__(self) -> str:
        shown = self.value if len(self.value) <= 40 else self.value[:37] + "…"
        return f"{self.key}={shown!r}: {self.reason}"


@dataclass(frozen=True)
class Scenario:
    """Every input that changes a figure. Frozen and hashable (a cache key).

    Levers are in index points [0–1] of the main index, reached by 2030 and phased in
    linearly from 2025; assumptions are multipliers on the panel estimates.
    ``pushes`` and ``strengths`` are sorted (key, value) tuples so equal scenarios
    hash equal.
    """

    frame: int = 34
    top_n: int = 15
    year: int = 2030
    seed: int = 2030
    draws: int = 4000
    lever_infrastructure: float = 0.0
    lever_gov_activity: float = 0.0
    lever_econ_activity: float = 0.0
    lever_society_activity: float = 0.0
    others_pace: float = 1.0
    shock_scale: float = 1.0
    persistence: float = 1.0
    status_method: str = "statcan"
    push_start: int = 2026
    trend_multiplier: float = 1.0
    pushes: tuple[tuple[str, float], ...] = field(default=())
    strengths: tuple[tuple[str, float], ...] = field(default=())

    # -- views ---------------------------------------------------------------------------
    def levers(self) -> dict[str, float]:
        """Direct lever per main index [index points by 2030]; indices without a lever → 0."""
        out = dict.fromkeys(MAIN_INDICES, 0.0)
        for index in LEVER_INDICES:
            out[index] = float(getattr(self, f"lever_{index}"))
        return out

    def push_for(self, target_id: str) -> float:
        return dict(self.pushes).get(target_id, 0.0)

    def strength_for(self, target_id: str) -> float:
        return dict(self.strengths).get(target_id, DEFAULT_MAPPING_STRENGTH)

    def assumptions_key(self) -> tuple:
        """The fields that change every unit's simulated path (levers do not)."""
        return (self.frame, self.seed, self.draws, self.others_pace, self.shock_scale, self.persistence)

    @classmethod
    def from_assumptions_key(cls, key: tuple, **changes: Any) -> Scenario:
        """The default scenario with the fields of :meth:`assumptions_key` set from ``key``
        (and any other ``changes``): what a cache keyed by the assumptions simulates."""
        frame, seed, draws, pace, shock, persistence = key
        return cls(
            frame=frame, seed=seed, draws=draws, others_pace=pace, shock_scale=shock, persistence=persistence, **changes
        )

    def with_values(self, **changes: Any) -> Scenario:
        return replace(self, **changes)

    # -- serialisation -------------------------------------------------------------------
    def to_params(self) -> dict[str, str]:
        """URL parameters for the fields that differ from the defaults (the link)."""
        out: dict[str, str] = {}
        for spec in PARAMS:
            value = getattr(self, spec.name)
            if value != spec.default:
                out[spec.key] = _format_value(value)
        for target_id, value in self.pushes:
            if value != 0.0:
                out[PUSH_PREFIX + target_id] = _format_value(value)
        for target_id, value in self.strengths:
            if value != DEFAULT_MAPPING_STRENGTH:
                out[STRENGTH_PREFIX + target_id] = _format_value(value)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict of every field (used by the scenario file)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = dict(value) if isinstance(value, tuple) else value
        return out


def _format_value(value: Any) -> str:
    if isinstance(value, float):
        text = f"{value:.6g}"
        return text
    return str(value)


def _parse_one(spec: ParamSpec, raw: Any) -> tuple[Any, str | None]:
    """(value, None) when valid, else (default, reason)."""
    text = str(raw).strip()
    if len(text) > 64:
        return spec.default, "too_long"
    if spec.kind == "choice":
        for choice in spec.choices:
            if text == str(choice):
                return choice, None
        return spec.default, "not_a_choice"
    try:
        number = float(text)
    except ValueError:
        return spec.default, "not_a_number"
    if not math.isfinite(number):
        return spec.default, "not_a_number"
    if spec.kind == "int":
        if number != int(number):
            return spec.default, "not_a_number"
        number = int(number)
    if (spec.lo is not None and number < spec.lo) or (spec.hi is not None and number > spec.hi):
        return spec.default, "out_of_range"
    return number, None


def _bounded_float(raw: Any, bounds: tuple[float, float]) -> tuple[float | None, str | None]:
    text = str(raw).strip()
    if len(text) > 64:
        return None, "too_long"
    try:
        number = float(text)
    except ValueError:
        return None, "not_a_number"
    if not math.isfinite(number):
        return None, "not_a_number"
    if not bounds[0] <= number <= bounds[1]:
        return None, "out_of_range"
    return number, None


def scenario_from_params(
    params: Mapping[str, Any],
    *,
    target_ids: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
) -> tuple[Scenario, list[ParamProblem]]:
    """Build a Scenario from URL-style parameters; never raises on bad input.

    ``params`` maps a key to a string or to a list of strings (repeated keys). Keys in
    ``ignore`` (e.g. ``lang``, ``present``) belong to the UI and are skipped. Each bad
    value falls back to its default and is reported. ``top_n`` larger than the frame is
    reported and reset.
    """
    values: dict[str, Any] = {}
    pushes: dict[str, float] = {}
    strengths: dict[str, float] = {}
    problems: list[ParamProblem] = []
    for key, raw in params.items():
        if key in ignore:
            continue
        if isinstance(raw, list | tuple):
            if len(raw) != 1:
                problems.append(ParamProblem(key, ",".join(map(str, raw)), "repeated"))
                continue
            raw = raw[0]
        if key in PARAM_BY_KEY:
            spec = PARAM_BY_KEY[key]
            value, reason = _parse_one(spec, raw)
            if reason:
                problems.append(ParamProblem(key, str(raw), reason))
            else:
                values[spec.name] = value
        elif key.startswith(PUSH_PREFIX) and key[len(PUSH_PREFIX):] in target_ids:
            value, reason = _bounded_float(raw, PUSH_BOUNDS)
            if reason:
                problems.append(ParamProblem(key, str(raw), reason))
            else:
                pushes[key[len(PUSH_PREFIX):]] = value
        elif key.startswith(STRENGTH_PREFIX) and key[len(STRENGTH_PREFIX):] in target_ids:
            value, reason = _bounded_float(raw, STRENGTH_BOUNDS)
            if reason:
                problems.append(ParamProblem(key, str(raw), reason))
            else:
                strengths[key[len(STRENGTH_PREFIX):]] = value
        else:
            problems.append(ParamProblem(key, str(raw), "unknown"))
    frame = values.get("frame", PARAM_BY_NAME["frame"].default)
    if values.get("top_n", 0) > frame:
        problems.append(ParamProblem("top", str(values.pop("top_n")), "out_of_range"))
    scenario = Scenario(
        **values,
        pushes=tuple(sorted(pushes.items())),
        strengths=tuple(sorted(strengths.items())),
    )
    return scenario, problems


def scenario_from_dict(data: Mapping[str, Any], *, target_ids: tuple[str, ...] = ()) -> tuple[Scenario, list[ParamProblem]]:
    """Build a Scenario from :meth:`Scenario.to_dict` output (scenario files); strict on keys."""
    params: dict[str, Any] = {}
    problems: list[ParamProblem] = []
    known = {f.name for f in fields(Scenario)}
    for name, value in data.items():
        if name not in known:
            problems.append(ParamProblem(name, str(value)[:64], "unknown"))
        elif name == "pushes" or name == "strengths":
            if not isinstance(value, Mapping):
                problems.append(ParamProblem(name, str(value)[:64], "not_a_choice"))
                continue
            prefix = PUSH_PREFIX if name == "pushes" else STRENGTH_PREFIX
            for target_id, number in value.items():
                if isinstance(number, bool) or not isinstance(number, int | float):
                    problems.append(ParamProblem(prefix + str(target_id), str(number)[:64], "not_a_number"))
                else:
                    params[prefix + str(target_id)] = str(number)
        else:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                problems.append(ParamProblem(PARAM_BY_NAME[name].key, str(value)[:64], "not_a_number"))
                continue
            params[PARAM_BY_NAME[name].key] = str(value)
    scenario, more = scenario_from_params(params, target_ids=target_ids)
    return scenario, problems + more
