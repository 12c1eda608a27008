-- A search reads a few columns of every matching document (its date and the facets it is counted under): 60,000
-- rows for a common word at 100,000 documents. Keep those rows narrow, so they fill few pages: once a row is over
-- 512 bytes, its largest texts (the plain text for snippets, the title's tokens, the summary…) are compressed or
-- stored out of line, and the columns searches count by never are. Rows written from now on; an existing row
-- narrows when it is next saved.
ALTER TABLE "documents" SET (toast_tuple_target = 512);--> statement-breakpoint
ALTER TABLE "documents" ALTER COLUMN "issuer" SET STORAGE MAIN, ALTER COLUMN "level" SET STORAGE MAIN, ALTER COLUMN "district" SET STORAGE MAIN, ALTER COLUMN "type" SET STORAGE MAIN, ALTER COLUMN "status" SET STORAGE MAIN, ALTER COLUMN "topics" SET STORAGE MAIN, ALTER COLUMN "audiences" SET STORAGE MAIN;
