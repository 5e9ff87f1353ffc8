"""``python -m model store …``: administer the register from the command line.

    store migrate                      create or update the schema
    store add-editor DEPT [--reviewer] [--key KEY]   print the department's new key
    store editors                      departments with a key (never the keys)
    store dump [--out FILE]            every table as JSON (stdout by default)
    store restore FILE                 load a dump into an empty register
    store import DEPT FILE             import a CSV/.xlsx (the key is read from $HT_EDITOR_KEY or asked)

``--store URL`` (before the command) names the register; else the configuration of
:mod:`store.config` (``HT_REGISTER_URL``, ``.streamlit/secrets.toml``, the default SQLite file).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from store.config import resolve
from store.errors import ImportRefused, StoreError
from store.register import Register
from text.register import store_message


def open_register(url: str | None) -> Register:
    return Register(url) if url else Register(resolve())


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", help="register URL (postgresql://… or sqlite:///…)")
    sub = parser.add_subparsers(dest="store_command", required=True)
    sub.add_parser("migrate", help="create or update the schema")
    p = sub.add_parser("add-editor", help="set a department's editor key (or a reviewer's) and print it")
    p.add_argument("department")
    p.add_argument("--reviewer", action="store_true", help="a reviewer key (marks figures reviewed)")
    p.add_argument("--key", help="use this key (at least 12 characters) instead of a random one")
    sub.add_parser("editors", help="list departments and reviewers with a key")
    p = sub.add_parser("dump", help="back up every table as JSON")
    p.add_argument("--out", help="file to write (default: stdout)")
    p = sub.add_parser("restore", help="load a dump into an empty register")
    p.add_argument("file")
    p = sub.add_parser("import", help="import a CSV/.xlsx of figures for a department")
    p.add_argument("department")
    p.add_argument("file")


def run(args: argparse.Namespace) -> int:
    try:
        register = open_register(args.store)
        return _COMMANDS[args.store_command](register, args)
    except StoreError as exc:
        print(f"error: {store_message(exc, 'en')}", file=sys.stderr)
        return 1
    except ValueError as exc:  # a key too short
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _migrate(register: Register, args: argparse.Namespace) -> int:
    applied = register.migrate()
    print(json.dumps({"store": register.config.display(), "applied": applied, "schema": register.schema_versions()}))
    return 0


def _add_editor(register: Register, args: argparse.Namespace) -> int:
    role = "reviewer" if args.reviewer else "editor"
    key = register.add_editor(args.department, role=role, key=args.key)
    print(f"{role} key for {args.department!r} (shown once, only its hash is stored):", file=sys.stderr)
    print(key)
    return 0


def _editors(register: Register, args: argparse.Namespace) -> int:
    for role in ("editor", "reviewer"):
        for department in register.departments(role):
            print(json.dumps({"department": department, "role": role}, ensure_ascii=False))
    return 0


def _dump(register: Register, args: argparse.Namespace) -> int:
    text = json.dumps(register.dump(), ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _restore(register: Register, args: argparse.Namespace) -> int:
    try:
        dump = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"error: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    register.migrate()
    print(json.dumps(register.restore(dump)))
    return 0


def _import(register: Register, args: argparse.Namespace) -> int:
    from cli.messages import problem_text  # the command line's English wording
    from model.data import load_dataset
    from model.userdata.validation import known_indicators_from

    key = os.environ.get("HT_EDITOR_KEY") or getpass.getpass(f"editor key for {args.department}: ")
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    ds = load_dataset()
    writer = register.writer(args.department, key)
    try:
        receipt = writer.import_file(data, path.name, known_indicators_from(ds.targets, ds.indicators))
    except ImportRefused as exc:
        print(f"error: {store_message(exc, 'en')}", file=sys.stderr)
        for problem in exc.result.rejected:
            print(f"rejected: {path.name}: {problem_text(problem)}", file=sys.stderr)
        return 1
    print(json.dumps({"imported": len(receipt.ids), "import_id": receipt.import_id}))
    return 0


_COMMANDS = {
    "migrate": _migrate,
    "add-editor": _add_editor,
    "editors": _editors,
    "dump": _dump,
    "restore": _restore,
    "import": _import,
}
