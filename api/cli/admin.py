"""The operator's commands of `diachiso`: `backup --out FILE` and `restore FILE`, on either
backend (gis/storage/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.context import CliContext, context_of
from api.cli.options import DbOpt
from gis.storage.backup import BackupReport, backup_registry, restore_registry

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)


def backup(
    ctx: typer.Context,
    out: Annotated[
        Path, typer.Option("--out", help="The backup file to write (an SQLite registry file).")
    ],
    db: DbOpt = None,
) -> None:
    """Back up the registry, while it stays in use, to one SQLite file (from either backend)."""
    run = context_of(ctx)
    report = backup_registry(run.registry(db), out)
    _summary(run, f"backed up to {report.path}", report)


def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A file written by `diachiso backup`.")],
    db: DbOpt = None,
) -> None:
    """Restore a backup into an empty registry (SQLite or PostgreSQL)."""
    run = context_of(ctx)
    registry = run.registry(db, must_exist=False)
    report = restore_registry(registry, file)
    _summary(run, f"restored {file} into {registry.url}", report)


def _summary(run: CliContext, what: str, report: BackupReport) -> None:
    points = report.rows.get("points", 0)
    run.say(f"{what}: {report.total:,} rows in {len(report.rows)} tables ({points:,} points)")
