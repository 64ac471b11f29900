-- The verdicts that a later verdict replaced (or that arrived after a
-- later one), kept so that a verdict arriving out of order still meets
-- every verdict the search was given: the latest wins whatever the order
-- of arrival. They hold no text; they go with their search, and with the
-- retention like the feedback.
CREATE TABLE feedback_replaced (
    id        TEXT   PRIMARY KEY,
    search_id TEXT   NOT NULL REFERENCES searches (id) ON DELETE CASCADE,
    at        BIGINT NOT NULL,
    verdict   TEXT   NOT NULL,
    entry_id  TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX feedback_replaced_at ON feedback_replaced (at);
CREATE INDEX feedback_replaced_search ON feedback_replaced (search_id);
