"""The operator's commands of `diachiso`: `backup --out FILE` and `restore FILE`, on either
backend (gis/storage/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from addrgen.catalog import N_
from api.cli.context import CliContext, context_of
from api.cli.options import DbOpt
from gis.storage.backup import BackupReport, backup_registry, restore_registry

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command("backup", help=N_("cli.backup.help"))(backup)
    app.command("restore", help=N_("cli.restore.help"))(restore)


def backup(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help=N_("cli.backup.opt.out"))],
    db: DbOpt = None,
) -> None:
    """Back up the registry, while it stays in use, to one SQLite file (from either backend)."""
    run = context_of(ctx)
    report = backup_registry(run.registry(db), out)
    _summary(run, run.t("cli.backup.done", file=str(report.path)), report)


def restore(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar=N_("cli.metavar.file"), help=N_("cli.restore.arg.file"))
    ],
    db: DbOpt = None,
) -> None:
    """Restore a backup into an empty registry (SQLite or PostgreSQL)."""
    run = context_of(ctx)
    registry = run.registry(db, must_exist=False)
    report = restore_registry(registry, file)
    _summary(run, run.t("cli.restore.done", file=str(file), url=run.where(registry)), report)


def _summary(run: CliContext, what: str, report: BackupReport) -> None:
    points = report.rows.get("points", 0)
    run.tell(
        "cli.backup.summary",
        what=what,
        rows=run.num(report.total),
        tables=run.num(len(report.rows)),
        points=run.num(points),
    )
