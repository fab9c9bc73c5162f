-- waymark progress database, schema version 2.
-- `progress` asks for the first change per roadmap: with this index that is one seek,
-- not a scan of the roadmap's whole history.
CREATE INDEX history_roadmap_at ON history (roadmap, at);
