"""The volunteer's worklist page's words (api/web/routes/field.py, templates/field*.html,
static/field.js), as catalog ids; :data:`api.web.i18n.PAGE_KEYS` includes them. Kept apart so
the sections added side by side do not all edit one list."""

from addrgen.catalog import N_

__all__ = ["FIELD_JS_KEYS", "FIELD_KEYS"]

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
)
