-- Sharing (issue 6). Persons are filed under a keyed hash of their INS or local identifier (person_ref):
-- the operational tables never hold the identifier itself.
ALTER TABLE submissions ADD COLUMN person_ref TEXT NULL;
-- Set when the payload was purged (erasure or retention); the document column then holds nothing.
ALTER TABLE submissions ADD COLUMN payload_purged_at INTEGER NULL;
ALTER TABLE deliveries ADD COLUMN policy_version TEXT NULL;
CREATE INDEX ix_submissions_person ON submissions (person_ref);

-- Consent registry: every version of every consent, never updated in place.
CREATE TABLE consents (
    identifier        TEXT NOT NULL,
    version           INTEGER NOT NULL,
    person_ref        TEXT NOT NULL,
    kind              TEXT NOT NULL,
    structure_finess  TEXT NOT NULL,
    status            TEXT NOT NULL,
    content_sha256    TEXT NOT NULL,
    recorded_at       INTEGER NOT NULL,
    source            TEXT NOT NULL,
    resource          BLOB NOT NULL,
    PRIMARY KEY (identifier, version)
);
CREATE INDEX ix_consents_person ON consents (person_ref);

-- Care-team memberships a person's documents give registered recipients (latest document wins).
CREATE TABLE care_team_members (
    person_ref        TEXT NOT NULL,
    recipient_id      TEXT NOT NULL,
    structure_finess  TEXT NOT NULL,
    period_start      TEXT NULL,
    period_end        TEXT NULL,
    recorded_at       INTEGER NOT NULL,
    PRIMARY KEY (person_ref, recipient_id, structure_finess)
);

-- Disclosure audit (IHE BALP): append-only, hash-chained, no foreign key into operational tables so
-- that erasure and retention never touch it.
CREATE TABLE audit_events (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    recorded_at       INTEGER NOT NULL,
    person_ref        TEXT NOT NULL,
    outcome           TEXT NOT NULL,
    recipient_id      TEXT NOT NULL,
    delivery_id       TEXT NOT NULL,
    kind              TEXT NOT NULL,
    document_id       TEXT NOT NULL,
    document_version  INTEGER NOT NULL,
    legal_basis       TEXT NULL,
    reason            TEXT NULL,
    policy_version    TEXT NULL,
    event             TEXT NOT NULL,
    prev_hash         TEXT NOT NULL,
    hash              TEXT NOT NULL
);
CREATE INDEX ix_audit_person ON audit_events (person_ref, seq);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER consents_no_update BEFORE UPDATE ON consents BEGIN SELECT RAISE(ABORT, 'consents keep every version'); END;
