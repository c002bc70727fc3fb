"""The API fuzzed (issue 19): schemathesis generates requests from /openapi.json, valid and
invalid, for every operation, and sends them to the ASGI app over a copy of the sample registry
(SQLite) with an officer's token; every answer must be no 5xx and match what the document says
of it (its status codes, content type and body schema). Stateless: FastAPI's document declares
no links between operations for a stateful run. A bounded number of examples per operation
keeps the run near a minute on the project's two-core machine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.web.app import create_app
from gis.field.accounts import add_user
from gis.registry.communes import get_commune
from gis.settings import load_settings
from gis.storage.db import open_registry
from tests.api.conftest import SECRET, copy_sqlite

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 6  # per operation: about forty operations in a minute or so


@pytest.fixture(scope="module")
def fuzzed(sample_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app over its own copy of the sample registry, with the limits on writes lifted
    (the fuzzer writes faster than a volunteer may), and an officer's bearer token."""
    path = tmp_path_factory.mktemp("fuzz") / "registry.sqlite"
    copy_sqlite(sample_file, path)
    url = f"sqlite:///{path}"
    registry = open_registry(url)
    lifted = {"writes_per_minute": 100_000, "token_failures": 100_000, "signin_attempts": 100_000}
    app = create_app(
        load_settings(database_url=url, env="test", secret_key=SECRET, **lifted),
        registry=registry,
    )
    with registry.read() as conn:
        commune = get_commune(conn, None)
    officer = add_user(registry, commune, name="Minh", role="officer", token=True, actor="t")
    app.state.fuzz_headers = {"Authorization": f"Bearer {officer.api_token}"}
    yield app
    registry.dispose()


def _fuzz(operation: Any, mode: GenerationMode, headers: dict[str, str]) -> str | None:
    """What is wrong with the answers to ``operation``'s generated requests (None: nothing)."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        return None  # no invalid input to make (e.g. a negative run of a free-text path)
    except (Exception, BaseExceptionGroup) as exc:  # failed checks, as schemathesis words them
        return f"{operation.label} ({mode.value}): {_said(exc)}"
    return None


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_answers_every_input_as_documented(fuzzed: Any, mode: GenerationMode) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed)
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) > 30
    found = [_fuzz(op, mode, fuzzed.state.fuzz_headers) for op in operations]
    problems = [p for p in found if p is not None]
    assert problems == [], "\n\n".join(problems)


def _said(exc: BaseException) -> str:
    """The failure's first lines (schemathesis repeats the whole answer after them)."""
    return " / ".join(str(exc).splitlines()[:6])
