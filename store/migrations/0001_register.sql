-- The register: editors (hashed keys), imports, append-only figure versions, saved scenarios.
-- {id} is the engine's auto-numbered primary key (store/db.py fills it in).
-- Times are ISO 8601 UTC text ("2026-12-03T09:30:00.123456Z"): identical on both engines
-- and in a dump.
CREATE TABLE editors (
    id {id},
    department TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('editor', 'reviewer')),
    key_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (department, role)
);

CREATE TABLE imports (
    id {id},
    department TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    n_rows INTEGER NOT NULL,
    imported_at TEXT NOT NULL
);

CREATE TABLE observations (
    id {id},
    indicator_id TEXT NOT NULL,
    year INTEGER NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    unit TEXT NOT NULL,
    source_note TEXT NOT NULL,
    department TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('entered', 'reviewed')),
    reviewed_by TEXT,
    import_id INTEGER REFERENCES imports (id)
);
CREATE INDEX observations_figure ON observations (indicator_id, year, id);

CREATE TABLE scenarios (
    id {id},
    name TEXT NOT NULL,
    params TEXT NOT NULL,
    link TEXT NOT NULL,
    department TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
