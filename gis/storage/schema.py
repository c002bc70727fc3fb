"""The registry's tables (SQLAlchemy Core). Alembic migrations create them; this module is the
shape the code reads and writes, and a test checks the two agree.

Portable SQL only: the same tables run on SQLite and (later) PostgreSQL/PostGIS. Positions are
WGS 84 longitude/latitude columns; village boundaries are WKB with their bounding box, so the
spatial work (joins, distances) is done by shapely here and by PostGIS there.

Length: one declaration per table (eighteen of them), kept in one module so that the schema a
test compares with the migrations is read in one place.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from addrgen.vocab import KINDS, REPORT_REASONS, ROLES, STATUSES

__all__ = [
    "KINDS",
    "STATUSES",
    "batch_items",
    "batches",
    "code_counters",
    "commune_history",
    "communes",
    "events",
    "imports",
    "letter_counters",
    "metadata",
    "points",
    "villages",
]


def _or_chain(column: str, values: tuple[str, ...]) -> str:
    """The CHECK ``kind = 'household' OR kind = 'agency' OR …`` from the vocabulary: the same
    text the migrations wrote (they must not change; a test compares the two)."""
    return " OR ".join(f"{column} = '{v}'" for v in values)


def _in_list(column: str, values: tuple[str, ...]) -> str:
    """The CHECK ``role IN ('admin', 'officer', 'volunteer')`` from the vocabulary."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

