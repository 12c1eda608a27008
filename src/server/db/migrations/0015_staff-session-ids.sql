-- 账户安全 lists a staff member's sessions and ends one by its id: a public name for a session that is not its token's
-- hash. Existing sessions get an id here and 'other' as their device (it was not read when they started). Adds only:
-- the release before, which names none of these columns, keeps working beside this one.
ALTER TABLE "staff_sessions" ADD COLUMN "id" integer NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "staff_sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "staff_sessions" ADD COLUMN "browser" text DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE "staff_sessions" ADD COLUMN "system" text DEFAULT 'other' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_sessions_id_key" ON "staff_sessions" USING btree ("id");