"""QGIS's default styles for the export's GeoPackage, as QML documents in its ``layer_styles``
table (the table QGIS itself writes when a user saves a style "in the database"): QGIS finds
the row whose ``useAsDefault`` is true and opens the layer styled.

Points are categorised by ``status`` in the web map's colours (addrgen.colours), villages
graduated by ``percent_installed`` in the map's red-to-green shades, so QGIS and the web map
agree. Each field gets an alias (the export's column header in the export's language) while
the field names stay the stable contract of docs/reference.md."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from addrgen.catalog import N_, message
from addrgen.colours import SHADES, STATUS_COLOURS
from addrgen.formatting import format_percent
from addrgen.vocab import REVIEW_LABELS, Lang, Status, label

__all__ = ["COLUMN_HEADERS", "column_header", "points_qml", "villages_qml"]

# The web map never draws a retired point, so the map has no colour for one: a dark grey, the
# colour of what no longer counts.
RETIRED_COLOUR = "#616161"
#: Each field's header for people (the Excel sheet's, QGIS's alias): its catalog id.
COLUMN_HEADERS = {
    "code": "export.column.code",
    "code_display": "export.column.code_display",
    "plus_code": "export.column.plus_code",
    "kind": "export.column.kind",
    "name": "export.column.name",
    "village": "export.column.village",
    "status": "export.column.status",
    "ref": "export.column.ref",
    "address": N_("export.column.address"),
    "commune": N_("export.column.commune"),
    "commune_code": N_("export.column.commune_code"),
    "house_number": N_("export.column.house_number"),
    "street": N_("export.column.street"),
    "national_code": N_("export.column.national_code"),
    "batch": N_("export.column.batch"),
    "printed_at": N_("export.column.printed_at"),
    "notified_at": N_("export.column.notified_at"),
    "installed_at": N_("export.column.installed_at"),
    "lon": "export.column.lon",
    "lat": "export.column.lat",
    "x": N_("export.column.x"),
    "y": N_("export.column.y"),
    "total": N_("export.column.total"),
    "coded": N_("export.column.coded"),
    "printed": N_("export.column.printed"),
    "notified": N_("export.column.notified"),
    "installed": N_("export.column.installed"),
    "remaining": N_("export.column.remaining"),
    "percent_installed": N_("export.column.percent_installed"),
    "percent_notified": N_("export.column.percent_notified"),
    "expected": N_("export.column.expected"),
}


def column_header(column: str, lang: Lang) -> str:
    """A field's header for people in ``lang`` (the review flag by its vocabulary label)."""
    if column == "needs_review":
        return REVIEW_LABELS[lang]
    return message(COLUMN_HEADERS[column], lang)


def points_qml(fields: Iterable[str], lang: Lang) -> str:
    """The points layer's style: one category per status, coloured as on the web map."""
    colours = {**STATUS_COLOURS, Status.retired.value: RETIRED_COLOUR}
    renderer = ET.Element("renderer-v2", type="categorizedSymbol", attr="status")
    categories = ET.SubElement(renderer, "categories")
    symbols = ET.SubElement(renderer, "symbols")
    for i, status in enumerate(Status):
        ET.SubElement(
            categories,
            "category",
            render="true",
            symbol=str(i),
            value=status.value,
            label=label(status, lang),
        )
        symbols.append(_symbol(str(i), "marker", colours[status.value]))
    return _document(renderer, fields, lang, geometry_type=0)


def villages_qml(fields: Iterable[str], lang: Lang) -> str:
    """The villages layer's style: graduated by the share installed, in the map's shades."""
    renderer = ET.Element(
        "renderer-v2",
        type="graduatedSymbol",
        attr="percent_installed",
        graduatedMethod="GraduatedColor",
    )
    ranges = ET.SubElement(renderer, "ranges")
    symbols = ET.SubElement(renderer, "symbols")
    bounds = [bound for bound, _ in SHADES]
    for i, (lower, colour) in enumerate(SHADES):
        # The map shades a village from a bound up (percent >= bound); QGIS's ranges include
        # their upper end, and figures have one decimal: .05 below the next bound separates them.
        upper = bounds[i + 1] - 0.05 if i + 1 < len(bounds) else lower
        start = lower - 0.05 if i else lower
        words = format_percent(lower, lang, digits=0)
        if i + 1 < len(bounds):
            words = f"{words} – {format_percent(bounds[i + 1], lang, digits=0)}"
        ET.SubElement(
            ranges,
            "range",
            render="true",
            symbol=str(i),
            lower=f"{start:.2f}",
            upper=f"{upper:.2f}",
            label=words,
        )
        symbols.append(_symbol(str(i), "fill", colour))
    ET.SubElement(renderer, "mode", name="manual")
    return _document(renderer, fields, lang, geometry_type=2)


def _symbol(name: str, kind: str, colour: str) -> ET.Element:
    """A one-layer symbol: a filled circle for a point, a translucent fill for an outline."""
    symbol = ET.Element("symbol", type=kind, name=name, alpha="1", clip_to_extent="1")
    layer_class = "SimpleMarker" if kind == "marker" else "SimpleFill"
    layer = ET.SubElement(symbol, "layer", {"class": layer_class, "enabled": "1", "pass": "0"})
    options = ET.SubElement(layer, "Option", type="Map")
    rgb = ",".join(str(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    values = {
        "color": f"{rgb},{255 if kind == 'marker' else 160}",
        "outline_color": "255,255,255,255" if kind == "marker" else "60,60,60,255",
        "outline_width": "0.2" if kind == "marker" else "0.4",
    }
    if kind == "marker":
        values |= {"name": "circle", "size": "2.4"}
    for key, value in values.items():
        ET.SubElement(options, "Option", name=key, type="QString", value=value)
    return symbol


def _document(
    renderer: ET.Element, fields: Iterable[str], lang: Lang, *, geometry_type: int
) -> str:
    """The QML document around a renderer: the fields' aliases and the geometry type."""
    root = ET.Element("qgis", version="3.22.0", styleCategories="AllStyleCategories")
    root.append(renderer)
    aliases = ET.SubElement(root, "aliases")
    for index, field in enumerate(fields):
        ET.SubElement(
            aliases, "alias", field=field, index=str(index), name=column_header(field, lang)
        )
    ET.SubElement(root, "layerGeometryType").text = str(geometry_type)
    body = ET.tostring(root, encoding="unicode")
    return f"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n{body}\n"
