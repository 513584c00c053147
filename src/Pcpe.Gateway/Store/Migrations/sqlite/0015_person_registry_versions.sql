-- The version of each person's registry (consents, care-team memberships): every write of it that can narrow
-- sharing adds one, and a submission whose deliveries were decided from an older version is not stored (its
-- intake decides again).
CREATE TABLE person_registry_versions (
    person_ref        TEXT PRIMARY KEY,
    version           BIGINT NOT NULL
);
