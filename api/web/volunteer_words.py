"""The console's volunteers page's words (api/web/routes/console_volunteers.py,
templates/console_volunteers.html), as catalog ids; :data:`api.web.i18n.PAGE_KEYS` includes
them. Kept apart so the sections added side by side do not all edit one list."""

from addrgen.catalog import N_

__all__ = ["VOLUNTEER_KEYS"]

VOLUNTEER_KEYS = (
    N_("page.console.section.volunteers"),
    N_("page.console.section.volunteers_what"),
    N_("page.console.volunteers.title"),
    N_("page.console.volunteers.what"),
    N_("page.console.volunteers.choose_commune"),
    N_("page.console.volunteers.enrol"),
    N_("page.console.volunteers.names"),
    N_("page.console.volunteers.enrol_button"),
    N_("page.console.volunteers.enrolled"),
    N_("page.console.volunteers.cards"),
    N_("page.console.volunteers.cards_chosen"),
    N_("page.console.volunteers.cards_note"),
    N_("page.console.volunteers.list"),
    N_("page.console.volunteers.none"),
    N_("page.console.volunteers.choose"),
    N_("page.console.volunteers.choose_one"),
    N_("page.console.volunteers.col.name"),
    N_("page.console.volunteers.col.confirmed"),
    N_("page.console.volunteers.col.flagged"),
    N_("page.console.volunteers.col.last"),
    N_("page.console.volunteers.revoke"),
    N_("page.console.volunteers.revoked"),
    N_("page.console.volunteers.is_revoked"),
)
