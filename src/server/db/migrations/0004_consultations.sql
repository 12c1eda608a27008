CREATE TABLE "consultation_articles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultation_articles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"version_id" integer NOT NULL,
	"anchor" text NOT NULL,
	"position" integer NOT NULL,
	"number" text NOT NULL,
	"chapter" text,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consultation_comments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultation_comments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"consultation_id" integer NOT NULL,
	"version_id" integer NOT NULL,
	"article_anchor" text,
	"body" text NOT NULL,
	"commenter_type" text NOT NULL,
	"display_name" text,
	"contact" text,
	"consent" boolean DEFAULT false NOT NULL,
	"receipt_number" text NOT NULL,
	"receipt_token_hash" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reject_reason" text,
	"moderated_at" timestamp with time zone,
	"moderated_by" integer,
	"reply" text,
	"replied_at" timestamp with time zone,
	"decision" text,
	"decision_reason" text,
	"decision_article_anchor" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consultation_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultation_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"consultation_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consultations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"interpretation" text DEFAULT '' NOT NULL,
	"department" text NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"document_id" integer,
	"major_decision" boolean DEFAULT false NOT NULL,
	"stages" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"main_changes" text DEFAULT '' NOT NULL,
	"report_published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consultation_articles" ADD CONSTRAINT "consultation_articles_version_id_consultation_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."consultation_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_comments" ADD CONSTRAINT "consultation_comments_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_comments" ADD CONSTRAINT "consultation_comments_version_id_consultation_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."consultation_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_comments" ADD CONSTRAINT "consultation_comments_moderated_by_staff_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."staff"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_versions" ADD CONSTRAINT "consultation_versions_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_articles_anchor_key" ON "consultation_articles" USING btree ("version_id","anchor");--> statement-breakpoint
CREATE INDEX "consultation_articles_position_idx" ON "consultation_articles" USING btree ("version_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_comments_receipt_key" ON "consultation_comments" USING btree ("receipt_number");--> statement-breakpoint
CREATE INDEX "consultation_comments_list_idx" ON "consultation_comments" USING btree ("consultation_id","status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_versions_seq_key" ON "consultation_versions" USING btree ("consultation_id","seq");--> statement-breakpoint
CREATE INDEX "consultations_closes_idx" ON "consultations" USING btree ("closes_at");