"""The volunteer's worklist page's words (api/web/routes/field.py, templates/field*.html,
static/field.js), as catalog ids; :data:`api.web.i18n.PAGE_KEYS` includes them. Kept apart so
the sections added side by side do not all edit one list."""

from addrgen.catalog import N_

__all__ = [
    "CARD_JS_KEYS",
    "CARD_KEYS",
    "FIELD_JS_KEYS",
    "FIELD_KEYS",
    "FIELD_SCAN_JS_KEYS",
    "FIELD_SCAN_KEYS",
    "OFFLINE_JS_KEYS",
]

#: The in-page scanner's words its script shows (static/field_scan.js).
FIELD_SCAN_JS_KEYS = (
    N_("page.field.scan.starting"),
    N_("page.field.scan.aim"),
    N_("page.field.scan.not_plate"),
    N_("page.field.scan.same_plate"),
    N_("page.field.scan.no_camera"),
    N_("page.field.scan.no_detector"),
    N_("page.field.scan.reading"),
    N_("page.field.scan.no_qr"),
    N_("page.field.scan.offline"),
    N_("page.field.scan.failed"),
)
#: The scanner's words in the page itself (templates/field.html).
FIELD_SCAN_KEYS = (
    N_("page.field.scan.open"),
    N_("page.field.scan.title"),
    N_("page.field.scan.photo"),
    N_("page.field.scan.close"),
)

#: The offline part's words (static/field_store.js: the queue, the sign-out warning; field.js: a
#: list or plate shown from the phone's memory), in the page's "offline-texts" JSON block.
OFFLINE_JS_KEYS = (
    N_("page.field.offline.confirms"),
    N_("page.field.offline.reports"),
    N_("page.field.offline.sending"),
    N_("page.field.offline.sent"),
    N_("page.field.offline.refused"),
    N_("page.field.offline.signout"),
    N_("page.field.offline.kept"),
    N_("page.field.offline.not_kept"),
    N_("page.field.offline.waiting"),
)

#: The words the page's script shows (handed to it as JSON data).
FIELD_JS_KEYS = (
    N_("page.field.left"),
    N_("page.field.count.review"),
    N_("page.field.count.done"),
    N_("page.field.locating"),
    N_("page.field.no_position"),
    N_("page.field.here"),
    N_("page.field.distance"),
    N_("page.field.no_number"),
    N_("page.field.notified"),
    N_("page.field.load_error"),
    N_("page.field.empty"),
    N_("page.field.review"),
    *FIELD_SCAN_JS_KEYS,
)

#: The confirmation card's words its script shows (static/field_card.js, read from the card's
#: own JSON block, so that the worklist and the address page hand it the same names).
CARD_JS_KEYS = (
    N_("page.field.card.accuracy"),
    N_("page.field.card.locating"),
    N_("page.field.card.waiting"),
    N_("page.field.card.imprecise"),
    N_("page.field.card.denied"),
    N_("page.field.card.photo_ready"),
    N_("page.field.card.photo_error"),
    N_("page.field.card.photo_working"),
    N_("page.field.card.sending"),
    N_("page.field.card.ok"),
    N_("page.field.card.ok_more"),
    N_("page.field.card.already"),
    N_("page.field.card.review_far"),
    N_("page.field.card.review_vague"),
    N_("page.field.card.review"),
    N_("page.field.card.notified_more"),
    N_("page.field.card.refused"),
    N_("page.field.card.failed"),
    N_("page.field.card.queued"),
    N_("page.field.card.queued_more"),
    N_("page.field.card.reported"),
    N_("page.field.card.report_queued"),
    N_("page.field.card.report_no_position"),
)

#: The card's words the page itself writes (templates/field_card.html).
CARD_KEYS = (
    N_("page.field.card.accuracy_label"),
    N_("page.field.card.photo"),
    N_("page.field.card.close"),
    *CARD_JS_KEYS,
)

FIELD_KEYS = (
    N_("page.field.title"),
    N_("page.field.open"),
    N_("page.field.signin_needed"),
    N_("page.field.signin_how"),
    N_("page.field.loading"),
    N_("page.field.filters"),
    N_("page.field.filter.remaining"),
    N_("page.field.filter.review"),
    N_("page.field.filter.done"),
    N_("page.field.map"),
    N_("page.field.list"),
    *FIELD_JS_KEYS,
    *FIELD_SCAN_KEYS,
    N_("page.field.offline.retry"),
    *OFFLINE_JS_KEYS,
    *CARD_KEYS,
)
