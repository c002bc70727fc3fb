"""The registry's vocabulary: kinds of point, statuses, problem-report reasons and roles.

This is the one home of these words. Each concept is a :class:`~enum.StrEnum` whose values are
the strings stored in the database and written in the contract (exports, the API, the CLI), so
they never change; each has ONE table of labels, in Vietnamese (``vi``, the users' language)
and English (``en``), which the web pages, the dashboard, the map and the printed documents all
read. A test fails on a member without both labels, and another on a label or the kind list
written out anywhere else in the packages.

The ``…Name`` aliases are the same values as :data:`~typing.Literal` types, for records typed
from plain strings (mypy cannot derive a Literal from an enum); a test checks they agree.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "REASON_LABELS",
    "REPORT_REASONS",
    "REVIEW_LABELS",
    "ROLES",
    "ROLE_LABELS",
    "STATUSES",
    "STATUS_LABELS",
    "Kind",
    "KindName",
    "Lang",
    "Reason",
    "ReasonName",
    "Role",
    "Status",
    "label",
]

Lang = Literal["vi", "en"]


class Kind(StrEnum):
    """What an address point is; agencies and heritage sites carry a public name."""

    household = "household"
    agency = "agency"
    heritage = "heritage"


KindName = Literal["household", "agency", "heritage"]


class Status(StrEnum):
    """Where a point stands, in order: registered → coded → printed → installed; or retired."""

    registered = "registered"
    coded = "coded"
    printed = "printed"
    installed = "installed"
    retired = "retired"


class Reason(StrEnum):
    """Why someone in the field reported a problem with a plate."""

    wrong_location = "wrong_location"
    demolished = "demolished"
    damaged = "damaged"
    other = "other"
    owner_refused = "owner_refused"
    nobody_home = "nobody_home"
    house_not_found = "house_not_found"
    # A household at the door that the registry does not have: reported with the volunteer's
    # position, it is a candidate point for the officer to register.
    new_household = "new_household"


ReasonName = Literal[
    "wrong_location",
    "demolished",
    "damaged",
    "other",
    "owner_refused",
    "nobody_home",
    "house_not_found",
    "new_household",
]


class Role(StrEnum):
    """Who may change the registry from the web: admins everywhere, officers in their commune,
    volunteers in their villages."""

    admin = "admin"
    officer = "officer"
    volunteer = "volunteer"


# The stored values as plain strings, in the enums' order (SQL CHECK lists, validation).
KINDS: tuple[str, ...] = tuple(k.value for k in Kind)
STATUSES: tuple[str, ...] = tuple(s.value for s in Status)
REPORT_REASONS: tuple[str, ...] = tuple(r.value for r in Reason)
ROLES: tuple[str, ...] = tuple(r.value for r in Role)

KIND_LABELS: dict[Kind, dict[Lang, str]] = {
    Kind.household: {"vi": "Hộ gia đình", "en": "Household"},
    Kind.agency: {"vi": "Cơ quan, tổ chức", "en": "Agency or organisation"},
    Kind.heritage: {"vi": "Khu di tích", "en": "Heritage site"},
}

STATUS_LABELS: dict[Status, dict[Lang, str]] = {
    Status.registered: {"vi": "Đã đăng ký", "en": "Registered"},
    Status.coded: {"vi": "Đã cấp mã", "en": "Code issued"},
    Status.printed: {"vi": "Đã in biển", "en": "Plate printed"},
    Status.installed: {"vi": "Đã gắn biển", "en": "Plate installed"},
    Status.retired: {"vi": "Đã thu hồi", "en": "Retired"},
}

# needs_review is a flag beside the status (an installed plate may need review), not a status.
REVIEW_LABELS: dict[Lang, str] = {"vi": "Cần kiểm tra", "en": "Needs review"}

REASON_LABELS: dict[Reason, dict[Lang, str]] = {
    Reason.wrong_location: {"vi": "Sai vị trí", "en": "Wrong location"},
    Reason.demolished: {"vi": "Nhà đã phá dỡ", "en": "Demolished"},
    Reason.damaged: {"vi": "Biển hỏng", "en": "Damaged plate"},
    Reason.other: {"vi": "Khác", "en": "Other"},
    Reason.owner_refused: {"vi": "Chủ hộ không đồng ý", "en": "Household refused"},
    Reason.nobody_home: {"vi": "Vắng nhà", "en": "Nobody at home"},
    Reason.house_not_found: {"vi": "Không tìm thấy nhà", "en": "House not found"},
    Reason.new_household: {
        "vi": "Hộ mới chưa có trong danh sách",
        "en": "New household, not on the list",
    },
}

ROLE_LABELS: dict[Role, dict[Lang, str]] = {
    Role.admin: {"vi": "Quản trị viên", "en": "Administrator"},
    Role.officer: {"vi": "Cán bộ xã", "en": "Officer"},
    Role.volunteer: {"vi": "Đoàn viên", "en": "Volunteer"},
}


def label(member: Kind | Status | Reason | Role, lang: Lang = "vi") -> str:
    """The label of any member of the vocabulary: ``label(Kind.heritage)`` → 'Khu di tích'.

    From a stored string, make the member first (``label(Kind("agency"), "en")``): an unknown
    value then fails there, with the enum's own ValueError."""
    if isinstance(member, Kind):
        return KIND_LABELS[member][lang]
    if isinstance(member, Status):
        return STATUS_LABELS[member][lang]
    if isinstance(member, Reason):
        return REASON_LABELS[member][lang]
    return ROLE_LABELS[member][lang]
