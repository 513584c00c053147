-- What the person was told and chose about sharing (JSON), kept so the legal basis can be decided again at send time.
ALTER TABLE submissions ADD COLUMN sharing TEXT NULL;
