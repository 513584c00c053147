CREATE TABLE submissions (
    id                TEXT PRIMARY KEY,
    client_id         TEXT NOT NULL,
    kind              TEXT NOT NULL,
    document_id       TEXT NOT NULL,
    document_version  INTEGER NOT NULL,
    idempotency_key   TEXT NULL,
    content_sha256    TEXT NOT NULL,
    structure_finess  TEXT NOT NULL,
    received_at       INTEGER NOT NULL,
    document          BLOB NOT NULL
);
CREATE UNIQUE INDEX ux_submissions_document ON submissions (client_id, kind, document_id, document_version);
CREATE UNIQUE INDEX ux_submissions_idempotency ON submissions (client_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE TABLE deliveries (
    id               TEXT PRIMARY KEY,
    submission_id    TEXT NOT NULL REFERENCES submissions (id),
    recipient_id     TEXT NOT NULL,
    channel          TEXT NOT NULL,
    status           TEXT NOT NULL,
    legal_basis      TEXT NULL,
    decision_reason  TEXT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    lease_owner      TEXT NULL,
    lease_until      INTEGER NULL,
    last_error       TEXT NULL,
    delivered_at     INTEGER NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    payload          BLOB NULL
);
CREATE INDEX ix_deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX ix_deliveries_submission ON deliveries (submission_id);
CREATE TABLE delivery_attempts (
    delivery_id  TEXT NOT NULL REFERENCES deliveries (id),
    attempt      INTEGER NOT NULL,
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER NOT NULL,
    outcome      TEXT NOT NULL,
    detail       TEXT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
