-- Sharing (issue 6). Persons are filed under a keyed hash of their INS or local identifier (person_ref):
-- the operational tables never hold the identifier itself.
ALTER TABLE submissions ADD COLUMN person_ref TEXT NULL;
-- Set when the payload was purged (erasure or retention); the document column then holds nothing.
ALTER TABLE submissions ADD COLUMN payload_purged_at BIGINT NULL;
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
    recorded_at       BIGINT NOT NULL,
    source            TEXT NOT NULL,
    resource          BYTEA NOT NULL,
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
    recorded_at       BIGINT NOT NULL,
    PRIMARY KEY (person_ref, recipient_id, structure_finess)
);

-- Disclosure audit (IHE BALP): append-only, hash-chained, no foreign key into operational tables so
-- that erasure and retention never touch it. Grant the gateway's role INSERT and SELECT only on it
-- where the database allows.
CREATE TABLE audit_events (
    seq               BIGSERIAL PRIMARY KEY,
    recorded_at       BIGINT NOT NULL,
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
CREATE FUNCTION pcpe_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION pcpe_append_only();
CREATE TRIGGER consents_append_only BEFORE UPDATE ON consents FOR EACH ROW EXECUTE FUNCTION pcpe_append_only();
