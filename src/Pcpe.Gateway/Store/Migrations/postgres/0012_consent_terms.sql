-- What a sharing decision reads of each consent (ConsentTermsJson, encrypted like the resource), written with the
-- consent: deciding no longer parses the FHIR Consent again. Null for versions recorded before this migration,
-- and ignored when written under another format: those are read from their resource.
ALTER TABLE consents ADD COLUMN terms bytea;
