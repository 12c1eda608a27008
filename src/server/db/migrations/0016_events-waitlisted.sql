-- How many registrations each event has waitlisted, kept on the event row under its lock (repositories/events.ts):
-- a waitlisted sign-up learns its place from its own statement, and an event's page counts nothing. Counted here
-- once. The release before does not keep this count: roll every process at once (docs/architecture.md).
ALTER TABLE "events" ADD COLUMN "waitlisted" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "events" SET "waitlisted" = (SELECT count(*) FROM "event_registrations" r WHERE r."event_id" = "events"."id" AND r."status" = 'waitlisted');--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_waitlisted_check" CHECK ("events"."waitlisted" >= 0);
