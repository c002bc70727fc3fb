"""The console's import page's words added with its map, its progress and outline replacement
(api/web/routes/console.py, console_import.html, console_settings.html, console.js), and the
villages section's link to replace outlines, as catalog ids; :data:`api.web.i18n.PAGE_KEYS`
includes them. Kept apart so the sections added side by side do not all edit one list."""

from addrgen.catalog import N_

__all__ = ["IMPORT_KEYS"]

IMPORT_KEYS = (
    N_("page.console.import.replace"),
    N_("page.console.import.moves"),
    N_("page.console.import.moves_what"),
    N_("page.console.import.no_moves"),
    N_("page.console.import.col.point"),
    N_("page.console.import.col.from"),
    N_("page.console.import.col.to"),
    N_("page.console.villages.to_replace"),
    N_("page.console.import.map"),
    N_("page.console.import.map_points"),
    N_("page.console.import.map_sample"),
    N_("page.console.import.map_outlines"),
    N_("page.console.import.legend_villages"),
    N_("page.console.import.legend_outlines"),
    N_("page.console.import.legend_good"),
    N_("page.console.import.legend_bad"),
    N_("page.console.progress.uploading"),
    N_("page.console.progress.reading"),
    N_("page.console.progress.importing"),
    N_("page.console.progress.printing"),
    N_("page.console.progress.failed"),
)
