"""What a plate says: every string, already NFC and checked against the font.

The distinguishing line tells one house from its neighbours when the code is too small to read
from the gate: an agency's or heritage site's name; for a household its house number or, lacking
one, the head's name (houses with neither would otherwise carry identical text). The "Chủ hộ: …"
line is printed only when the commune turns it on (`show_household_name`). The issuer line and
the short lookup address make a faded QR survivable: anyone can type the code at
"<host>/A + mã".
"""

from dataclasses import dataclass

from addrgen.catalog import t
from addrgen.line_words import short_issuer
from addrgen.urls import parse_public_url
from plates.fonts import check_glyphs
from plates.language import PRINTED
from plates.layout import PlateSpec
from plates.records import CommuneWords, PlateRecord, address_text, commune_words

__all__ = ["PlateTexts", "lookup_host", "plate_texts", "plus_label"]


@dataclass(frozen=True)
class PlateTexts:
    """Every string a plate shows (None: not shown)."""

    header: str
    commune: str | None
    code: str
    distinct: str | None
    head: str | None
    address: str | None
    plus_code: str | None
    scan_hint: str | None
    lookup: str | None
    issuer: str | None
    number: str | None  # for the shop page's slug, outside the trim

    def field(self, name: str) -> str | None:
        value = getattr(self, name)
        return value if isinstance(value, str) else None


def plus_label() -> str:
    """'Mã vị trí: ', the label before the plus code."""
    return t("print.plate.plus_code", PRINTED) + " "


def lookup_host(public_url: str) -> str:
    """'https://diachi.example.vn' → 'diachi.example.vn' (with its port, if any)."""
    parts = parse_public_url(public_url)
    return parts.host + (f":{parts.port}" if parts.port else "")


def _issuer(words: CommuneWords) -> str:
    """'UBND xã Thạch Bình – Đoàn Thanh niên xã Thạch Bình': the abbreviation every commune
    signboard uses keeps the line short enough for the plate."""
    return t(
        "print.plate.issuer",
        PRINTED,
        issuer=short_issuer(words.issuer),
        youth_union=words.youth_union,
    )


def _distinct(record: PlateRecord, spec: PlateSpec) -> str | None:
    if record.kind != "household":
        return record.name if spec.show_name else None
    number = " ".join((record.house_number or "").split())
    if number:
        return t("print.plate.house_number", PRINTED, number=number)
    # With the head's line on, the name is printed there, under its label.
    return None if spec.show_household_name else record.name


def plate_texts(
    record: PlateRecord,
    spec: PlateSpec,
    number: int,
    *,
    words: CommuneWords | None = None,
    host: str | None = None,
) -> PlateTexts:
    """The plate's strings; `words` default to those of the record's commune, and without a
    `host` no lookup line is printed."""
    where = record.code
    own = words or commune_words(record.commune)

    def opt(text: str | None, shown: bool = True) -> str | None:
        return check_glyphs(text.strip(), where) if shown and text and text.strip() else None

    head = record.name if record.kind == "household" and spec.show_household_name else None
    lookup = t("print.plate.lookup", PRINTED, host=host) if host else None
    return PlateTexts(
        header=check_glyphs(spec.header, where),
        commune=opt(record.commune.upper(), spec.show_commune),
        code=check_glyphs(record.code_display, where),
        distinct=opt(_distinct(record, spec)),
        head=opt(t("print.plate.head", PRINTED, name=head.strip()) if head else None),
        address=opt(address_text(record), spec.show_address),
        plus_code=opt(record.plus_code, spec.show_plus_code),
        scan_hint=opt(t("print.plate.scan_hint", PRINTED), spec.show_scan_hint),
        lookup=opt(lookup, spec.show_lookup),
        issuer=opt(_issuer(own), spec.show_issuer),
        # A sequence number, not a quantity: never grouped in thousands.
        number=opt(t("print.plate.number", PRINTED, number=str(number)), spec.show_number),
    )
