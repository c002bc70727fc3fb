"""`diachiso plates batch|reprint|guide`: print batches, reprints and the volunteers' guide.

(`plates stale`, the plates a reorganisation made out of date, is in :mod:`api.cli.reorg`.)"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from addrgen.catalog import N_
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


ModeOpt = Annotated[Mode, typer.Option(help=N_("cli.plates.opt.mode"))]
LettersOpt = Annotated[bool, typer.Option("--letters", help=N_("cli.plates.opt.letters"))]
DraftOpt = Annotated[bool, typer.Option("--draft", help=N_("cli.plates.opt.draft"))]
OutOpt = Annotated[Path, typer.Option("--out", help=N_("cli.plates.opt.out"))]
SizeOpt = Annotated[str | None, typer.Option(help=N_("cli.plates.opt.size"))]
TemplateOpt = Annotated[str | None, typer.Option("--template", help=N_("cli.plates.opt.template"))]


class Color(StrEnum):
    rgb = "rgb"
    cmyk = "cmyk"


ColorOpt = Annotated[Color, typer.Option("--color", help=N_("cli.plates.opt.color"))]
HouseholdNamesOpt = Annotated[
    bool,
    typer.Option("--show-household-names", help=N_("cli.plates.opt.show_household_names")),
]
NoNamesOpt = Annotated[bool, typer.Option("--no-names", help=N_("cli.plates.opt.no_names"))]
BackgroundOpt = Annotated[
    Path | None, typer.Option("--background", help=N_("cli.plates.opt.background"))
]


def register(plates: typer.Typer) -> None:
    plates.command("batch", help=N_("cli.plates.batch.help"))(plates_batch)
    plates.command("reprint", help=N_("cli.plates.reprint.help"))(plates_reprint)
    plates.command("guide", help=N_("cli.plates.guide.help"))(plates_guide)


@dataclass(frozen=True)
class _Look:
    """How the plates of one run look: the options --size, --template, --color and
    --show-household-names."""

    size: str | None
    template: str | None
    color: Color
    show_household_names: bool


def _request(
    run: CliContext,
    db: str | None,
    out_dir: Path,
    mode: Mode,
    letters: bool,
    draft: bool,
    look: _Look,
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
        size=look.size,
        template=look.template,
        color=look.color.value,
        show_household_names=look.show_household_names,
    )


def _print_result(run: CliContext, result: PrintResult, draft: bool) -> None:
    files = result.files
    for path in files.paths:
        run.say(f"  {path}  sha256 {files.sha256[path.name][:12]}…")
    if draft:
        status = run.t("cli.plates.status_draft")
    else:
        status = run.t(
            "cli.plates.status",
            printed=run.num(result.batch.printed),
            unchanged=run.num(result.batch.unchanged),
        )
    run.tell(
        "cli.plates.done",
        label=result.batch.label,
        plates=run.num(len(files.printed)),
        status=status,
    )


def plates_batch(
    ctx: typer.Context,
    out_dir: OutOpt,
    village: Annotated[
        list[str] | None, typer.Option("--village", help=N_("cli.plates.batch.opt.village"))
    ] = None,
    kind: Annotated[
        list[Kind] | None, typer.Option("--kind", help=N_("cli.plates.batch.opt.kind"))
    ] = None,
    mode: ModeOpt = Mode.shop,
    letters: LettersOpt = False,
    draft: DraftOpt = False,
    size: SizeOpt = None,
    template: TemplateOpt = None,
    color: ColorOpt = Color.rgb,
    show_household_names: HouseholdNamesOpt = False,
    no_names: NoNamesOpt = False,
    background: BackgroundOpt = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Print the plates of every coded point not yet printed, with its install checklist."""
    run = context_of(ctx)
    look = _Look(size, template, color, show_household_names)
    request = _request(run, db, out_dir, mode, letters, draft, look)
    request = replace(request, checklist_names=not no_names, background=background)
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
        list[str] | None,
        typer.Argument(metavar=N_("cli.metavar.codes"), help=N_("cli.plates.reprint.arg.codes")),
    ] = None,
    stale: Annotated[
        bool, typer.Option("--stale", help=N_("cli.plates.reprint.opt.stale"))
    ] = False,
    village: Annotated[
        list[str] | None, typer.Option("--village", help=N_("cli.plates.reprint.opt.village"))
    ] = None,
    mode: ModeOpt = Mode.shop,
    letters: LettersOpt = False,
    draft: DraftOpt = False,
    size: SizeOpt = None,
    template: TemplateOpt = None,
    color: ColorOpt = Color.rgb,
    show_household_names: HouseholdNamesOpt = False,
    no_names: NoNamesOpt = False,
    background: BackgroundOpt = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Re-print lost or damaged plates with the same codes (statuses further along stay), or
    with --stale the plates whose address changed (a merge, a rename)."""
    run = context_of(ctx)
    look = _Look(size, template, color, show_household_names)
    request = _request(run, db, out_dir, mode, letters, draft, look)
    request = replace(request, checklist_names=not no_names, background=background)
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
    out_file: Annotated[Path, typer.Option("--out", help=N_("cli.plates.guide.opt.out"))],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Print the volunteers' one-page guide (Vietnamese): sign in, the worklist, scan, confirm,
    without signal, report, sign out."""
    run = context_of(ctx)
    registry = run.registry(db)
    write_guide(out_file, commune=run.commune(registry, commune))
    run.tell("cli.plates.guide.done", file=str(out_file))
