"""The operator's commands of `diachiso`: `backup --out FILE` and `restore FILE`, on either
backend (gis/backup.py). Registered on the main app by :func:`register_admin_commands`; the
shared helpers of ``api.cli`` are imported when a command runs, as in api/cli_field.py."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli_options import DbOpt
from gis.storage.backup import BackupReport, backup_registry, restore_registry

__all__ = ["register_admin_commands"]


def register_admin_commands(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)


def backup(
    out: Annotated[
        Path, typer.Option("--out", help="The backup file to write (an SQLite registry file).")
    ],
    db: DbOpt = None,
) -> None:
    """Back up the registry, while it stays in use, to one SQLite file (from either backend)."""
    from api import cli

    report = backup_registry(cli._registry(db), out)
    _summary(f"backed up to {report.path}", report)


def restore(
    file: Annotated[Path, typer.Argument(help="A file written by `diachiso backup`.")],
    db: DbOpt = None,
) -> None:
    """Restore a backup into an empty registry (SQLite or PostgreSQL)."""
    from api import cli

    registry = cli._registry(db, must_exist=False)
    report = restore_registry(registry, file)
    _summary(f"restored {file} into {registry.url}", report)


def _summary(what: str, report: BackupReport) -> None:
    from api import cli

    points = report.rows.get("points", 0)
    cli.err.print(
        f"{what}: {report.total:,} rows in {len(report.rows)} tables ({points:,} points)",
        markup=False,
    )
