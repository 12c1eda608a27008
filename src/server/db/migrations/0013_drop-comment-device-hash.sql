DROP INDEX "consultation_comments_device_idx";--> statement-breakpoint
ALTER TABLE "consultation_comments" DROP COLUMN "device_hash";