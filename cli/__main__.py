"""``python -m cli``: the command line (:mod:`cli.main`)."""

from cli.main import main

raise SystemExit(main())
