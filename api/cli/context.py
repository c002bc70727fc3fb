"""What every `diachiso` command shares for one run: the consoles, the debug flag, who is
acting, and how to open the registry and find the commune.

:func:`api.cli.main` builds one :class:`CliContext` per run and hands it to click as the
context object; a command reaches it with :func:`context_of`. Nothing here is module state, so
two runs in one process (the tests run the CLI in-process) never see each other's flags."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable
from dataclasses import dataclass

import typer
from rich.console import Console

from gis.errors import Problem, RegistryError
from gis.registry.communes import Commune, get_commune
from gis.settings import Settings, load_settings
from gis.storage.db import Registry, open_registry

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
    debug: bool = False
    lang: str = "en"  # the language of messages; Vietnamese becomes the default later

    @classmethod
    def create(cls, *, debug: bool = False) -> CliContext:
        # The consoles look sys.stdout/sys.stderr up when they print, so a test that captures
        # them after the context is built still sees the output.
        return cls(
            out=Console(highlight=False, soft_wrap=True),
            err=Console(stderr=True, highlight=False, soft_wrap=True),
            actor=os_actor(),
            debug=debug,
        )

    def say(self, text: str, *, style: str | None = None) -> None:
        """A message for the person at the keyboard (stderr), printed as it is (no markup)."""
        self.err.print(text, markup=False, style=style)

    def settings(self, db: str | None) -> Settings:
        return load_settings(database_url=db)

    def registry(self, db: str | None, *, must_exist: bool = True) -> Registry:
        """The registry at ``--db`` (or the configured one); an older schema is upgraded first."""
        registry = open_registry(self.settings(db).database_url, create=not must_exist)
        if must_exist and not registry.is_initialised():
            raise RegistryError("registry.missing", url=registry.url)
        if must_exist and not registry.is_current():
            registry.migrate()
            self.say(f"upgraded the registry's schema at {registry.url}")
        return registry

    def commune(self, registry: Registry, name: str | None) -> Commune:
        """The commune named by ``--commune``, or the only one the registry holds."""
        with registry.read() as conn:
            return get_commune(conn, name)

    def report(self, problems: Iterable[Problem]) -> None:
        """An import's report lines, one per problem, each with the CLI's hint for its code;
        warnings in yellow."""
        from api.cli.errors import hint_for  # errors.py imports this module: import at use

        for p in problems:
            hint = hint_for(p.code, self.lang, p.arguments())
            line = f"{p.line(self.lang)} {hint}" if hint else p.line(self.lang)
            self.say(line, style="yellow" if p.severity == "warning" else None)


def context_of(ctx: typer.Context) -> CliContext:
    """The run's context, set by the root callback (or passed in by :func:`api.cli.main`)."""
    found = ctx.find_object(CliContext)
    if found is None:  # only when a command is invoked without the root group
        found = CliContext.create()
        ctx.obj = found
    return found
