-- Which gateway instance made each attempt (several instances share the queue on PostgreSQL).
ALTER TABLE delivery_attempts ADD COLUMN worker TEXT NULL;
