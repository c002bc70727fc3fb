"""The pages' words, in Vietnamese (the default) and English, as one dict per language for the
templates: the message catalog's ``page.*`` entries (addrgen/locale/; ``t["signin.title"]`` is
the catalog's ``page.signin.title``) and the vocabulary's labels (``t["kind.household"]``).

The language is ``?lang=vi|en`` when given, else the first of the two the browser's
Accept-Language prefers (see :func:`api.web.deps.lang_of` for the address page's own rule)."""

from __future__ import annotations

from addrgen.catalog import N_, template
from addrgen.vocab import Kind, Lang, Reason, Status, label
from api.web.field_words import FIELD_KEYS
from api.web.import_words import IMPORT_KEYS
from api.web.points_words import POINTS_KEYS
from api.web.volunteer_words import VOLUNTEER_KEYS

__all__ = ["PAGE_KEYS", "TEXTS", "Lang", "pick_lang", "section"]

PAGE_PREFIX = "page."
#: Every text the templates, the routes and the page's script look up, as catalog ids. They are
#: listed (N_ marks them for `make messages`) because pages pick some at run time
#: (the script's ``js.*``).
PAGE_KEYS = (
    N_("page.title"),
    N_("page.brand"),
    N_("page.other_lang"),
    N_("page.code"),
    N_("page.kind"),
    N_("page.name"),
    N_("page.address"),
    N_("page.formerly"),
    N_("page.plus_code"),
    N_("page.status"),
    N_("page.directions"),
    N_("page.google"),
    N_("page.osm"),
    N_("page.retired"),
    N_("page.unverified"),
    N_("page.not_found.title"),
    N_("page.not_found.code"),
    N_("page.check_digit"),
    N_("page.bad_code"),
    N_("page.error.title"),
    N_("page.error.generic"),
    N_("page.home"),
    N_("page.confirm.button"),
    N_("page.confirm.notified"),
    N_("page.confirm.hello"),
    N_("page.confirm.not_yours"),
    N_("page.report.button"),
    N_("page.report.reason"),
    N_("page.report.note"),
    N_("page.signin.title"),
    N_("page.signin.intro"),
    N_("page.signin.button"),
    N_("page.signin.done"),
    N_("page.signin.bad"),
    N_("page.home.intro"),
    N_("page.home.lookup.title"),
    N_("page.home.lookup.label"),
    N_("page.home.lookup.hint"),
    N_("page.home.lookup.button"),
    N_("page.home.lookup.empty"),
    # the dashboard (api/web/dashboard.py, templates/dashboard.html)
    N_("page.dashboard.title"),
    N_("page.dashboard.summary"),
    N_("page.dashboard.goal"),
    N_("page.dashboard.expected_note"),
    N_("page.dashboard.villages"),
    N_("page.dashboard.commune_total"),
    N_("page.dashboard.download_csv"),
    N_("page.dashboard.download_xlsx"),
    N_("page.dashboard.chart"),
    N_("page.dashboard.chart_day"),
    N_("page.dashboard.per_day"),
    N_("page.dashboard.cumulative"),
    N_("page.dashboard.target"),
    N_("page.dashboard.no_installs"),
    N_("page.dashboard.reports"),
    N_("page.dashboard.no_reports"),
    N_("page.dashboard.map"),
    N_("page.dashboard.no_code"),
    N_("page.dashboard.stale"),
    N_("page.dashboard.stale_what"),
    N_("page.dashboard.stale_village"),
    N_("page.dashboard.column.village"),
    N_("page.dashboard.column.total"),
    N_("page.dashboard.column.remaining"),
    N_("page.dashboard.column.percent_installed"),
    N_("page.dashboard.column.expected"),
    N_("page.dashboard.column.notified"),
    N_("page.dashboard.column.percent_notified"),
    N_("page.dashboard.details_note"),
    # the coverage map (api/web/mapview.py, static/map.js)
    N_("page.map.villages"),
    N_("page.map.points"),
    N_("page.map.total"),
    N_("page.map.remaining"),
    N_("page.map.percent"),
    N_("page.map.notified"),
    N_("page.map.percent_notified"),
    N_("page.map.expected"),
    N_("page.map.no_code"),
    N_("page.map.open"),
    N_("page.map.zoom_in"),
    N_("page.map.dashboard"),
    N_("page.map.village"),
    N_("page.map.aggregate"),
    N_("page.map.legend_button"),
    # the console's follow-up (api/web/routes/console_followup.py, console_followup.html)
    N_("page.console.followup.title"),
    N_("page.console.followup.choose_commune"),
    N_("page.console.followup.done_cleared"),
    N_("page.console.followup.done_moved"),
    N_("page.console.followup.done_closed"),
    N_("page.console.followup.done_registered"),
    N_("page.console.followup.done_notified"),
    N_("page.console.followup.notify_village"),
    N_("page.console.followup.notify_button"),
    N_("page.console.followup.register"),
    N_("page.console.followup.coverage"),
    N_("page.console.followup.col.review"),
    N_("page.console.followup.col.remaining"),
    N_("page.console.followup.review"),
    N_("page.console.followup.review_what"),
    N_("page.console.followup.on_map"),
    N_("page.console.followup.col.registered"),
    N_("page.console.followup.col.confirmed"),
    N_("page.console.followup.col.distance"),
    N_("page.console.followup.col.accuracy"),
    N_("page.console.followup.col.photo"),
    N_("page.console.followup.col.answer"),
    N_("page.console.followup.photo_yes"),
    N_("page.console.followup.photo_no"),
    N_("page.console.followup.note"),
    N_("page.console.followup.keep"),
    N_("page.console.followup.move"),
    N_("page.console.followup.review_none"),
    N_("page.console.followup.reports"),
    N_("page.console.followup.col.report"),
    N_("page.console.followup.col.reason"),
    N_("page.console.followup.col.by"),
    N_("page.console.followup.close"),
    N_("page.console.followup.reports_none"),
    N_("page.console.followup.stale"),
    N_("page.console.followup.stale_what"),
    N_("page.console.followup.col.batch"),
    N_("page.console.followup.col.printed"),
    N_("page.console.followup.col.current"),
    N_("page.console.followup.stale_none"),
    N_("page.console.followup.reprint"),
    N_("page.console.followup.position"),
    N_("page.console.followup.section"),
    N_("page.console.followup.section_what"),
    # the console's export (api/web/routes/console_export.py, console_export.html)
    N_("page.console.export.section"),
    N_("page.console.export.section_what"),
    N_("page.console.export.title"),
    N_("page.console.export.choose_commune"),
    N_("page.console.export.all_communes"),
    N_("page.console.export.vn2000"),
    N_("page.console.export.what"),
    N_("page.console.export.private"),
    N_("page.console.export.format.geojson"),
    N_("page.console.export.format.geojson_what"),
    N_("page.console.export.format.gpkg"),
    N_("page.console.export.format.gpkg_what"),
    N_("page.console.export.format.csv"),
    N_("page.console.export.format.csv_what"),
    N_("page.console.export.format.xlsx"),
    N_("page.console.export.format.xlsx_what"),
    # the officer's console (api/web/routes/console.py, templates/console*.html) and sign-out
    N_("page.signout"),
    N_("page.console.open"),
    N_("page.console.title"),
    N_("page.console.signed_in"),
    N_("page.console.sections"),
    N_("page.console.signed_out.title"),
    N_("page.console.signed_out.how"),
    N_("page.console.signed_out.admin"),
    N_("page.console.section.import"),
    N_("page.console.section.import_what"),
    N_("page.console.section.codes"),
    N_("page.console.section.codes_what"),
    N_("page.console.section.print"),
    N_("page.console.section.print_what"),
    N_("page.console.section.dashboard"),
    N_("page.console.section.dashboard_what"),
    N_("page.console.section.map"),
    N_("page.console.section.map_what"),
    N_("page.console.progress"),
    N_("page.console.no_villages"),
    N_("page.console.col.village"),
    N_("page.console.col.total"),
    N_("page.console.col.percent"),
    N_("page.console.col.row"),
    N_("page.console.col.column"),
    N_("page.console.col.raw"),
    N_("page.console.col.read"),
    N_("page.console.col.value"),
    N_("page.console.col.expected"),
    N_("page.console.col.problem"),
    N_("page.console.import.title"),
    N_("page.console.import.choose"),
    N_("page.console.import.another"),
    N_("page.console.import.target"),
    N_("page.console.import.target_points"),
    N_("page.console.import.target_villages"),
    N_("page.console.import.kind"),
    N_("page.console.import.options"),
    N_("page.console.import.file"),
    N_("page.console.import.too_large"),
    N_("page.console.import.preview_button"),
    N_("page.console.import.revise"),
    N_("page.console.import.unread"),
    N_("page.console.import.proposal"),
    N_("page.console.import.proposal_columns"),
    N_("page.console.import.use_proposal"),
    N_("page.console.import.commune"),
    N_("page.console.import.preview"),
    N_("page.console.import.counts"),
    N_("page.console.import.samples"),
    N_("page.console.import.bad"),
    N_("page.console.import.download_bad"),
    N_("page.console.import.warnings"),
    N_("page.console.import.nothing_yet"),
    N_("page.console.import.commit"),
    N_("page.console.import.commit_good"),
    N_("page.console.import.done"),
    N_("page.console.import.done_before"),
    N_("page.console.import.refused"),
    N_("page.console.detected.file_type"),
    N_("page.console.detected.encoding"),
    N_("page.console.detected.delimiter"),
    N_("page.console.detected.tab"),
    N_("page.console.detected.sheet"),
    N_("page.console.detected.header_row"),
    N_("page.console.detected.layer"),
    N_("page.console.detected.columns"),
    N_("page.console.detected.crs"),
    N_("page.console.detected.xy"),
    N_("page.console.field.crs"),
    N_("page.console.field.northing_field"),
    N_("page.console.field.easting_field"),
    N_("page.console.field.lat_field"),
    N_("page.console.field.lon_field"),
    N_("page.console.field.name_field"),
    N_("page.console.field.ref_field"),
    N_("page.console.field.national_code_field"),
    N_("page.console.field.expected_field"),
    N_("page.console.field.sheet"),
    N_("page.console.field.header_row"),
    N_("page.console.field.layer"),
    N_("page.console.field.encoding"),
    N_("page.console.field.encoding_auto"),
    N_("page.console.codes.title"),
    N_("page.console.codes.choose_commune"),
    N_("page.console.codes.what"),
    N_("page.console.codes.waiting"),
    N_("page.console.codes.issue_village"),
    N_("page.console.codes.issue_all"),
    N_("page.console.codes.none"),
    N_("page.console.codes.done"),
    N_("page.console.codes.done_none"),
    *VOLUNTEER_KEYS,
    *POINTS_KEYS,
    *FIELD_KEYS,
    *IMPORT_KEYS,
)


