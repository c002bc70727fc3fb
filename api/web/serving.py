"""Serving the app with uvicorn, in one process or several (``diachiso serve --workers N``).

With several workers uvicorn starts each process afresh (spawned, not forked) and builds its app
from an import string, so :func:`worker_app` builds it again from the environment: ``serve``
puts the registry's URL there before starting them, and has already brought the schema up to
date and made the development secret key (``var/secret_key``), so no two workers race to
migrate or to make different keys. What must agree between workers lives outside them: the
registry (each worker has its own connection pool to it), the rate limits (counted in the
registry), uploads and print batches (files on disk), sessions and CSRF tokens (the shared
secret key). What a worker keeps for itself is only a cache of public data."""

from __future__ import annotations

import gc
import os
import socket
import sys
from typing import Any

from fastapi import FastAPI

from api.web.app import create_app
from gis.settings import load_settings
from gis.storage.db import open_registry, require_current

__all__ = ["WORKER_APP", "prepare_workers", "run_workers", "tune_gc", "worker_app"]

#: What uvicorn imports in each worker process.
WORKER_APP = "api.web.serving:worker_app"


def prepare_workers(database_url: str) -> None:
    """Before starting worker processes: they read the registry's URL from the environment
    (as every setting; ``--db`` is the command line's, which they do not see)."""
    os.environ["DIACHISO_DATABASE_URL"] = database_url


def worker_app() -> FastAPI:
    """One worker's app: the settings from the environment, a registry the parent process
    has already migrated (a worker refuses an outdated one instead of migrating it)."""
    settings = load_settings()
    registry = open_registry(settings.database_url, create=False)
    require_current(registry)
    app = create_app(settings, registry=registry)
    tune_gc()
    return app


def tune_gc() -> None:
    """What is loaded now lives as long as the server: keep it out of the collector's scans,
    and collect young objects less often (fewer pauses on the hot pages)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def run_workers(config: Any) -> None:
    """uvicorn's supervisor (signals, a dead worker replaced) over ``config.workers`` processes
    (``config``: a uvicorn Config of :data:`WORKER_APP`), each on its own socket where the
    system balances them (Linux), else on the one socket uvicorn binds."""
    from uvicorn.supervisors import Multiprocess

    if sys.platform != "linux" or not hasattr(socket, "SO_REUSEPORT"):
        Multiprocess(config, sockets=[config.bind_socket()]).run()
        return
    # Bound here (a port already taken fails now, once) but never listened on: it takes no
    # connection; each worker gets a socket of its own instead (see PerWorkerSocket).
    Multiprocess(config, sockets=[PerWorkerSocket(config.host, config.port)]).run()


class PerWorkerSocket(socket.socket):
    """A socket bound with ``SO_REUSEPORT`` that a worker process receives as a new socket of
    its own on the same address: uvicorn hands its sockets to the processes it spawns by
    pickling them, and this one pickles as "bind another" (where a plain socket would be
    duplicated, and shared)."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__(socket.AF_INET6 if ":" in host else socket.AF_INET)
        self.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        self.bind((host, port))
        self.address = (host, port)

    def __reduce__(self) -> tuple[Any, tuple[str, int]]:
        return PerWorkerSocket, self.address
