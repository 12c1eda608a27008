-- pg_trgm: substring matches of 3+ characters (titles, issuers). Available in PGlite as a contrib extension.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