def _vocabulary(lang: Lang) -> dict[str, str]:
    """'kind.<kind>', 'status.<status>' and 'report.<reason>': the labels of addrgen.vocab,
    their one home (the plates and the dashboard read the same)."""
    return {
        **{f"kind.{k}": label(k, lang) for k in Kind},
        **{f"status.{s}": label(s, lang) for s in Status},
        **{f"report.{r}": label(r, lang) for r in Reason},
    }


def _texts(lang: Lang) -> dict[str, str]:
    texts = _vocabulary(lang)
    for key in PAGE_KEYS:
        # unformatted: the pages and the script fill the fields ({code}, {name}, {d}…)
        texts[key.removeprefix(PAGE_PREFIX)] = template(key, lang) or key
        if key == "page.other_lang":  # the language the switch leads to: a code, not a text
            texts["other_lang_code"] = "en" if lang == "vi" else "vi"
    return texts


TEXTS: dict[Lang, dict[str, str]] = {"vi": _texts("vi"), "en": _texts("en")}


def section(lang: Lang, prefix: str) -> dict[str, str]:
    """One part of a page's words, its keys without ``prefix`` (``section("vi", "map.")``)."""
    return {k.removeprefix(prefix): v for k, v in TEXTS[lang].items() if k.startswith(prefix)}


def pick_lang(query_lang: str | None, accept_language: str | None, default: Lang = "vi") -> Lang:
    """``?lang=`` when it names a language, else the first of ours the browser's
    Accept-Language prefers, else ``default``."""
    if query_lang in ("vi", "en"):
        return "en" if query_lang == "en" else "vi"
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        ranked.append((-q, i, tag.strip().lower()[:2]))
    for _, _, tag in sorted(ranked):
        if tag in ("vi", "en"):
            return "en" if tag == "en" else "vi"
    return default
