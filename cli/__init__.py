"""The command line: ``python -m cli <command>`` (``python -m model <command>`` is the same
entry, kept for the links and scripts that name it). A front end over the model and the
register: it parses arguments, calls them, and prints JSON lines or English messages."""
