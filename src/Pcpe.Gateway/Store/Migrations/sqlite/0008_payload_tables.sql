-- Documents and delivery payloads (encrypted, tens of KB) move to tables of their own. Columns added to
-- submissions and deliveries after them sat behind the BLOB: reading a person_ref or an address went
-- through its overflow pages, and every status change of a delivery rewrote its payload.
-- A purged document or payload is now a missing row (payload_purged_at still says when).
CREATE TABLE submission_documents (
    submission_id  TEXT PRIMARY KEY REFERENCES submissions (id),
    document       BLOB NOT NULL
);
INSERT INTO submission_documents (submission_id, document) SELECT id, document FROM submissions WHERE LENGTH(document) > 0;
CREATE TABLE delivery_payloads (
    delivery_id  TEXT PRIMARY KEY REFERENCES deliveries (id),
    payload      BLOB NOT NULL
);
INSERT INTO delivery_payloads (delivery_id, payload) SELECT id, payload FROM deliveries WHERE payload IS NOT NULL;
-- DROP COLUMN rewrites the tables, so the remaining columns are stored together again.
ALTER TABLE submissions DROP COLUMN document;
ALTER TABLE deliveries DROP COLUMN payload;
