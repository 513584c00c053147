-- A replayed dead letter gets a fresh retry budget; attempt numbers keep increasing for the history.
ALTER TABLE deliveries ADD COLUMN attempts_before_replay INTEGER NOT NULL DEFAULT 0;
