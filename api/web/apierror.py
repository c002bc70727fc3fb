"""The web's own refusals (a rate limit, a bad cursor, no credentials…), apart from
:mod:`api.web.errors` so that the dependencies that raise them need not import the handlers."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException

from addrgen.catalog import message
from api.web.i18n import Lang

__all__ = ["ApiError", "LimitExceeded"]


class ApiError(Exception):
    """An HTTP-level refusal that is not the core's (rate limit, bad cursor…): its stable
    ``code`` and the catalog id of its sentence, with the sentence's data."""

    def __init__(
        self,
        status: int,
        code: str,
        text_id: str,
        *,
        field: str | None = None,
        value: str | None = None,
        headers: dict[str, str] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(message(text_id, "en", value=value, **params))
        self.status = status
        self.code = code
        self.text_id = text_id
        self.field = field
        self.value = value
        self.headers = headers  # e.g. a 429's Retry-After
        self.params = params

    def message(self, lang: Lang) -> str:
        return message(self.text_id, lang, value=self.value, **self.params)


class LimitExceeded(HTTPException):
    """A request over one of :mod:`api.web.request_limits`' limits (a body too large or nested too
    deep). An HTTPException, not an :class:`ApiError`, because it is raised while FastAPI reads
    the body, and FastAPI lets only HTTPExceptions through unchanged (any other error there
    becomes its own 400 without our words)."""

    def __init__(self, status: int, code: str, text_id: str, **params: Any) -> None:
        super().__init__(status)
        self.code = code
        self.text_id = text_id
        self.params = params

    def message(self, lang: Lang) -> str:
        return message(self.text_id, lang, **self.params)
