-- The ids a "create only" receiver assigned to what it was sent, so that the next version updates them. The
-- address (the entry's conditional URL, which names the person's identifiers) is kept as a keyed hash only;
-- person_ref lets an erasure remove a person's rows.
CREATE TABLE receiver_ids (
    recipient_id      TEXT NOT NULL,
    address_ref       TEXT NOT NULL,
    receiver_id       TEXT NOT NULL,
    person_ref        TEXT NULL,
    recorded_at       BIGINT NOT NULL,
    PRIMARY KEY (recipient_id, address_ref)
);
CREATE INDEX ix_receiver_ids_person ON receiver_ids (person_ref);
