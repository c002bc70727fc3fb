"""The command line's one error handler: a core error becomes one line on stderr and exit 1.

The core's errors carry their meaning as data (:mod:`addrgen.errors`): a code, the field, the
value. Here they become the CLI's words: ``error: <message>``, the message from the catalog;
when the error's field is a parameter of the running command that the officer typed as an
option, the line starts with that option (field ``into`` → ``--into: …``); and a few codes get
advice only the command line can give, naming its own flags (:data:`HINTS`).

Every command group is a :class:`CommandGroup`, which catches the error while the command's
click context is still alive — that is where the command's options are known. ``--debug``
lets the traceback through instead."""

from __future__ import annotations

from typing import Any

import typer
from typer import _click  # typer's own copy of click: the classes its commands are built on
from typer.core import TyperGroup

from addrgen.errors import DiachisoError
from api.cli.context import CliContext
from gis.settings import SettingsError

__all__ = [
    "FIELD_ALIASES",
    "HINTS",
    "CommandGroup",
    "error_line",
    "hint_for",
    "new_group",
    "option_for",
]

_ENCODING = {"en": "(or give --encoding)", "vi": "(hoặc chỉ rõ --encoding)"}
_MOVE = {
    "en": "(use `diachiso points move` to move it)",
    "vi": "(dùng `diachiso points move` để dời điểm)",
}
_DRAFT = {"en": "(or use --draft for a test print)", "vi": "(hoặc dùng --draft để in thử)"}

#: Advice the command line adds after a message, by error code and language: what to type next.
#: The core's message says what is wrong in words every face shares; only the CLI knows its flags.
HINTS: dict[str, dict[str, str]] = {
    "import.rejected": {"en": "(fix them, or --skip-bad to import the good rows)"},
    "import.no_villages": {"en": "(run `diachiso villages import` first)"},
    "import.no_coordinate_columns": {
        "en": "(give --lon-field/--lat-field or --easting-field/--northing-field)"
    },
    "import.undecodable_file": {"en": "(re-save the file as UTF-8, or give --encoding)"},
    # Codes whose core message names no flag any more: the flag is the CLI's advice.
    "import.swapped_projected": {
        "en": "(use --northing-field {easting_column} --easting-field {northing_column})",
        "vi": "(dùng --northing-field {easting_column} --easting-field {northing_column})",
    },
    "import.undecodable": _ENCODING,
    "import.garbled_text": _ENCODING,
    "import.ref_moved": _MOVE,
    "import.ref_moved_uncoded": _MOVE,
    "import.lon_lat_pair": {"en": "(--lon-field and --lat-field)"},
    "import.easting_northing_pair": {"en": "(--easting-field and --northing-field)"},
    "import.projected_needs_crs": {"en": "(e.g. --crs EPSG:9209)", "vi": "(ví dụ --crs EPSG:9209)"},
    "import.unconvertible": {"en": "(check --crs)", "vi": "(kiểm tra --crs)"},
    "registry.missing": {
        "en": "(run `diachiso init` first, or give --db)",
        "vi": "(hãy chạy `diachiso init` trước, hoặc chỉ rõ --db)",
    },
    "village.effective_without_rename": {
        "en": "(--effective goes with --rename NEW)",
        "vi": "(--effective đi cùng --rename TÊN_MỚI)",
    },
    "reprint.selection": {
        "en": "(give CODE…, or --stale [--village NAME])",
        "vi": "(nêu MÃ…, hoặc --stale [--village TÊN])",
    },
    "plate_url.not_https": _DRAFT,
    "plate_url.local_host": _DRAFT,
    "villages.metres_as_degrees": {
        "en": "(give --crs EPSG:9209 for VN-2000 Hà Tĩnh, or your province's zone)",
        "vi": "(thêm --crs EPSG:9209 cho VN-2000 Hà Tĩnh, hoặc múi của tỉnh)",
    },
    "villages.boundary_differs": {
        "en": "(give --replace to replace it, dated with --effective)",
        "vi": "(thêm --replace để thay ranh giới, ghi ngày bằng --effective)",
    },
    "villages.not_degrees": {"en": "(give the file's --crs)", "vi": "(chỉ rõ --crs của tệp)"},
    "villages.far_from_commune": {
        "en": "(check the .prj, or give the right --crs, e.g. EPSG:9209)",
        "vi": "(kiểm tra tệp .prj, hoặc chỉ rõ --crs đúng, ví dụ EPSG:9209)",
    },
    "import.several_layers": {"en": "(give --layer NAME)", "vi": "(chỉ rõ --layer TÊN)"},
    "import.wrong_encoding": {
        "en": "(give --encoding {likely}, or leave it out)",
        "vi": "(dùng --encoding {likely}, hoặc bỏ tùy chọn này)",
    },
}

#: Core field names that differ from the name of the command's parameter that carries them.
FIELD_ALIASES: dict[str, str] = {
    "village_names": "village",
}


def option_for(command: _click.Command | None, field: str | None) -> str | None:
    """The option of ``command`` that the core's ``field`` names (by the parameter's name or an
    option's spelling, ``area_number`` ~ ``--area-number``), as the officer types it."""
    if command is None or not field:
        return None
    wanted = FIELD_ALIASES.get(field, field).replace("-", "_")
    for param in command.params:
        if param.param_type_name != "option" or not param.opts:
            continue
        spellings = {param.name, *(o.lstrip("-").replace("-", "_") for o in param.opts)}
        if wanted in spellings:
            return max(param.opts, key=len)  # the long form, e.g. --out rather than -o
    return None


def error_line(exc: DiachisoError, command: _click.Command | None = None, lang: str = "en") -> str:
    """``error: [--flag: ]message[ hint]`` for an error of the core."""
    text = exc.message(lang)
    # A setting's field names the setting (PUBLIC_URL…), never an option of the command.
    flag = None if isinstance(exc, SettingsError) else option_for(command, exc.field)
    if flag:
        text = f"{flag}: {text}"
    hint = hint_for(exc.code, lang, {**exc.params, "field": exc.field, "value": exc.value})
    return f"error: {text} {hint}" if hint else f"error: {text}"


def hint_for(code: str, lang: str, arguments: dict[str, Any]) -> str:
    """The CLI's advice for ``code`` in ``lang`` (English if it has none), its fields filled
    from the error's or report line's data; empty when the code has none."""
    hints = HINTS.get(code, {})
    template = hints.get(lang) or hints.get("en")
    return template.format_map(_Unknown(arguments)) if template else ""


class _Unknown(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


class CommandGroup(TyperGroup):
    """A typer group whose commands' errors are rendered by :func:`error_line` (exit code 1)."""

    def invoke(self, ctx: _click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DiachisoError as exc:  # anything else is a bug and keeps its traceback
            run = ctx.find_object(CliContext) or CliContext.create()
            if run.debug:
                raise
            # A nested group catches first; its invoked subcommand is the command that ran.
            name = ctx.invoked_subcommand
            command = self.get_command(ctx, name) if name else None
            run.say(error_line(exc, command, run.lang))
            raise typer.Exit(1) from exc


def new_group(help: str | None = None, **settings: Any) -> typer.Typer:
    """A command group (or the root app) whose errors go through the handler above."""
    return typer.Typer(cls=CommandGroup, help=help, **settings)
