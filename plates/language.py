"""The language the printed documents speak.

Every fixed text of a plate, checklist, letter or volunteers' guide comes from the message
catalog (``t("print.…", PRINTED)``; :mod:`addrgen.catalog`), with its numbers and dates from
:mod:`addrgen.formatting`. They are printed in Vietnamese whatever language the officer reads on
screen (``DIACHISO_LANG``): the paper goes to households, volunteers and the commune's files.
The catalog's English texts say what each one means.
"""

from __future__ import annotations

from addrgen.vocab import Lang

__all__ = ["PRINTED"]

PRINTED: Lang = "vi"
