-- A request record's id now names its millisecond (a version 7 UUID), so one record is found through the primary key
-- (tenant_id, at, id); the index of ids cost an insert into it for every request. Records written before this keep
-- their random ids and are still found, by a search of their tenant's records, until they expire.
DROP INDEX request_log_by_id;
