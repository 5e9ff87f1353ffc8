"""Command line entry to the model (no UI): ``python -m model <command>``.

    targets   [--obs FILE] [--store URL]                one JSON object per plan target
    store     [--store URL] migrate|add-editor|editors|dump|restore|import   the shared register
    forecast  [--frame F] [--focus UNIT] [--top N] [--draws N] [--seed S] [--uncertainty]
              JSON per year; --uncertainty adds one line {"model_spread", "weight_sensitivity"}
    units     [--frame F]                               the units of a frame, JSON lines
    backtest  [--draws N] [--seed S]                    JSON: every origin and frame, pooled,
              near the cut line, for every method, and the method the backtest chooses
    bench     [--repeat K] [--focus UNIT]               JSON lines with median ms per case

Defaults (frame, focus, Top-N) are the study's (data/study.csv and the data it names)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cli.messages import problem_text
from model.scenario import DEFAULT_SEED, MAX_DRAWS, MIN_DRAWS
from model.uncertainty import DEFAULT_METHOD
from text.notes import note_text, worded


def _forecast(args: argparse.Namespace) -> int:
    from model import engine
    from model.data import load_dataset
    from model.scenario import ScenarioError, default_scenario
    from model.study import build_study

    ds = load_dataset()
    study = build_study(ds)
    frame = study.default_frame if args.frame is None else args.frame
    if frame not in study.frames:
        print(f"error: --frame must be one of {', '.join(map(str, study.frames))}", file=sys.stderr)
        return 2
    focus = study.plan_unit if args.focus is None else args.focus
    if focus not in study.units(frame):
        try:
            mapped = study.unit_in_frame(focus, frame)
        except KeyError:
            print(f"error: --focus {focus!r} is not a unit_id of the {frame}-unit frame (see: python -m model units --frame {frame})", file=sys.stderr)
            return 2
        if args.focus is not None:
            print(f"error: --focus {focus!r} is not in the {frame}-unit frame; its unit there is {mapped!r}", file=sys.stderr)
            return 2
        focus = mapped
    top = min(study.goal_rank, frame) if args.top is None else args.top
    if not 1 <= top <= frame:
        print(f"error: --top must be between 1 and {frame}", file=sys.stderr)
        return 2
    if not MIN_DRAWS <= args.draws <= MAX_DRAWS:
        print(f"error: --draws must be between {MIN_DRAWS} and {MAX_DRAWS} (the app's bounds)", file=sys.stderr)
        return 2
    try:
        scenario = default_scenario(study, frame=frame, focus=focus, top_n=top, seed=args.seed, draws=args.draws)
    except ScenarioError as exc:
        print(f"error: {note_text(exc.note, 'en')}", file=sys.stderr)
        return 2
    result = engine.rank_forecast(ds, study, scenario)
    s = result.baseline
    for i, year in enumerate(s.years):
        print(
            json.dumps(
                {
                    "year": year,
                    "frame": frame,
                    "focus": focus,
                    "top_n": top,
                    "p_top": round(float(s.p_top[i]), 4),
                    "median_rank": float(s.median_rank[i]),
                    "rank_p10": int(s.rank_p10[i]),
                    "rank_p90": int(s.rank_p90[i]),
                    "cutline_median": round(float(s.cut_p50[i]), 4),
                }
            )
        )
    if args.uncertainty:
        from model import spread, weights

        extra = {
            "model_spread": spread.spread_summary(spread.model_spread(ds, study, scenario)),
            "weight_sensitivity": weights.weight_sensitivity(ds, study, scenario),
        }
        print(json.dumps(_rounded(worded(extra, "en")), ensure_ascii=False))
    return 0


def _rounded(value):
    """Floats to 4 decimals, NaN to null (JSON has no NaN), in nested dicts and lists."""
    if isinstance(value, float):
        return None if value != value else round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def _backtest(args: argparse.Namespace) -> int:
    from model import backtest
    from model.data import load_dataset
    from model.study import build_study

    ds = load_dataset()
    study = build_study(ds)
    compared = backtest.backtest_methods(ds, study, seed=args.seed, n_draws=args.draws)
    out = compared["methods"][DEFAULT_METHOD].as_dict()
    out["methods"] = {m: r.as_dict() for m, r in compared["methods"].items()}
    out["not_applicable"] = compared["not_applicable"]
    out["choice"] = compared["choice"]
    print(json.dumps(_rounded(worded(out, "en")), ensure_ascii=False))
    return 0


def _units(args: argparse.Namespace) -> int:
    from model.data import load_dataset
    from model.study import build_study

    study = build_study(load_dataset())
    frame = study.default_frame if args.frame is None else args.frame
    if frame not in study.frames:
        print(f"error: --frame must be one of {', '.join(map(str, study.frames))}", file=sys.stderr)
        return 2
    info = study.frame_info[frame]
    for rank, (unit_id, name) in enumerate(zip(info.unit_ids, info.unit_names, strict=True), start=1):
        print(json.dumps({"unit_id": unit_id, "unit_name": name, "frame": frame, "order": rank}, ensure_ascii=False))
    return 0


def _bench(args: argparse.Namespace) -> int:
    from cli import bench
    from model.data import load_dataset

    return bench.main(load_dataset(), repeat=args.repeat, focus=args.focus)


def _target_objects(ds, user_obs) -> list[dict]:  # noqa: ANN001 - a Dataset and a figures frame
    """One JSON object per target (:func:`model.targets.assess.target_records`), its method
    worded in English as the command line always printed it."""
    from model.targets.assess import target_records
    from text.notes import target_method_text

    records = target_records(ds, user_obs=user_obs)
    for record in records:
        if record["method"] is not None:
            record["method"] = target_method_text(record["method"], "en")
    return records


def _targets(args: argparse.Namespace) -> int:
    from model.data import load_dataset
    from model.userdata.codes import USER_SOURCE
    from model.userdata.reading import parse_upload
    from model.userdata.validation import known_indicators_from

    ds = load_dataset()
    user_obs = None
    if args.obs:
        path = Path(args.obs)
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
            return 2
        known = known_indicators_from(ds.targets, ds.indicators)
        parsed = parse_upload(data, path.name, known)
        for problem in parsed.errors:
            print(f"error: {path.name}: {problem_text(problem)}", file=sys.stderr)
        for problem in parsed.rejected:
            print(f"rejected: {path.name}: {problem_text(problem)}", file=sys.stderr)
        user_obs = parsed.good
    if args.store:
        # The register's current figures, the --obs file's on top (store/layers.py).
        from store import Register, StoreError
        from store.layers import layered, origin_at, register_observations
        from text.i18n import t
        from text.register import store_message

        try:
            register_obs = register_observations(Register(args.store).current())
        except StoreError as exc:
            print(f"error: register: {store_message(exc, 'en')}", file=sys.stderr)
            return 1
        user_obs = layered(register_obs, user_obs)
        indicator_of = dict(zip(ds.targets["target_id"], ds.targets["indicator_id"], strict=True))
        for obj in _target_objects(ds, user_obs):
            origin = None if obj["latest_year"] is None else origin_at(user_obs, indicator_of[obj["target_id"]], obj["latest_year"])
            if origin is not None and origin.kind == "register":
                obj["latest_origin"] = {"label": t("register.source_label", "en"), "department": origin.department, "entered_at": origin.entered_at}
            elif origin is not None:
                obj["latest_origin"] = {"label": USER_SOURCE}
            print(json.dumps(obj, ensure_ascii=False, allow_nan=False))
        return 0
    for obj in _target_objects(ds, user_obs):
        print(json.dumps(obj, ensure_ascii=False, allow_nan=False))
    return 0


def _store(args: argparse.Namespace) -> int:
    from cli import store

    return store.run(args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m model", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("targets", help="one JSON object per plan target")
    p.add_argument("--obs", help="CSV/XLSX of extra observations in the template format")
    p.add_argument("--store", help="use the register's current figures (postgresql://… or sqlite:///…)")
    p.set_defaults(func=_targets)
    p = sub.add_parser("store", help="the shared register: editors, backup, import")
    from cli.store import add_arguments

    add_arguments(p)
    p.set_defaults(func=_store)
    p = sub.add_parser("forecast", help="rank forecast per year, JSON lines")
    p.add_argument("--frame", type=int, default=None, help="frame size (default: today's frame)")
    p.add_argument("--focus", default=None, help="unit_id of the focus unit (default: the plan's unit)")
    p.add_argument("--top", type=int, default=None, help="N of P(rank ≤ N) (default: the goal rank)")
    p.add_argument("--draws", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument(
        "--uncertainty",
        action="store_true",
        help="add a last line with the model spread (every method, both frames) and the weight stress test",
    )
    p.set_defaults(func=_forecast)
    p = sub.add_parser("units", help="the unit ids of a frame, JSON lines")
    p.add_argument("--frame", type=int, default=None)
    p.set_defaults(func=_units)
    p = sub.add_parser("backtest", help="every origin year with two earlier years, every frame, pooled")
    p.add_argument("--draws", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.set_defaults(func=_backtest)
    p = sub.add_parser("bench", help="speed benchmark, JSON lines")
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--focus", default=None, help="unit_id of the focus unit (default: the plan's unit)")
    p.set_defaults(func=_bench)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
