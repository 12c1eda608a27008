ALTER TABLE "documents" ADD COLUMN "title_en" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "body_en" text;