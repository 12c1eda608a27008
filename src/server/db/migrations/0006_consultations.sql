CREATE TABLE "decision_catalogues" (
	"year" integer PRIMARY KEY NOT NULL,
	"published_on" date NOT NULL,
	"issuer" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "major_decision_changes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "major_decision_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"decision_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"change" text NOT NULL,
	"reason" text NOT NULL,
	"staff_id" integer
);
--> statement-breakpoint
CREATE TABLE "major_decisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "major_decisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"year" integer NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"department" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"stage" text NOT NULL,
	"status" text DEFAULT 'listed' NOT NULL,
	"consultation_id" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "major_decision_changes" ADD CONSTRAINT "major_decision_changes_decision_id_major_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."major_decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "major_decision_changes" ADD CONSTRAINT "major_decision_changes_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "major_decisions" ADD CONSTRAINT "major_decisions_year_decision_catalogues_year_fk" FOREIGN KEY ("year") REFERENCES "public"."decision_catalogues"("year") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "major_decisions" ADD CONSTRAINT "major_decisions_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "major_decision_changes_decision_idx" ON "major_decision_changes" USING btree ("decision_id","at");--> statement-breakpoint
CREATE INDEX "major_decisions_year_idx" ON "major_decisions" USING btree ("year","position");