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

from fastapi import FastAPI

from api.web.app import create_app
from gis.settings import load_settings
from gis.storage.db import open_registry, require_current

__all__ = ["WORKER_APP", "prepare_workers", "tune_gc", "worker_app"]

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
