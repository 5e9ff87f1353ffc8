"""Command line entry to the model (no UI): ``python -m model <command>``.

    targets   [--obs FILE] [--store URL]                one JSON object per plan target
    store     [--store URL] migrate|add-editor|editors|dump|restore|import   the shared register
    forecast  [--frame 34|63] [--top 15] [--draws N] [--seed S]   JSON per year
    backtest  [--draws N] [--seed S]                    JSON with coverage and scores
    bench     [--repeat K]                              JSON lines with median ms per case
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

#: The CLI may ask for more draws than a link may (the server cap), for analysts.
CLI_MAX_DRAWS = 200_000


def _forecast(args: argparse.Namespace) -> int:
    from model import engine
    from model.data import load_dataset
    from model.scenario import Scenario

    if args.frame not in (34, 63):
        print("error: --frame must be 34 or 63", file=sys.stderr)
        return 2
    if not 1 <= args.top <= args.frame:
        print(f"error: --top must be between 1 and {args.frame}", file=sys.stderr)
        return 2
    if not 1 <= args.draws <= CLI_MAX_DRAWS:
        print(f"error: --draws must be between 1 and {CLI_MAX_DRAWS}", file=sys.stderr)
        return 2
    ds = load_dataset()
    scenario = Scenario(frame=args.frame, top_n=args.top, draws=args.draws, seed=args.seed)
    result = engine.rank_forecast(ds, scenario)
    s = result.baseline
    for i, year in enumerate(s.years):
        print(
            json.dumps(
                {
                    "year": year,
                    "frame": args.frame,
                    "top_n": args.top,
                    "p_top": round(float(s.p_top[i]), 4),
                    "median_rank": float(s.median_rank[i]),
                    "rank_p10": int(s.rank_p10[i]),
                    "rank_p90": int(s.rank_p90[i]),
                    "cutline_median": round(float(s.cut_p50[i]), 4),
                }
            )
        )
    return 0


def _backtest(args: argparse.Namespace) -> int:
    from model import engine
    from model.data import load_dataset

    result = engine.backtest(load_dataset(), seed=args.seed, n_draws=args.draws)
    print(json.dumps({k: (round(v, 4) if isinstance(v, float) else v) for k, v in result.as_dict().items()}))
    return 0


def _bench(args: argparse.Namespace) -> int:
    from model import bench
    from model.data import load_dataset

    return bench.main(load_dataset(), repeat=args.repeat)


def _targets(args: argparse.Namespace) -> int:
    from model import targets, userdata
    from model.data import load_dataset

    ds = load_dataset()
    user_obs = None
    if args.obs:
        path = Path(args.obs)
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
            return 2
        known = userdata.known_indicators_from(ds.targets, ds.indicators)
        parsed = userdata.parse_upload(data, path.name, known)
        for problem in parsed.errors:
            print(f"error: {path.name}: {problem.message_en}", file=sys.stderr)
        for problem in parsed.rejected:
            print(f"rejected: {path.name}: {problem.message_en}", file=sys.stderr)
        user_obs = parsed.good
    if args.store:
        # The register's current figures, the --obs file's on top (store/layers.py).
        from store import Register, StoreError
        from store.layers import REGISTER_LABEL, layered, origin_at, register_observations

        try:
            register_obs = register_observations(Register(args.store).current())
        except StoreError as exc:
            print(f"error: register: {exc.message_en}", file=sys.stderr)
            return 1
        user_obs = layered(register_obs, user_obs)
        indicator_of = dict(zip(ds.targets["target_id"], ds.targets["indicator_id"], strict=True))
        for line in targets.targets_json_lines(ds, user_obs=user_obs):
            obj = json.loads(line)
            origin = None if obj["latest_year"] is None else origin_at(user_obs, indicator_of[obj["target_id"]], obj["latest_year"])
            if origin is not None and origin.kind == "register":
                obj["latest_origin"] = {"label": REGISTER_LABEL, "department": origin.department, "entered_at": origin.entered_at}
            elif origin is not None:
                obj["latest_origin"] = {"label": userdata.USER_SOURCE}
            print(json.dumps(obj, ensure_ascii=False, allow_nan=False))
        return 0
    for line in targets.targets_json_lines(ds, user_obs=user_obs):
        print(line)
    return 0


def _store(args: argparse.Namespace) -> int:
    from store import cli

    return cli.run(args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m model", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("targets", help="one JSON object per plan target")
    p.add_argument("--obs", help="CSV/XLSX of extra observations in the template format")
    p.add_argument("--store", help="use the register's current figures (postgresql://… or sqlite:///…)")
    p.set_defaults(func=_targets)
    p = sub.add_parser("store", help="the shared register: editors, backup, import")
    from store.cli import add_arguments

    add_arguments(p)
    p.set_defaults(func=_store)
    p = sub.add_parser("forecast", help="rank forecast per year, JSON lines")
    p.add_argument("--frame", type=int, default=34)
    p.add_argument("--top", type=int, default=15)
    p.add_argument("--draws", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=2030)
    p.set_defaults(func=_forecast)
    p = sub.add_parser("backtest", help="fit on 2022→2023, forecast 2024")
    p.add_argument("--draws", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=2030)
    p.set_defaults(func=_backtest)
    p = sub.add_parser("bench", help="speed benchmark, JSON lines")
    p.add_argument("--repeat", type=int, default=7)
    p.set_defaults(func=_bench)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
