"""What `make demo` says (``scripts/demo.sh`` and ``scripts/demo_confirm.py``), from the catalog.

The demo narrates the officer's steps, so it speaks like the commands it runs: Vietnamese by
default, English with ``DIACHISO_LANG=en``. The shell script cannot read the catalog, so it asks
this module for each line:

    python -m api.demo demo.step.init
    python -m api.demo demo.answers url=http://127.0.0.1:8000
"""

from __future__ import annotations

import sys

from addrgen.catalog import N_, t
from gis.settings import load_settings

__all__ = ["LINES", "demo_lang", "main", "say"]

#: Every line the demo says; the shell script names them by id.
LINES = frozenset(
    {
        N_("demo.step.init"),
        N_("demo.step.villages"),
        N_("demo.step.households"),
        N_("demo.step.agencies"),
        N_("demo.step.heritage"),
        N_("demo.step.bad_rows"),
        N_("demo.bad_rows_accepted"),
        N_("demo.step.codes"),
        N_("demo.step.plates"),
        N_("demo.step.confirm"),
        N_("demo.step.volunteer"),
        N_("demo.phone_note"),
        N_("demo.step.officer"),
        N_("demo.step.coverage"),
        N_("demo.step.export"),
        N_("demo.where"),
        N_("demo.step.health"),
        N_("demo.answers"),
        N_("demo.no_answer"),
        N_("demo.step.serve"),
        N_("demo.confirm.allowed"),
        N_("demo.confirm.installed"),
        N_("demo.confirm.needs_review"),
        N_("demo.confirm.refused"),
    }
)


def demo_lang() -> str:
    """The demo's language: the setting DIACHISO_LANG, Vietnamese unless English is asked."""
    return load_settings().lang


def say(key: str, **arguments: object) -> str:
    return t(key, demo_lang(), **arguments)


def main(argv: list[str] | None = None) -> int:
    """Print the line ``KEY`` with its ``name=value`` arguments."""
    key, *pairs = sys.argv[1:] if argv is None else argv
    if key not in LINES:
        print(f"unknown demo line {key!r}", file=sys.stderr)
        return 2
    arguments = dict(pair.split("=", 1) for pair in pairs)
    print(say(key, **arguments))
    return 0


if __name__ == "__main__":
    sys.exit(main())
