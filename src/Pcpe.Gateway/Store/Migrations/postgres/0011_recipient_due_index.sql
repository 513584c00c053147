-- A lease round reads each recipient's due deliveries on its own, by this index (GatewayStore.LeaseDueAsync):
-- a recipient with a large backlog no longer makes the other recipients' rounds read through it. The old
-- index served only the single scan over every recipient's backlog, which rounds no longer make.
DROP INDEX IF EXISTS ix_deliveries_due;
CREATE INDEX IF NOT EXISTS ix_deliveries_recipient_due ON deliveries (status, recipient_id, next_attempt_at);
