"""The scenario: one frozen object that the controls build, the model reads, and the
link (URL query string) and the scenario file carry.

Every input that changes a figure is a field here. Its URL key, kind and bounds are
declared once: :data:`STATIC_PARAMS` for the inputs whose default and bounds do not depend
on the study, :func:`param_specs` for all of them with the study's defaults and bounds
(focus unit, frame, Top-N, year, first push year, one lever per main index of the last
observed year; :mod:`model.study`).

Validation has two layers, both raising :class:`ScenarioError` that names the field and
the allowed range:

- on construction (:meth:`Scenario.__post_init__`), every rule that needs no data: types,
  1 ≤ top_n ≤ frame, draws within [MIN_DRAWS, MAX_DRAWS], levers within [0, 1], assumptions
  within their bounds, pushes and strengths within theirs;
- :func:`check_scenario` (run by :func:`default_scenario` and the parsers), the study's
  rules: frame among the study's frames, focus among the frame's units, year and first push
  year within the forecast years, each lever a main index with its value within the focus
  unit's headroom.

Parsing links and files never raises on user input: bad values fall back to the default
and are reported as :class:`ParamProblem` so the app can show a notice naming them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from model.notes import Note, note
from model.study import HEADROOM_TOL, Study

#: Default random seed. A seed, not a year: kept from the first release so that old links,
#: which leave the default out, reproduce the same draws.
DEFAULT_SEED = 2030
DEFAULT_DRAWS = 4000
MIN_DRAWS = 500
#: Upper bound on simulation draws that a link or a file may ask for (server protection).
MAX_DRAWS = 20_000
STATUS_METHODS = ("statcan", "un2023")
#: Default strength of the indicator → main index mapping: one component's share of its
#: main index, 8 main indices / 47 components in the DTI 2024 framework (data README).
DEFAULT_MAPPING_STRENGTH = round(8 / 47, 2)
#: Plan pushes start this many years after the last observed year by default: the year
#: right after it is already being measured when its figures are published.
PUSH_START_AFTER_LAST = 2
FORMAT_NAME = "hatinh-dx-scenario"
FORMAT_VERSION = 2

#: URL key of each DTI main index's lever. The four first levers keep the keys of the first
#: release so that its links still open; a main index not listed here gets ``lv_<id>``.
LEVER_URL_KEYS: dict[str, str] = {
    "awareness": "lv_aware",
    "institutions": "lv_inst",
    "infrastructure": "lv_infra",
    "human_resources": "lv_hr",
    "cybersecurity": "lv_cyber",
    "gov_activity": "lv_gov",
    "econ_activity": "lv_econ",
    "society_activity": "lv_soc",
}
LEVER_PREFIX = "lv_"
LEVER_STEP = 0.01
FOCUS_KEY = "unit"


def lever_key(index: str) -> str:
    """The URL key of the lever on main index ``index``."""
    return LEVER_URL_KEYS.get(index, LEVER_PREFIX + index)


@dataclass(frozen=True)
class ParamSpec:
    """Declaration of one scenario input: its URL key, type, default and bounds."""

    name: str
    key: str
    kind: str  # "int" | "float" | "choice" | "text"
    default: Any
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    choices: tuple = ()


#: Inputs whose default and bounds do not depend on the study.
STATIC_PARAMS: tuple[ParamSpec, ...] = (
    ParamSpec("seed", "seed", "int", DEFAULT_SEED, 0, 2**31 - 1, 1),
    ParamSpec("draws", "draws", "int", DEFAULT_DRAWS, MIN_DRAWS, MAX_DRAWS, 500),
    # Assumptions (multipliers on what the panel estimates; 1.0 = as estimated).
    ParamSpec("others_pace", "as_pace", "float", 1.0, 0.5, 1.5, 0.05),
    ParamSpec("shock_scale", "as_shock", "float", 1.0, 0.5, 2.0, 0.05),
    ParamSpec("persistence", "as_persist", "float", 1.0, 0.8, 1.2, 0.01),
    # Plan targets.
    ParamSpec("status_method", "method", "choice", "statcan", choices=STATUS_METHODS),
    ParamSpec("trend_multiplier", "trend", "float", 1.0, 0.0, 2.0, 0.1),
)
STATIC_BY_NAME: dict[str, ParamSpec] = {p.name: p for p in STATIC_PARAMS}

#: Per-target push: extra points per year on the indicator [points/yr].
PUSH_PREFIX = "push_"
PUSH_BOUNDS = (-10.0, 20.0)
#: Per-indicator mapping strength onto its main index [index points per indicator point / 100].
STRENGTH_PREFIX = "map_"
STRENGTH_BOUNDS = (0.0, 1.0)
LEVER_BOUNDS = (0.0, 1.0)
#: Field name → URL key of the study-dependent inputs (their specs: :func:`param_specs`).
STUDY_KEYS: dict[str, str] = {"focus": FOCUS_KEY, "frame": "frame", "top_n": "top", "year": "year", "push_start": "push_start"}


class ScenarioError(ValueError):
    """A scenario field outside its allowed values: ``field``, ``value`` and ``allowed`` (a
    note, code ``scenario.allowed.<rule>``); :attr:`note` is the whole message as a note
    (worded by :func:`text.notes.note_text`: "Scenario.top_n = 500 is not allowed: …")."""

    def __init__(self, field_name: str, value: Any, allowed: Note) -> None:
        self.field = field_name
        self.value = value
        self.allowed = allowed
        super().__init__(field_name, value, allowed)

    @property
    def note(self) -> Note:
        return note("scenario.not_allowed", field=self.field, value=self.value, allowed=self.allowed)

    def __reduce__(self):
        return (type(self), (self.field, self.value, self.allowed))


def _allowed(rule: str, **params: Any) -> Note:
    """What a field allows, as a note (``scenario.allowed.<rule>``)."""
    return note(f"scenario.allowed.{rule}", **params)


@dataclass(frozen=True)
class ParamProblem:
    """A scenario input that was rejected: its URL key, the raw value and why."""

    key: str
    value: str
    reason: str  # "unknown" | "not_a_number" | "out_of_range" | "above_headroom" | "not_a_choice" | "repeated" | "too_long"

    def __str__(self) -> str:
        shown = self.value if len(self.value) <= 40 else self.value[:37] + "…"
        return f"{self.key}={shown!r}: {self.reason}"


def _mapping_tuple(value: Any) -> tuple[tuple[str, float], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), float(v)) for k, v in items))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True)
class Scenario:
    """Every input that changes a figure. Frozen and hashable (a cache key).

    focus : unit_id of the unit the question is about, in ``frame``
    frame : ranking frame, the number of units ranked (e.g. 34 or 63)
    top_n : the goal rank N of "rank ≤ N" [rank]; year : the year shown [year]
    levers : (main index, extra gain by the horizon beyond the baseline trend) [index
        points 0–1], phased in linearly over the forecast years; zero levers are dropped
    push_start : first year of the plan-target pushes [year]
    others_pace / shock_scale / persistence : multipliers on the panel estimates [–]
    pushes / strengths : per target, extra points per year and mapping strength

    ``levers``, ``pushes`` and ``strengths`` may be given as mappings; they are stored as
    sorted (key, value) tuples so equal scenarios hash equal. Build one with
    :func:`default_scenario` (the study's defaults and checks) or parse one with
    :func:`scenario_from_params`.
    """

    focus: str
    frame: int
    top_n: int
    year: int
    push_start: int
    seed: int = DEFAULT_SEED
    draws: int = DEFAULT_DRAWS
    levers: tuple[tuple[str, float], ...] = field(default=())
    others_pace: float = 1.0
    shock_scale: float = 1.0
    persistence: float = 1.0
    status_method: str = "statcan"
    trend_multiplier: float = 1.0
    pushes: tuple[tuple[str, float], ...] = field(default=())
    strengths: tuple[tuple[str, float], ...] = field(default=())

    def __post_init__(self) -> None:
        for name in ("levers", "pushes", "strengths"):
            raw = getattr(self, name)
            try:
                value = _mapping_tuple(raw)
            except (TypeError, ValueError) as exc:
                raise ScenarioError(name, raw, _allowed("mapping")) from exc
            if len({k for k, _ in value}) != len(value):
                raise ScenarioError(name, raw, _allowed("once"))
            if name == "levers":
                value = tuple((k, v) for k, v in value if v != 0.0)
            object.__setattr__(self, name, value)
        self._check_static()

    def _check_static(self) -> None:
        if not isinstance(self.focus, str) or not self.focus:
            raise ScenarioError("focus", self.focus, _allowed("unit_id"))
        if not _is_int(self.frame) or self.frame < 1:
            raise ScenarioError("frame", self.frame, _allowed("frame_size"))
        if not _is_int(self.top_n) or not 1 <= self.top_n <= self.frame:
            raise ScenarioError("top_n", self.top_n, _allowed("top_n", frame=self.frame))
        for name in ("year", "push_start"):
            if not _is_int(getattr(self, name)):
                raise ScenarioError(name, getattr(self, name), _allowed("year"))
        for spec in STATIC_PARAMS:
            value = getattr(self, spec.name)
            if spec.kind == "choice":
                if value not in spec.choices:
                    raise ScenarioError(spec.name, value, _allowed("choice", choices=spec.choices))
                continue
            ok = _is_int(value) if spec.kind == "int" else _is_number(value)
            if not ok or not spec.lo <= value <= spec.hi:
                raise ScenarioError(spec.name, value, _allowed("int_range" if spec.kind == "int" else "number_range", lo=spec.lo, hi=spec.hi))
        for name, bounds in (("levers", LEVER_BOUNDS), ("pushes", PUSH_BOUNDS), ("strengths", STRENGTH_BOUNDS)):
            for key, value in getattr(self, name):
                if not math.isfinite(value) or not bounds[0] <= value <= bounds[1]:
                    raise ScenarioError(f"{name}[{key}]", value, _allowed("number_range", lo=bounds[0], hi=bounds[1]))

    # -- views ---------------------------------------------------------------------------
    def lever(self, index: str) -> float:
        """The direct lever on main index ``index`` [index points by the horizon]; 0 if none."""
        return dict(self.levers).get(index, 0.0)

    def lever_values(self, indices: tuple[str, ...]) -> dict[str, float]:
        """{main index: direct lever} for every index of ``indices`` (0 where none)."""
        own = dict(self.levers)
        return {k: own.get(k, 0.0) for k in indices}

    def push_for(self, target_id: str) -> float:
        return dict(self.pushes).get(target_id, 0.0)

    def strength_for(self, target_id: str) -> float:
        return dict(self.strengths).get(target_id, DEFAULT_MAPPING_STRENGTH)

    def assumptions_key(self) -> tuple:
        """The fields that change every unit's simulated path (levers do not)."""
        return (self.frame, self.focus, self.seed, self.draws, self.others_pace, self.shock_scale, self.persistence)

    def with_values(self, **changes: Any) -> Scenario:
        return replace(self, **changes)

    # -- serialisation -------------------------------------------------------------------
    def to_params(self, study: Study) -> dict[str, str]:
        """URL parameters for the fields that differ from the study's defaults (the link).

        The focus unit is written by its name, as the focus select writes it into the
        address bar (a browser keeps a bound select's value only in that form); a link
        with its unit_id opens the same unit (:func:`unit_from_text`).
        """
        out: dict[str, str] = {}
        for spec in param_specs(study).values():
            if spec.name.startswith("lever:"):
                continue
            value = getattr(self, spec.name)
            if value != spec.default:
                out[spec.key] = study.unit_name(value) if spec.key == FOCUS_KEY else _format_value(value)
        for index, value in self.levers:
            out[lever_key(index)] = _format_value(value)
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
        return f"{value:.6g}"
    return str(value)


# --------------------------------------------------------------------------- the study's rules
def default_push_start(study: Study) -> int:
    years = study.years
    return min(study.last_year + PUSH_START_AFTER_LAST, years[-1])


def param_specs(study: Study) -> dict[str, ParamSpec]:
    """Every scenario input by URL key, with the study's defaults and bounds.

    Lever specs have ``name`` ``"lever:<main index>"`` and bounds [0, 1] (the focus unit's
    headroom narrows them: :meth:`Study.lever_caps`).
    """
    years = study.years
    all_units = tuple(sorted({u for f in study.frames for u in study.units(f)}))
    specs = [
        ParamSpec("focus", FOCUS_KEY, "choice", study.plan_unit, choices=all_units),
        ParamSpec("frame", "frame", "choice", study.default_frame, choices=study.frames),
        ParamSpec("top_n", "top", "int", study.goal_rank, 1, max(study.frames), 1),
        ParamSpec("year", "year", "int", study.goal_year_in_forecast, years[0], years[-1], 1),
        ParamSpec("push_start", "push_start", "int", default_push_start(study), years[0], years[-1], 1),
        *STATIC_PARAMS,
        *(ParamSpec("lever:" + k, lever_key(k), "float", 0.0, *LEVER_BOUNDS, LEVER_STEP) for k in study.lever_indices),
    ]
    return {spec.key: spec for spec in specs}


def check_scenario(study: Study, scenario: Scenario) -> Scenario:
    """Raise :class:`ScenarioError` when ``scenario`` breaks one of the study's rules
    (module docstring); return it unchanged otherwise."""
    if scenario.frame not in study.frames:
        raise ScenarioError("frame", scenario.frame, _allowed("choice", choices=study.frames))
    if scenario.focus not in study.units(scenario.frame):
        raise ScenarioError("focus", scenario.focus, _allowed("frame_unit", frame=scenario.frame))
    years = study.years
    for name in ("year", "push_start"):
        if not years[0] <= getattr(scenario, name) <= years[-1]:
            raise ScenarioError(name, getattr(scenario, name), _allowed("year_range", first=years[0], last=years[-1]))
    caps = study.lever_caps(scenario.frame, scenario.focus)
    for index, value in scenario.levers:
        if index not in caps:
            raise ScenarioError("levers", index, _allowed("main_index", year=study.last_year, indices=study.lever_indices))
        if value > caps[index] + HEADROOM_TOL:
            raise ScenarioError(f"levers[{index}]", value, _allowed("headroom", cap=caps[index], focus=scenario.focus))
    for name in ("pushes", "strengths"):
        for target_id, _ in getattr(scenario, name):
            if target_id not in study.target_ids:
                raise ScenarioError(name, target_id, _allowed("target_id"))
    return scenario


def default_scenario(study: Study, **changes: Any) -> Scenario:
    """The study's default scenario with ``changes``, checked against the study."""
    values: dict[str, Any] = {spec.name: spec.default for spec in param_specs(study).values() if not spec.name.startswith("lever:")}
    values.update(changes)
    # a frame that is not a whole number (e.g. the text "34") is left for the checks to name:
    # no focus mapping, no Top-N cap computed with it
    whole_frame = "frame" in changes and _is_int(values["frame"])
    if whole_frame and "focus" not in changes and values["frame"] in study.frames:
        values["focus"] = study.unit_in_frame(values["focus"], values["frame"])
    if whole_frame and "top_n" not in changes:
        values["top_n"] = min(values["top_n"], values["frame"])
    return check_scenario(study, Scenario(**values))


def from_assumptions_key(study: Study, key: tuple, **changes: Any) -> Scenario:
    """The default scenario with the fields of :meth:`Scenario.assumptions_key` set from
    ``key`` (and any other ``changes``): what a cache keyed by the assumptions simulates."""
    frame, focus, seed, draws, pace, shock, persistence = key
    return default_scenario(
        study, frame=frame, focus=focus, seed=seed, draws=draws, others_pace=pace, shock_scale=shock,
        persistence=persistence, **changes,
    )


# --------------------------------------------------------------------------- parsing
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


def unit_from_text(study: Study, text: str, frame: int) -> str | None:
    """The unit_id a link's ``unit`` value names: a unit_id, or a unit's name as the focus
    select writes it into the address bar (a name of ``frame`` first, then of any frame);
    None when it names no unit."""
    import unicodedata

    text = unicodedata.normalize("NFC", text.strip())
    if len(text) > 64:
        return None
    every = [u for f in study.frames for u in study.units(f)]
    if text in every:
        return text
    frames = [frame, *(f for f in study.frames if f != frame)] if frame in study.frames else list(study.frames)
    for f in frames:
        info = study.frame_info[f]
        for unit_id, name in zip(info.unit_ids, info.unit_names, strict=True):
            if unicodedata.normalize("NFC", name) == text:
                return unit_id
    return None


def scenario_from_params(
    study: Study,
    params: Mapping[str, Any],
    *,
    ignore: tuple[str, ...] = (),
) -> tuple[Scenario, list[ParamProblem]]:
    """Build a Scenario from URL-style parameters; never raises on bad input.

    ``params`` maps a key to a string or to a list of strings (repeated keys). Keys in
    ``ignore`` (e.g. ``lang``) belong to the UI and are skipped. Each bad value falls back
    to its default and is reported: a focus unit not in the frame (mapped to the frame's
    unit by the merger rule), ``top`` larger than the frame, a lever above the focus unit's
    headroom.
    """
    specs = param_specs(study)
    values: dict[str, Any] = {}
    levers: dict[str, float] = {}
    pushes: dict[str, float] = {}
    strengths: dict[str, float] = {}
    problems: list[ParamProblem] = []
    target_ids = study.target_ids
    focus_text: str | None = None
    for key, raw in params.items():
        if key in ignore:
            continue
        if isinstance(raw, list | tuple):
            if len(raw) != 1:
                problems.append(ParamProblem(key, ",".join(map(str, raw)), "repeated"))
                continue
            raw = raw[0]
        if key == FOCUS_KEY:
            focus_text = str(raw).strip()[:65]
        elif key in specs:
            spec = specs[key]
            value, reason = _parse_one(spec, raw)
            if reason:
                problems.append(ParamProblem(key, str(raw), reason))
            elif spec.name.startswith("lever:"):
                levers[spec.name.split(":", 1)[1]] = value
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
    frame = values.get("frame", specs["frame"].default)
    if focus_text is not None:
        unit = unit_from_text(study, focus_text, frame)
        if unit is None:
            problems.append(ParamProblem(FOCUS_KEY, focus_text, "too_long" if len(focus_text) > 64 else "not_a_choice"))
        else:
            values["focus"] = unit
    focus = values.get("focus", specs[FOCUS_KEY].default)
    try:
        in_frame = study.unit_in_frame(focus, frame)
    except KeyError:
        in_frame = study.unit_in_frame(study.plan_unit, frame)
    if in_frame != focus:
        if "focus" in values:
            problems.append(ParamProblem(FOCUS_KEY, str(focus), "not_a_choice"))
        values["focus"] = in_frame
    if values.get("top_n", 0) > frame:
        problems.append(ParamProblem("top", str(values.pop("top_n")), "out_of_range"))
    caps = study.lever_caps(frame, values.get("focus", focus))
    for index in list(levers):
        if levers[index] > caps[index] + HEADROOM_TOL:
            problems.append(ParamProblem(lever_key(index), str(levers.pop(index)), "above_headroom"))
    scenario = default_scenario(study, **values, levers=levers, pushes=pushes, strengths=strengths)
    return scenario, problems


def scenario_from_dict(study: Study, data: Mapping[str, Any]) -> tuple[Scenario, list[ParamProblem]]:
    """Build a Scenario from :meth:`Scenario.to_dict` output (scenario files); strict on keys."""
    specs = param_specs(study)
    by_name = {spec.name: spec for spec in specs.values()}
    params: dict[str, Any] = {}
    problems: list[ParamProblem] = []
    known = {f.name for f in fields(Scenario)}
    for name, value in data.items():
        if name not in known:
            problems.append(ParamProblem(name, str(value)[:64], "unknown"))
        elif name in ("pushes", "strengths", "levers"):
            if not isinstance(value, Mapping):
                problems.append(ParamProblem(name, str(value)[:64], "not_a_choice"))
                continue
            for item, number in value.items():
                if name == "levers" and str(item) not in study.lever_indices:
                    # not a main index: named, never read as a URL key (an id such as "aware"
                    # would otherwise alias the first release's ``lv_aware``)
                    problems.append(ParamProblem(LEVER_PREFIX + str(item), str(number)[:64], "unknown"))
                    continue
                key = (
                    PUSH_PREFIX + str(item) if name == "pushes"
                    else STRENGTH_PREFIX + str(item) if name == "strengths"
                    else lever_key(str(item))
                )
                if isinstance(number, bool) or not isinstance(number, int | float):
                    problems.append(ParamProblem(key, str(number)[:64], "not_a_number"))
                else:
                    params[key] = str(number)
        else:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                problems.append(ParamProblem(by_name[name].key, str(value)[:64], "not_a_number"))
                continue
            params[by_name[name].key] = str(value)
    scenario, more = scenario_from_params(study, params)
    return scenario, problems + more
