"""The view's tables. Plain TEXT dates and timestamps (ISO, fixed width, UTC) compare
correctly as strings on both SQLite and PostgreSQL, so one set of SQL serves both."""

# The view's layout and what the projection writes into it. When either changes, this number
# goes up, and a store whose views an earlier release made rebuilds them from the log (which
# never changes) the first time it is opened: see TimelineViewMixin.ensure_version.
# 1: release 0.1. 2, 3, 4: release 0.2 in the making (windows and notes; who an action is about;
# publication days of sources and revisions, for the reported clock). 5, 6: release 0.4 (an
# expulsion its own aspect; who recorded each action and revision). 7: causal links.
VIEW_VERSION = 7
VIEW_TABLES = (
    "dtl_actions", "dtl_action_actors", "dtl_action_pairs", "dtl_revisions", "dtl_sources",
    "dtl_measures", "dtl_observations", "dtl_links",
)  # fmt: skip

DDL = [
    """CREATE TABLE IF NOT EXISTS dtl_actions (
        id TEXT PRIMARY KEY, position BIGINT NOT NULL, key TEXT NOT NULL, type TEXT NOT NULL,
        family TEXT NOT NULL, effect TEXT NOT NULL, by_codes TEXT NOT NULL, target TEXT NOT NULL,
        forum TEXT, on_text TEXT NOT NULL, on_lo TEXT NOT NULL, on_hi TEXT NOT NULL,
        cameo TEXT NOT NULL, goldstein DOUBLE PRECISION NOT NULL, quad_class INTEGER NOT NULL, plover TEXT,
        payload TEXT NOT NULL, recorded_at TEXT NOT NULL, revised_at TEXT NOT NULL,
        revision INTEGER NOT NULL, retracted INTEGER NOT NULL, recorded_by TEXT)""",
    "CREATE INDEX IF NOT EXISTS dtl_actions_on ON dtl_actions (on_lo)",
    "CREATE INDEX IF NOT EXISTS dtl_actions_type ON dtl_actions (type)",
    """CREATE TABLE IF NOT EXISTS dtl_action_actors (
        action_id TEXT NOT NULL, actor TEXT NOT NULL, PRIMARY KEY (actor, action_id))""",
    # Every pair an action concerns (questions/common.py, action_pairs); `affects` marks those
    # its measure lives on, which are the ones the view re-folds it into.
    """CREATE TABLE IF NOT EXISTS dtl_action_pairs (
        action_id TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, affects INTEGER NOT NULL,
        PRIMARY KEY (a, b, action_id))""",
    """CREATE TABLE IF NOT EXISTS dtl_revisions (
        action_id TEXT NOT NULL, revision INTEGER NOT NULL, position BIGINT NOT NULL,
        recorded_at TEXT NOT NULL, retracted INTEGER NOT NULL, reason TEXT, payload TEXT NOT NULL,
        changes TEXT, published_by TEXT, recorded_by TEXT,
        PRIMARY KEY (action_id, revision))""",
    # changes: a correction's fields (sealed like the payload), so an answer "as reported at R"
    # can apply only the corrections reported by R; published_by: as for dtl_sources, of the
    # correction's or retraction's own source.
    # Every source of every action, the first ones and those added later (corroborations), with
    # the grade split so "at least B2" is two comparisons, and published_by, the last day its
    # publication date allows ("2024-08" -> 2024-08-31), so "reported by R" is one comparison.
    # The payload (name, URL, quote) is sealed on an encrypted store; grade and day are not.
    """CREATE TABLE IF NOT EXISTS dtl_sources (
        action_id TEXT NOT NULL, seq INTEGER NOT NULL, position BIGINT NOT NULL,
        recorded_at TEXT NOT NULL, reliability TEXT, credibility TEXT, payload TEXT NOT NULL,
        published_by TEXT, PRIMARY KEY (action_id, seq))""",
    # Why: each action and the actions it answered (given when recorded, or linked later).
    """CREATE TABLE IF NOT EXISTS dtl_links (
        action_id TEXT NOT NULL, responds_to TEXT NOT NULL, position BIGINT NOT NULL,
        recorded_at TEXT NOT NULL, PRIMARY KEY (action_id, responds_to))""",
    "CREATE INDEX IF NOT EXISTS dtl_links_answered ON dtl_links (responds_to)",
    """CREATE TABLE IF NOT EXISTS dtl_measures (
        a TEXT NOT NULL, b TEXT NOT NULL, aspect TEXT NOT NULL, holder TEXT, forum TEXT,
        status TEXT NOT NULL, since_text TEXT NOT NULL, since_lo TEXT NOT NULL,
        since_hi TEXT NOT NULL, until_text TEXT, until_lo TEXT, until_hi TEXT,
        opened_by TEXT NOT NULL, closed_by TEXT, initiators TEXT NOT NULL, scope TEXT,
        condition TEXT, signature TEXT NOT NULL, known_from TEXT NOT NULL, known_to TEXT,
        notes TEXT, announced INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX IF NOT EXISTS dtl_measures_pair ON dtl_measures (a, b, known_to)",
    "CREATE INDEX IF NOT EXISTS dtl_measures_b ON dtl_measures (b, known_to)",
    # A holder's measures on pairs it is no side of (a veto in NATO): see common.measure_clause.
    "CREATE INDEX IF NOT EXISTS dtl_measures_holder ON dtl_measures (holder, known_to)",
    """CREATE TABLE IF NOT EXISTS dtl_observations (
        position BIGINT PRIMARY KEY, id TEXT NOT NULL, system TEXT NOT NULL,
        source_id TEXT NOT NULL, on_day TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL,
        actor1 TEXT NOT NULL, actor2 TEXT NOT NULL, actor1_code TEXT, actor2_code TEXT,
        cameo TEXT NOT NULL, goldstein DOUBLE PRECISION NOT NULL, quad_class INTEGER NOT NULL, plover TEXT,
        published TEXT, url TEXT, mentions INTEGER, tone DOUBLE PRECISION, recorded_at TEXT NOT NULL)""",
    # One index only: the pair's observations by day. Every extra index slows catch-up.
    "CREATE INDEX IF NOT EXISTS dtl_observations_pair ON dtl_observations (a, b, on_day)",
    # What the store is, decided once when it is created (e.g. whether its events are encrypted):
    # not a projection of the log, so verify does not rebuild it.
    """CREATE TABLE IF NOT EXISTS dtl_store (name TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    # Each source's own data key on an encrypted store, sealed under the store's key; once
    # shredded, only the tombstone (id, action, when) is left. Not a projection either: it is
    # what makes the log's sealed sources readable (application/source_keys.py).
    """CREATE TABLE IF NOT EXISTS dtl_source_keys (
        id TEXT PRIMARY KEY, action_id TEXT NOT NULL, sealed TEXT, created_at TEXT NOT NULL,
        shredded_at TEXT)""",
]
