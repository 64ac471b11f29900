-- soudan's first schema. Times are Unix milliseconds (UTC) in BIGINT
-- columns, the same on SQLite and PostgreSQL.

-- Editors' "not a duplicate" decisions, keyed by both entries' content
-- hashes (a_hash < b_hash), so a mark lapses when either entry changes.
CREATE TABLE marks (
    a_hash    TEXT   NOT NULL,
    b_hash    TEXT   NOT NULL,
    a_id      TEXT   NOT NULL DEFAULT '',
    b_id      TEXT   NOT NULL DEFAULT '',
    a_title   TEXT   NOT NULL DEFAULT '',
    b_title   TEXT   NOT NULL DEFAULT '',
    marked_at BIGINT NOT NULL,
    PRIMARY KEY (a_hash, b_hash)
);

-- Change counters: "marks" grows on every change of the marks table, so a
-- replica can tell with one read whether its copy is stale.
CREATE TABLE counters (
    name  TEXT   PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('marks', 0);

-- Marks files imported from earlier versions, each once.
CREATE TABLE imports (
    source      TEXT   PRIMARY KEY,
    imported_at BIGINT NOT NULL,
    count       BIGINT NOT NULL
);

-- Finished searches from the staff page. query is already masked.
CREATE TABLE searches (
    id         TEXT   PRIMARY KEY,
    at         BIGINT NOT NULL,
    query      TEXT   NOT NULL,
    confidence TEXT   NOT NULL,
    results    TEXT   NOT NULL,
    event      TEXT   NOT NULL
);
CREATE INDEX searches_at ON searches (at);

-- Staff feedback on a search: "helpful" names the entry that answered the
-- call, "none" says the manual had no answer.
CREATE TABLE feedback (
    id        TEXT   PRIMARY KEY,
    search_id TEXT   NOT NULL REFERENCES searches (id) ON DELETE CASCADE,
    at        BIGINT NOT NULL,
    verdict   TEXT   NOT NULL,
    entry_id  TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX feedback_at ON feedback (at);
CREATE INDEX feedback_search ON feedback (search_id);
