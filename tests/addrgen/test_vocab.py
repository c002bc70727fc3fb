"""The vocabulary's one home: every member has both labels, the stored values are the
contract's, and no other module of the packages writes a label or the kind list again."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, get_args

import pytest

from addrgen.vocab import (
    KIND_LABELS,
    KINDS,
    REASON_LABELS,
    REPORT_REASONS,
    REVIEW_LABELS,
    ROLE_LABELS,
    ROLES,
    STATUS_LABELS,
    STATUSES,
    Kind,
    KindName,
    Reason,
    Role,
    Status,
    label,
)

Labels = Mapping[Any, Mapping[Any, str]]
TABLES: list[tuple[type[StrEnum], Labels]] = [
    (Kind, KIND_LABELS),
    (Status, STATUS_LABELS),
    (Reason, REASON_LABELS),
    (Role, ROLE_LABELS),
]


@pytest.mark.parametrize(("enum", "labels"), TABLES, ids=lambda t: getattr(t, "__name__", ""))
def test_every_member_has_both_labels(enum: type[StrEnum], labels: Labels) -> None:
    assert set(labels) == set(enum)
    for member in enum:
        assert set(labels[member]) == {"vi", "en"}, member
        assert all(text.strip() == text and text for text in labels[member].values()), member
        assert label(member, "vi") == labels[member]["vi"]  # type: ignore[arg-type]
        assert label(member, "en") == labels[member]["en"]  # type: ignore[arg-type]
    for lang in ("vi", "en"):  # one label per concept: no two members share one
        texts = [labels[m][lang] for m in enum]
        assert len(set(texts)) == len(texts)


def test_the_stored_values_are_the_contracts() -> None:
    assert KINDS == ("household", "agency", "heritage") == get_args(KindName)
    assert STATUSES == ("registered", "coded", "printed", "installed", "retired")
    assert REPORT_REASONS == ("wrong_location", "demolished", "damaged", "other")
    assert ROLES == ("admin", "officer", "volunteer")
    assert all(type(v) is str for v in (*KINDS, *STATUSES, *REPORT_REASONS, *ROLES))


def test_labels_people_read() -> None:
    assert [label(k) for k in Kind] == ["Hộ gia đình", "Cơ quan, tổ chức", "Khu di tích"]
    assert label(Status.installed) == "Đã gắn biển"
    assert label(Kind("heritage"), "en") == "Heritage site"
    assert set(REVIEW_LABELS) == {"vi", "en"}
    with pytest.raises(ValueError):
        Kind("shop")
