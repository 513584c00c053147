-- The console's intake per hour reads the submissions of the last days by this index
-- (GatewayStore.SubmissionsPerHourAsync), not through the whole table.
CREATE INDEX IF NOT EXISTS ix_submissions_received ON submissions (received_at);
