-- Keys the store keeps itself, sealed with the payload key (re-sealed with the current one after a rotation):
-- 'person-reference' files persons under an HMAC that rotating the payload key does not change.
CREATE TABLE store_keys (
    name              TEXT PRIMARY KEY,
    sealed            BLOB NOT NULL
);
