"""``python -m model``: the command line's old name, kept working. An entry script, not a
module of the model: nothing imports it, and the command line itself lives in ``cli/``."""

from cli.main import main

raise SystemExit(main())
