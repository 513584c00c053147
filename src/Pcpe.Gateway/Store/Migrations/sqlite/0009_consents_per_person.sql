-- A consent's versions are counted per person. A structure's care-team sharing record has one identifier
-- for all its persons ("{FINESS}/care-team-sharing"), so keyed by identifier alone every person's record
-- was a new version of the same consent: the history grew with every push of the structure, a re-pushed
-- document added a version, and on PostgreSQL all the structure's pushes queued on one lock.
-- Existing version numbers are kept (the audit trail may cite them): they still increase per person.
CREATE TABLE consents_per_person (
    person_ref        TEXT NOT NULL,
    identifier        TEXT NOT NULL,
    version           INTEGER NOT NULL,
    kind              TEXT NOT NULL,
    structure_finess  TEXT NOT NULL,
    status            TEXT NOT NULL,
    content_sha256    TEXT NOT NULL,
    recorded_at       INTEGER NOT NULL,
    source            TEXT NOT NULL,
    resource          BLOB NOT NULL,
    PRIMARY KEY (person_ref, identifier, version)
);
INSERT INTO consents_per_person (person_ref, identifier, version, kind, structure_finess, status, content_sha256, recorded_at, source, resource)
SELECT person_ref, identifier, version, kind, structure_finess, status, content_sha256, recorded_at, source, resource FROM consents;
DROP TABLE consents;
ALTER TABLE consents_per_person RENAME TO consents;
CREATE TRIGGER consents_no_update BEFORE UPDATE ON consents BEGIN SELECT RAISE(ABORT, 'consents keep every version'); END;
