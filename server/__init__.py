"""Serving the app in production: the server entry (:mod:`server.serve`), its security
middleware (:mod:`server.guard`), several processes behind HAProxy (:mod:`server.proxy`) and
the small websocket client the warm-up uses (:mod:`server.stream_client`)."""