communes = Table(
    "communes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("commune_code", String(10), nullable=False),
    # The 5-digit area number ("số vùng", by default the commune's statistics code; not a postcode)
    # that prefixes the codes this commune issues.
    Column("area_number", Integer, nullable=False),
    Column("district", String(200)),
    # The date from which `district` stands (set by a reorganisation; NULL: entered undated). On or
    # after 1 July 2025 an address names the district only when it stands from then on.
    Column("district_from", Date),
    Column("province", String(200)),
    # Set when a reorganisation replaced this commune (merged into another): its codes stay valid.
    Column("successor_id", Integer, ForeignKey("communes.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # The commune's own words on its printed documents (`diachiso communes set`); NULL: the
    # default derived from the commune's name (addrgen/commune_words.py).
    Column("issuer", String(200)),
    Column("officer_title", String(200)),
    Column("youth_union", String(200)),
    Column("phone", String(40)),
    # Its plates: the template (plates/templates/<name>.toml; NULL: the default A6) and whether
    # household plates print "Chủ hộ: …" (NULL: no).
    Column("plate_template", String(40)),
    Column("plate_household_head", Boolean),
    # Who signs its letters (Nghị định 30/2020): name, title, and "tm" (the chair, TM. ỦY BAN NHÂN
    # DÂN) or "kt" (a deputy, KT. CHỦ TỊCH); NULL: the default (addrgen/commune_words.py).
    Column("signer_name", String(200)),
    Column("signer_title", String(200)),
    Column("signer_authority", String(10)),
    UniqueConstraint("area_number"),
    UniqueConstraint("commune_code"),
)

# Dated history of names and parents (renames, merges, a district level abolished): the current
# row in `communes` is the state now; this keeps what plates printed earlier may still say.
commune_history = Table(
    "commune_history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("commune_id", Integer, ForeignKey("communes.id"), nullable=False),
    Column("effective", Date, nullable=False),
    Column("action", String(40), nullable=False),
    Column("name", String(200), nullable=False),
    Column("district", String(200)),
    Column("province", String(200)),
    Column("details", JSON),
)

villages = Table(
    "villages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("commune_id", Integer, ForeignKey("communes.id"), nullable=False),
    Column("name", String(200), nullable=False),
    # Registry order, used for issuing: an explicit number, never a name collation.
    Column("ordinal", Integer, nullable=False),
    Column("expected", Integer),
    Column("boundary_wkb", LargeBinary, nullable=False),
    Column("min_lon", Float, nullable=False),
    Column("min_lat", Float, nullable=False),
    Column("max_lon", Float, nullable=False),
    Column("max_lat", Float, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("commune_id", "name"),
    UniqueConstraint("commune_id", "ordinal"),
)

points = Table(
    "points",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("commune_id", Integer, ForeignKey("communes.id"), nullable=False),
    Column("village_id", Integer, ForeignKey("villages.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("name", String(300)),
    Column("house_number", String(50)),
    Column("street", String(200)),
    # Contact details from the source sheet: personal data, never shown publicly.
    Column("phone", String(50)),
    Column("lon", Float, nullable=False),
    Column("lat", Float, nullable=False),
    Column("plus_code", String(16), nullable=False),
    Column("code", String(11)),
    Column("area_number", Integer),
    Column("serial", Integer),
    Column("status", String(20), nullable=False),
    Column("needs_review", Boolean, nullable=False, default=False),
    Column("ref", String(200)),
    # A code of addrgen.retiring's vocabulary (free text in rows retired before it) and the
    # officer's note beside it.
    Column("retired_reason", Text),
    Column("retired_note", Text),
    # The notice's first half: the household told or its letter handed over, by whom (migration
    # 0013); an officer's leave to confirm a plate never in a final batch (made elsewhere).
    Column("notified_at", DateTime(timezone=True)),
    Column("notified_by", String(200)),
    Column("confirm_allowed_at", DateTime(timezone=True)),
    Column("confirm_allowed_by", String(200)),
    # The national address platform's code of the place, when known (migration 0014).
    Column("national_code", String(40)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # Written as OR chains, not IN lists: SQLite builds a temporary table for an IN list each
    # time it checks a row, which made these two checks half the cost of a bulk insert.
    CheckConstraint(_or_chain("kind", KINDS), name="kind"),
    CheckConstraint(_or_chain("status", STATUSES), name="status"),
    # Uniqueness as named unique indexes, not table constraints: SQLite cannot drop the automatic
    # index of a UNIQUE constraint, and a province-sized import drops and rebuilds these inside
    # its transaction (gis/bulk.py), which is several times faster than 500,000 B-tree inserts.
    # The database still enforces every one of them. Code and serial are partial indexes over
    # the points that have them (NULLs never clash anyway; `code = ?` still uses the index): a
    # new, uncoded point costs them nothing and rebuilding them is a scan without a sort.
    Index(
        None,
        "code",
        unique=True,
        sqlite_where=Column("code").is_not(None),
        postgresql_where=Column("code").is_not(None),
    ),
    Index(
        None,
        "area_number",
        "serial",
        unique=True,
        sqlite_where=Column("serial").is_not(None),
        postgresql_where=Column("serial").is_not(None),
    ),
    Index(None, "commune_id", "ref", unique=True),
    Index(None, "village_id", "status"),
    Index(None, "lon", "lat"),
    # Coverage counts the notified points per village from this index alone (gis/views/coverage).
    Index(
        None,
        "commune_id",
        "village_id",
        sqlite_where=Column("notified_at").is_not(None),
        postgresql_where=Column("notified_at").is_not(None),
    ),
)

# Serials come from here, under the write lock: no gaps, no duplicates (not a DB sequence).
code_counters = Table(
    "code_counters",
    metadata,
    Column("area_number", Integer, primary_key=True, autoincrement=False),
    Column("last_serial", Integer, nullable=False),
)

# The last document number ("Số: 12/TB-UBND") a commune's letters took in a year: numbers run
# from 1 each year per issuing body (Nghị định 30/2020/NĐ-CP), taken under the batch's write.
letter_counters = Table(
    "letter_counters",
    metadata,
    Column("commune_id", Integer, ForeignKey("communes.id"), primary_key=True),
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("last_number", Integer, nullable=False),
)

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("commune_id", Integer, ForeignKey("communes.id"), nullable=False),
    Column("file_name", String(500), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("imported", Integer, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

# Append-only: every change, who made it, when, and the record before and after.
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(60), nullable=False),
    Column("entity", String(30), nullable=False),
    Column("entity_id", Integer),
    Column("before", JSON),
    Column("after", JSON),
    Index(None, "entity", "entity_id"),
)

# A print batch: what was selected, by whom, when, and each file's SHA-256.
batches = Table(
    "batches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("commune_id", Integer, ForeignKey("communes.id"), nullable=False),
    Column("label", String(40), nullable=False),  # e.g. "L2026-11-28-001", printed on sheets
    Column("purpose", String(20), nullable=False),  # "batch" or "reprint"
    Column("selection", JSON, nullable=False),
    Column("mode", String(10), nullable=False),
    Column("draft", Boolean, nullable=False),
    Column("public_url", String(200), nullable=False),
    Column("out_dir", Text, nullable=False),
    Column("files", JSON, nullable=False),  # file name -> SHA-256
    Column("actor", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("label"),
)

# One row per plate printed: the exact address text on it (a later reorganisation can make it
# stale) and its number in the checklist's walking order.
batch_items = Table(
    "batch_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("batch_id", Integer, ForeignKey("batches.id"), nullable=False),
    Column("point_id", Integer, ForeignKey("points.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("code", String(11), nullable=False),
    Column("address_text", Text, nullable=False),
    # The document number of the batch's letter to this address (None: no letters printed).
    Column("letter_number", Integer),
    UniqueConstraint("batch_id", "point_id"),
    UniqueConstraint("batch_id", "number"),
    Index(None, "point_id"),
)

# --- accounts and field work (issue 4) -----------------------------------------------------

__all__ += [
    "REPORT_REASONS",
    "ROLES",
    "credentials",
    "installations",
    "reports",
    "user_villages",
    "users",
]


# People who may change the registry from the web: officers of a commune, admins of all, and
# volunteers scoped to villages (user_villages). Revoking sets revoked_at; the row stays for the
# event log's sake.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("commune_id", Integer, ForeignKey("communes.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    CheckConstraint(_in_list("role", ROLES), name="role"),
    UniqueConstraint("name"),
)

user_villages = Table(
    "user_villages",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("village_id", Integer, ForeignKey("villages.id"), primary_key=True),
)

# One-time sign-in links, API tokens and browser sessions. The secret is shown once and kept
# only as an argon2 hash; `selector` is the public half of the secret that finds the row.
credentials = Table(
    "credentials",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("selector", String(32), nullable=False),
    Column("secret_hash", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True)),
    Column("spent_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    # A session's last request (NULL: none since it began) and its browser (migration 0011).
    Column("last_seen_at", DateTime(timezone=True)),
    Column("user_agent", String(200)),
    CheckConstraint("kind IN ('link', 'token', 'session')", name="kind"),
    Index(None, "selector", unique=True),
    Index(None, "user_id"),
)

# A volunteer's confirmation that a plate is on the wall: who, when, where, how precisely, and
# how far from the registered point. `client_id` makes a retry from the phone harmless.
installations = Table(
    "installations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("point_id", Integer, ForeignKey("points.id"), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id")),
    Column("actor", String(200), nullable=False),
    Column("client_id", String(64)),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("accuracy_m", Float, nullable=False),
    Column("distance_m", Float, nullable=False),
    Column("needs_review", Boolean, nullable=False),
    Column("note", Text),
    Column("photo", LargeBinary),
    Column("photo_type", String(40)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index(None, "point_id", "client_id", unique=True),
)

# A volunteer's report of a problem with a point; the officer closes it with a note.
reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("point_id", Integer, ForeignKey("points.id"), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id")),
    Column("actor", String(200), nullable=False),
    Column("reason", String(20), nullable=False),
    Column("note", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    Column("closed_by", String(200)),
    Column("close_note", Text),
    # Where the volunteer stood (migration 0013): a new household is reported at its door.
    Column("lat", Float),
    Column("lon", Float),
    Column("accuracy_m", Float),
    # The phone's id for the report (migration 0015): a report sent again is recorded once.
    Column("client_id", String(64)),
    CheckConstraint(_in_list("reason", REPORT_REASONS), name="reason"),
    Index(None, "point_id"),
    Index(None, "closed_at"),
    Index(None, "point_id", "client_id", unique=True),
)

# --- PostGIS (issue 6) -----------------------------------------------------------------------

__all__ += ["POSTGIS_COLUMNS", "POSTGIS_INDEXES", "coverage_counts"]

# On PostgreSQL, migration 0004 adds these generated geometry columns (EPSG:4326), computed by
# the database from lon/lat and boundary_wkb, with a GiST index each. They are not declared here:
# no code writes them, and SQLite has no such columns. Queries that use them say so.
POSTGIS_COLUMNS = {"points": ("geom",), "villages": ("boundary",)}
POSTGIS_INDEXES = {"points": ("ix_points_geom",), "villages": ("ix_villages_boundary",)}

# --- administrative reorganisations (issue 7) ------------------------------------------------

__all__ += ["reorg_changes", "reorganisations"]

# A dated reorganisation (a commune merge or rename, a district level abolished, a village
# renamed or merged) as the officer entered it. `undone_at` is set when it was undone (allowed
# until plates are printed under it); its changes then no longer count.
reorganisations = Table(
    "reorganisations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("effective", Date, nullable=False),
    Column("summary", Text, nullable=False),
    Column("details", JSON, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("undone_at", DateTime(timezone=True)),
    Column("undone_by", String(200)),
)

# Each field a reorganisation changed, with its value before and after: the current rows are
# the state now, and the address at an earlier date is found by taking back, newest first, the
# changes effective after it (gis/registry/reorg/timeline.py, `address_at`).
reorg_changes = Table(
    "reorg_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reorg_id", Integer, ForeignKey("reorganisations.id"), nullable=False),
    Column("effective", Date, nullable=False),
    Column("entity", String(20), nullable=False),  # "commune", "village" or "point"
    Column("entity_id", Integer, nullable=False),
    Column("field", String(30), nullable=False),
    Column("before", JSON),
    Column("after", JSON),
    Index(None, "entity", "entity_id"),
    Index(None, "reorg_id"),
)

# How many points each (commune, village, kind, status, review flag) holds: written only by the
# triggers on `points` that migration 0004 creates (on both backends), in the transaction of the
# change; read by coverage (gis/coverage.py) so that it never scans the points. A derived tally,
# not a record: no foreign keys, and no row left at zero.
coverage_counts = Table(
    "coverage_counts",
    metadata,
    Column("commune_id", Integer, primary_key=True, autoincrement=False),
    Column("village_id", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(20), primary_key=True),
    Column("status", String(20), primary_key=True),
    Column("needs_review", Boolean, primary_key=True),
    Column("n", Integer, nullable=False),
)

# The web's rate limits (gis/field/limits.py), kept here so that every worker and every host
# counts the same attempts: hits of one limit by one key (a client address, a user) in one time
# bucket. Transient: rows older than the previous bucket are deleted as new ones start; a
# registry merge and a copy between backends leave it out.
rate_hits = Table(
    "rate_hits",
    metadata,
    Column("name", String(20), primary_key=True),
    Column("key", String(100), primary_key=True),
    Column("bucket", Integer, primary_key=True, autoincrement=False),
    Column("hits", Integer, nullable=False),
    Index(None, "name", "bucket"),
)
