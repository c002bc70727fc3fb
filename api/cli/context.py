"""What every `diachiso` command shares for one run: the consoles, the debug flag, the language,
who is acting, and how to open the registry and find the commune.

:func:`api.cli.main` builds one :class:`CliContext` per run and hands it to click as the
context object; a command reaches it with :func:`context_of`. Nothing here is module state, so
two runs in one process (the tests run the CLI in-process) never see each other's flags."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import unquote

import typer
from rich.console import Console

from addrgen.catalog import DEFAULT_LANG, N_, Lang, t
from addrgen.formatting import csv_delimiter, format_datetime, format_decimal, format_number
from addrgen.vocab import Kind, Status, label
from api.cli.hints import hint_for
from gis.errors import Problem, RegistryError
from gis.registry.communes import Commune, get_commune
from gis.settings import Settings, load_settings
from gis.storage.db import Registry, open_registry, prepare_registry

__all__ = ["CliContext", "context_of", "os_actor"]


def os_actor() -> str:
    """The event log's actor for whoever is at the keyboard: ``cli:<login>``."""
    try:
        user = getpass.getuser()
    # No passwd entry in some containers (KeyError); on Windows, Python 3.11 falls back to the
    # POSIX-only pwd module when USERNAME is unset (ImportError), 3.13 raises OSError.
    except (KeyError, OSError, ImportError):
        user = os.environ.get("USER", "unknown")
    return f"cli:{user}"


@dataclass(frozen=True)
class CliContext:
    """One run of the command: machine output goes to ``out`` alone, everything a person reads
    (messages, progress, errors) to ``err``."""

    out: Console
    err: Console
    actor: str
    lang: Lang
    debug: bool = False

    @classmethod
    def create(cls, *, lang: Lang, debug: bool = False) -> CliContext:
        # The consoles look sys.stdout/sys.stderr up when they print, so a test that captures
        # them after the context is built still sees the output.
        return cls(
            out=Console(highlight=False, soft_wrap=True),
            err=Console(stderr=True, highlight=False, soft_wrap=True),
            actor=os_actor(),
            lang=lang,
            debug=debug,
        )

    def say(self, text: str, *, style: str | None = None) -> None:
        """A message for the person at the keyboard (stderr), printed as it is (no markup)."""
        self.err.print(text, markup=False, style=style)

    def t(self, key: str, /, **arguments: Any) -> str:
        """The catalog's text ``key`` in the run's language."""
        return t(key, self.lang, **arguments)

    def tell(self, key: str, /, *, style: str | None = None, **arguments: Any) -> None:
        """Say the catalog's text ``key`` (see :meth:`say`)."""
        self.say(t(key, self.lang, **arguments), style=style)

    def num(self, n: int | None) -> str:
        """A count as people read it in the run's language (vi ``12.345``); empty for None."""
        return "" if n is None else format_number(n, self.lang)

    def when(self, moment: datetime) -> str:
        """A time as people read it in the run's language, on this computer's clock."""
        return format_datetime(moment, self.lang, tz=datetime.now().astimezone().tzinfo)

    @staticmethod
    def where(registry: Registry) -> str:
        """The registry's URL as a person reads it: a file's path with its letters, not %-codes."""
        return unquote(str(registry.url))

    def word(self, member: Kind | Status | str) -> str:
        """A kind's or status's label (a stored value is looked up as either)."""
        if isinstance(member, str) and not isinstance(member, Kind | Status):
            member = Kind(member) if member in Kind.__members__ else Status(member)
        return label(member, self.lang)

    def settings(self, db: str | None) -> Settings:
        return load_settings(database_url=db)

    def registry(self, db: str | None, *, must_exist: bool = True) -> Registry:
        """The registry at ``--db`` (or the configured one); an older schema is upgraded first."""
        registry = open_registry(self.settings(db).database_url, create=not must_exist)
        if must_exist and not registry.is_initialised():
            raise RegistryError("registry.missing", url=self.where(registry))
        if must_exist and prepare_registry(registry):
            self.tell("cli.registry.upgraded", url=self.where(registry))
        return registry

    def open_commune(self, db: str | None, name: str | None) -> tuple[Registry, Commune]:
        """The registry (as :meth:`registry` opens it) and the commune a command is about."""
        registry = self.registry(db)
        return registry, self.commune(registry, name)

    def commune(self, registry: Registry, name: str | None) -> Commune:
        """The commune named by ``--commune``, or the only one the registry holds."""
        with registry.read() as conn:
            return get_commune(conn, name, field="commune")

    def report(self, problems: Iterable[Problem]) -> None:
        """An import's report lines, one per problem, each with the CLI's hint for its code;
        warnings in yellow."""
        for p in problems:
            self.say_problem(p)

    def say_problem(self, p: Problem) -> None:
        """One problem's report line with its hint; a warning in yellow."""
        hint = hint_for(p.code, self.lang, p.arguments())
        line = f"{self.problem_line(p)} {hint}" if hint else self.problem_line(p)
        self.say(line, style="yellow" if p.severity == "warning" else None)

    def problem_line(self, p: Problem) -> str:
        """One report line: where (file, row, column), the value found, how bad, what is wrong —
        vi: ``p.csv, dòng 7, cột “vi_do”, giá trị “18,3x”: lỗi: vĩ độ không phải là số``; en as
        :meth:`gis.errors.Problem.line` writes it."""
        where = p.file if p.row is None else self.t("cli.report.row", file=p.file, row=p.row)
        what = ""
        if p.field in RECORD_FIELDS:  # not a column of the file: what the row's record holds
            what = self.t("cli.report.record_field", field=self.t(RECORD_FIELDS[p.field]))
        elif p.field is not None:
            what = self.t("cli.report.field", field=p.field)
        if p.field is not None and p.value is not None:
            value = position_text(p.value, self.lang) if p.field == "position" else p.value
            what += self.t("cli.report.value", value=value)
        line = self.t(
            "cli.report.line",
            where=where,
            what=what,
            severity=self.t(SEVERITIES.get(p.severity, SEVERITIES["error"])),
            message=p.message(self.lang),
        )
        return line.replace(":  ", ": ")


def position_text(value: str, lang: Lang) -> str:
    """A report's position ("18.317660, 106.100000", as the report CSV and JSON keep it) the way
    the reader writes numbers: vi ``18,317660; 106,100000`` (the decimal comma takes the list's
    comma, so a semicolon parts the two); anything else as it is."""
    try:
        lat, lon = (float(part) for part in value.split(","))
    except ValueError:
        return value
    shown = (format_decimal(x, lang, digits=6, grouping=False) for x in (lat, lon))
    return f"{csv_delimiter(lang)} ".join(shown)


#: The fields an import reports that are not a column of the file: the point's position, its
#: geometry, and the record's kind, name and reference (whichever column they came from).
RECORD_FIELDS = {
    "position": N_("cli.report.record.position"),
    "geometry": N_("cli.report.record.geometry"),
    "kind": N_("cli.report.record.kind"),
    "name": N_("cli.report.record.name"),
    "ref": N_("cli.report.record.ref"),
}

#: How bad a report line is, in words.
SEVERITIES = {
    "error": N_("cli.report.severity.error"),
    "warning": N_("cli.report.severity.warning"),
    "note": N_("cli.report.severity.note"),
}


def context_of(ctx: typer.Context) -> CliContext:
    """The run's context, set by the root callback (or passed in by :func:`api.cli.main`)."""
    found = ctx.find_object(CliContext)
    if found is None:  # only when a command is invoked without the root group
        found = CliContext.create(lang=DEFAULT_LANG)
        ctx.obj = found
    return found
