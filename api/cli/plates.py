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
from api.services.printing import PrintResult, print_batch, reprint_plates
from api.services.stale import reprint_stale
from gis.errors import InvalidInput, RegistryError
from plates.guide import write_guide_pdf
from plates.layout import PlateSpec
from plates.letters import default_contact

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


def _spec(size: str, show_household_names: bool) -> PlateSpec:
    return PlateSpec.preset(size, show_household_name=show_household_names)


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
    settings = run.settings(db)
    registry = run.registry(db)
    result = print_batch(
        registry,
        run.commune(registry, commune),
        public_url=settings.public_url,
        out_dir=out_dir,
        village_names=village or [],
        kinds=[k.value for k in kind or []],
        mode=mode.value,
        letters=letters,
        draft=draft,
        spec=_spec(size, show_household_names),
        actor=run.actor,
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
    settings = run.settings(db)
    registry = run.registry(db)
    if stale == bool(codes) or (village and not stale):
        raise InvalidInput("give the codes to re-print, or --stale [--village NAME]")
    if stale:
        result = reprint_stale(
            registry,
            run.commune(registry, commune),
            village_names=village or [],
            public_url=settings.public_url,
            out_dir=out_dir,
            mode=mode.value,
            letters=letters,
            draft=draft,
            spec=_spec(size, show_household_names),
            actor=run.actor,
        )
        _print_result(run, result, draft)
        return
    result = reprint_plates(
        registry,
        run.commune(registry, commune),
        codes or [],
        public_url=settings.public_url,
        out_dir=out_dir,
        mode=mode.value,
        letters=letters,
        draft=draft,
        spec=_spec(size, show_household_names),
        actor=run.actor,
    )
    _print_result(run, result, draft)


def plates_guide(
    ctx: typer.Context,
    out_file: Annotated[Path, typer.Option("--out", help="PDF to write (never overwritten).")],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Print the volunteers' one-page guide (Vietnamese): sign in, fix, confirm, report."""
    if out_file.exists():
        raise RegistryError(f"{out_file} already exists; choose another --out")
    run = context_of(ctx)
    registry = run.registry(db)
    the_commune = run.commune(registry, commune)
    with out_file.open("xb") as handle:
        write_guide_pdf(handle, commune=the_commune.name, contact=default_contact(the_commune.name))
    run.say(f"wrote {out_file}")
