"""``lod serve`` on a production HTTP server: gunicorn, run in-process with lod's own settings.

Each gunicorn worker builds its own app (and so its own store and query workers) after the fork,
as the README's gunicorn line does; threads (gthread) answer requests while queries run in the
query worker processes. gunicorn brings what werkzeug's development server lacks: a timeout on
idle keep-alive connections, worker supervision, graceful shutdown (SIGTERM) and graceful
reload (SIGHUP: new workers start on the newest build, the old ones finish their requests).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication


@dataclass(frozen=True)
class ServerOptions:
    """What the HTTP server needs besides the app: where to listen and how to share the work."""

    host: str
    port: int
    workers: int = 1  # HTTP worker processes, each with its own app and query workers
    threads: int = 8  # requests answered at once per HTTP worker
    keep_alive: int = 5  # seconds an idle keep-alive connection is kept open
    graceful_timeout: int = 30  # seconds requests may finish on SIGTERM/SIGHUP


class LodServer(BaseApplication):
    """gunicorn with an app made by ``make_app`` in every worker; announces its address."""

    def __init__(
        self, make_app: Callable[[], Flask], options: ServerOptions, announce: Callable[[str], None]
    ) -> None:
        self._make_app = make_app
        self._options = options
        self._announce = announce
        super().__init__()

    def load_config(self) -> None:
        options = self._options
        settings: dict[str, Any] = {
            "bind": [f"{options.host}:{options.port}"],
            "workers": options.workers,
            "worker_class": "gthread",
            "threads": options.threads,
            "keepalive": options.keep_alive,
            "graceful_timeout": options.graceful_timeout,
            "limit_request_line": 8190,  # gunicorn's most: long SPARQL queries sent by GET
            "timeout": 120,  # a worker silent this long (not a slow query: those run elsewhere)
            "preload_app": False,  # query workers must start after the fork (lod.store.isolated)
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
            "when_ready": self._when_ready,
            "worker_exit": _worker_exit,
        }
        for key, value in settings.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self._make_app()

    def _when_ready(self, server: Any) -> None:
        host, port = server.LISTENERS[0].sock.getsockname()[:2]
        self._announce(f"http://{host}:{port}")


def _worker_exit(_server: Any, worker: Any) -> None:
    """Stop the worker's store: its query workers and temporary directories go with it."""
    app = getattr(worker, "wsgi", None)
    state = app.extensions.get("lod") if isinstance(app, Flask) else None
    if state is not None:
        state.switch.close()


def run(
    make_app: Callable[[], Flask], options: ServerOptions, announce: Callable[[str], None]
) -> None:
    """Serve until SIGTERM or Ctrl+C."""
    sys.argv = sys.argv[:1]  # gunicorn reads the command line; lod has parsed it already
    LodServer(make_app, options, announce).run()
