"""``python -m server``: serve the app (:func:`server.serve.main`)."""

from server.serve import main

main()
