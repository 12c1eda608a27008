CREATE TABLE "document_relations" (
	"from_id" integer NOT NULL,
	"to_id" integer NOT NULL,
	"kind" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "helpful_votes" (
	"target_kind" text NOT NULL,
	"target_id" integer NOT NULL,
	"device_hash" text NOT NULL,
	"helpful" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "interpretations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "interpretations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"document_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"interpreter_type" text NOT NULL,
	"interpreter_name" text NOT NULL,
	"sections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"faq" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"images" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"video" jsonb,
	"published_at" timestamp with time zone,
	"helpful_yes" integer DEFAULT 0 NOT NULL,
	"helpful_no" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "questions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"document_id" integer NOT NULL,
	"text" text NOT NULL,
	"display_name" text,
	"contact" text,
	"receipt_number" text NOT NULL,
	"receipt_token_hash" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"simple" boolean DEFAULT false NOT NULL,
	"due_on" date NOT NULL,
	"answer" text,
	"answered_by" text,
	"answered_at" timestamp with time zone,
	"reject_reason" text,
	"is_faq" boolean DEFAULT false NOT NULL,
	"helpful_yes" integer DEFAULT 0 NOT NULL,
	"helpful_no" integer DEFAULT 0 NOT NULL,
	"search_tokens" text DEFAULT '' NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', search_tokens)) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topic_bundles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "topic_bundles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"published_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "documents" drop column "search_vector";--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "service_links" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "interpretation_waiver" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "plain_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "title_tokens" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', title_tokens), 'A') || to_tsvector('simple', search_tokens)) STORED;--> statement-breakpoint
ALTER TABLE "document_relations" ADD CONSTRAINT "document_relations_from_id_documents_id_fk" FOREIGN KEY ("from_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_relations" ADD CONSTRAINT "document_relations_to_id_documents_id_fk" FOREIGN KEY ("to_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interpretations" ADD CONSTRAINT "interpretations_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "document_relations_key" ON "document_relations" USING btree ("from_id","to_id","kind");--> statement-breakpoint
CREATE INDEX "document_relations_to_idx" ON "document_relations" USING btree ("to_id");--> statement-breakpoint
CREATE UNIQUE INDEX "helpful_votes_key" ON "helpful_votes" USING btree ("target_kind","target_id","device_hash");--> statement-breakpoint
CREATE INDEX "interpretations_document_idx" ON "interpretations" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "interpretations_published_idx" ON "interpretations" USING btree ("published_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "questions_receipt_key" ON "questions" USING btree ("receipt_number");--> statement-breakpoint
CREATE INDEX "questions_document_idx" ON "questions" USING btree ("document_id","status");--> statement-breakpoint
CREATE INDEX "questions_queue_idx" ON "questions" USING btree ("status","due_on");--> statement-breakpoint
CREATE INDEX "questions_search_idx" ON "questions" USING gin ("search_vector");--> statement-breakpoint
CREATE UNIQUE INDEX "topic_bundles_slug_key" ON "topic_bundles" USING btree ("slug");--> statement-breakpoint
-- dropping the generated column above dropped its GIN index too; drizzle-kit does not know that
CREATE INDEX IF NOT EXISTS "documents_search_idx" ON "documents" USING gin ("search_vector");