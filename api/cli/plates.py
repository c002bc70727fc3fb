"""`diachiso plates batch|reprint|guide`: print batches, reprints and the volunteers' guide.

(`plates stale`, the plates a reorganisation made out of date, is in :mod:`api.cli.reorg`.)"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from addrgen.vocab import Kind
from api.cli.context import CliContext, context_of
from api.cli.options import CommuneOpt, DbOpt
from api.services.guide import write_guide
from api.services.printing import PrintRequest, PrintResult, print_batch, reprint_plates
from api.services.stale import reprint_stale
from gis.errors import InvalidInput

__all__ = ["register"]


class Mode(StrEnum):
    shop = "shop"
    office = "office"


ModeOpt = Annotated[
    Mode,
    typer.Option(help="shop: one plate a page with bleed and crop marks; office: A4 sheets."),
]
LettersOpt = Annotated[
    bool, typer.Option("--letters", help="Also write letters.pdf, one notification per address.")
]
DraftOpt = Annotated[
    bool,
    typer.Option("--draft", help="A test print: every plate says BẢN THỬ; any PUBLIC_URL."),
]
OutOpt = Annotated[Path, typer.Option("--out", help="Folder for the files (never overwritten).")]
SizeOpt = Annotated[str, typer.Option(help="Plate size: A6, A5, A4, 200x150 … or WxH in mm.")]
HouseholdNamesOpt = Annotated[
    bool,
    typer.Option(
        "--show-household-names", help="Print household heads' names (only if the commune opts in)."
    ),
]


def register(plates: typer.Typer) -> None:
    plates.command("batch")(plates_batch)
    plates.command("reprint")(plates_reprint)
    plates.command("guide")(plates_guide)


def _request(
    run: CliContext,
    db: str | None,
    out_dir: Path,
    mode: Mode,
    letters: bool,
    draft: bool,
    size: str,
    show_household_names: bool,
) -> PrintRequest:
    """The options every printing command shares (in their order on the command), with the
    PUBLIC_URL of the settings."""
    return PrintRequest(
        out_dir=out_dir,
        public_url=run.settings(db).public_url,
        actor=run.actor,
        mode=mode.value,
        letters=letters,
        draft=draft,
        size=size,
        show_household_names=show_household_names,
    )


def _print_result(run: CliContext, result: PrintResult, draft: bool) -> None:
    files = result.files
    for path in files.paths:
        run.say(f"  {path}  sha256 {files.sha256[path.name][:12]}…")
    status = (
        "draft: statuses unchanged"
        if draft
        else f"{result.batch.printed} now printed, {result.batch.unchanged} already further along"
    )
    run.say(f"batch {result.batch.label}: {len(files.printed)} plates ({status})")


def plates_batch(
    ctx: typer.Context,
    out_dir: OutOpt,
    village: Annotated[
        list[str] | None, typer.Option("--village", help="A village (repeatable); default all.")
    ] = None,
    kind: Annotated[
        list[Kind] | None, typer.Option("--kind", help="A kind (repeatable); default all.")
    ] = None,
    mode: ModeOpt = Mode.shop,
    letters: LettersOpt = False,
    draft: DraftOpt = False,
    size: SizeOpt = "A6",
    show_household_names: HouseholdNamesOpt = False,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Print the plates of every coded point not yet printed, with its install checklist."""
    run = context_of(ctx)
    request = _request(run, db, out_dir, mode, letters, draft, size, show_household_names)
    registry = run.registry(db)
    result = print_batch(
        registry,
        run.commune(registry, commune),
        request,
        village_names=village or [],
        kinds=[k.value for k in kind or []],
    )
    _print_result(run, result, draft)


def plates_reprint(
    ctx: typer.Context,
    out_dir: OutOpt,
    codes: Annotated[
        list[str] | None, typer.Argument(help="Codes of the plates to print again.")
    ] = None,
    stale: Annotated[
        bool, typer.Option("--stale", help="Every plate whose printed address is out of date.")
    ] = False,
    village: Annotated[
        list[str] | None, typer.Option("--village", help="With --stale: only this village.")
    ] = None,
    mode: ModeOpt = Mode.shop,
    letters: LettersOpt = False,
    draft: DraftOpt = False,
    size: SizeOpt = "A6",
    show_household_names: HouseholdNamesOpt = False,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Re-print lost or damaged plates with the same codes (statuses further along stay), or
    with --stale the plates whose address changed (a merge, a rename)."""
    run = context_of(ctx)
    request = _request(run, db, out_dir, mode, letters, draft, size, show_household_names)
    registry = run.registry(db)
    if stale == bool(codes) or (village and not stale):
        raise InvalidInput("reprint.selection")
    the_commune = run.commune(registry, commune)
    if stale:
        result = reprint_stale(registry, the_commune, request, village_names=village or [])
    else:
        result = reprint_plates(registry, the_commune, request, codes=codes or [])
    _print_result(run, result, draft)


def plates_guide(
    ctx: typer.Context,
    out_file: Annotated[Path, typer.Option("--out", help="PDF to write (never overwritten).")],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Print the volunteers' one-page guide (Vietnamese): sign in, fix, confirm, report."""
    run = context_of(ctx)
    registry = run.registry(db)
    write_guide(out_file, commune=run.commune(registry, commune))
    run.say(f"wrote {out_file}")
