-- What the receiver said after acceptance: a DSN (bounce or delivered) or an MDN (processed / error).
ALTER TABLE deliveries ADD COLUMN receipt TEXT NULL;
