-- Documents, payloads and consents are compressed and encrypted by the gateway: PostgreSQL cannot shrink
-- them further. By default a row over about 2 KB went to TOAST: pglz tried to compress the bytes first, in
-- vain, then wrote them out of line (a TOAST table row and its index entry per 2 KB chunk). The two blob
-- inserts were 60 % of a submission's execution time in pg_stat_statements. Rows up to a page now stay in
-- the table; larger ones go out of line without the compression attempt (EXTERNAL).
ALTER TABLE submission_documents SET (toast_tuple_target = 8160);
ALTER TABLE submission_documents ALTER COLUMN document SET STORAGE EXTERNAL;
ALTER TABLE delivery_payloads SET (toast_tuple_target = 8160);
ALTER TABLE delivery_payloads ALTER COLUMN payload SET STORAGE EXTERNAL;
ALTER TABLE consents SET (toast_tuple_target = 8160);
ALTER TABLE consents ALTER COLUMN resource SET STORAGE EXTERNAL;
