-- PostgreSQL only: how it stores the encrypted blobs (see postgres/0010). Nothing changes on SQLite; the
-- version is recorded so both stores list the same migrations.
SELECT 1;
