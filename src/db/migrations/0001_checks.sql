CREATE TABLE "alert_webhooks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"deployment_id" uuid NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"restricted" boolean DEFAULT false NOT NULL,
	"last_delivery_at" timestamp with time zone,
	"last_delivery_status" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "check_hours" (
	"check_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"runs" integer NOT NULL,
	"pass" integer NOT NULL,
	"warn" integer NOT NULL,
	"fail" integer NOT NULL,
	"error" integer NOT NULL,
	"latency_sum" bigint NOT NULL,
	"latency_histogram" integer[] NOT NULL,
	CONSTRAINT "check_hours_check_id_hour_pk" PRIMARY KEY("check_id","hour")
);
--> statement-breakpoint
CREATE TABLE "check_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"check_id" uuid NOT NULL,
	"slot_at" timestamp with time zone NOT NULL,
	"trigger" text NOT NULL,
	"status" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"latency_ms" integer,
	"message" text,
	"measurements" jsonb,
	"requested_by" uuid,
	CONSTRAINT "check_runs_slot" UNIQUE("check_id","slot_at")
);
--> statement-breakpoint
CREATE TABLE "check_segments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"check_id" uuid NOT NULL,
	"state" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"message" text
);
--> statement-breakpoint
CREATE TABLE "checks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"deployment_id" uuid NOT NULL,
	"item_key" text,
	"on_pass" text DEFAULT 'evidence' NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"config" jsonb NOT NULL,
	"secrets" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"config_hash" text NOT NULL,
	"secrets_version" integer DEFAULT 0 NOT NULL,
	"timeout_ms" integer,
	"interval_seconds" integer,
	"enabled" boolean DEFAULT true NOT NULL,
	"slo_target" double precision DEFAULT 99.9 NOT NULL,
	"criterion_measure" text,
	"criterion_threshold" double precision,
	"criterion_judged_until" timestamp with time zone,
	"restricted" boolean DEFAULT false NOT NULL,
	"schedule_epoch" integer DEFAULT 0 NOT NULL,
	"next_run_at" timestamp with time zone,
	"last_run_at" timestamp with time zone,
	"last_slot_at" timestamp with time zone,
	"last_status" text,
	"last_message" text,
	"last_latency_ms" integer,
	"segment_state" text,
	"evidenced_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checks_deployment_name" UNIQUE("deployment_id","name")
);
--> statement-breakpoint
CREATE TABLE "maintenance_windows" (
	"id" uuid PRIMARY KEY NOT NULL,
	"deployment_id" uuid NOT NULL,
	"check_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "allow_private_check_targets" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_webhooks" ADD CONSTRAINT "alert_webhooks_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_webhooks" ADD CONSTRAINT "alert_webhooks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_hours" ADD CONSTRAINT "check_hours_check_id_checks_id_fk" FOREIGN KEY ("check_id") REFERENCES "public"."checks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_runs" ADD CONSTRAINT "check_runs_check_id_checks_id_fk" FOREIGN KEY ("check_id") REFERENCES "public"."checks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_runs" ADD CONSTRAINT "check_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_segments" ADD CONSTRAINT "check_segments_check_id_checks_id_fk" FOREIGN KEY ("check_id") REFERENCES "public"."checks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checks" ADD CONSTRAINT "checks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checks" ADD CONSTRAINT "checks_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checks" ADD CONSTRAINT "checks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_check_id_checks_id_fk" FOREIGN KEY ("check_id") REFERENCES "public"."checks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_webhooks_deployment" ON "alert_webhooks" USING btree ("deployment_id");--> statement-breakpoint
CREATE INDEX "check_segments_check" ON "check_segments" USING btree ("check_id","started_at");--> statement-breakpoint
CREATE INDEX "checks_deployment" ON "checks" USING btree ("deployment_id","created_at");--> statement-breakpoint
CREATE INDEX "maintenance_windows_deployment" ON "maintenance_windows" USING btree ("deployment_id","starts_at");--> statement-breakpoint
-- Existing workspaces get the check permissions of auth/permissions.ts's default role map (new ones are seeded at setup).
INSERT INTO "role_permissions" ("workspace_id", "role_key", "permission")
SELECT w.id, r.role_key, r.permission
FROM "workspaces" w
CROSS JOIN (VALUES
	('owner', 'check.manage'), ('owner', 'check.run'),
	('admin', 'check.manage'), ('admin', 'check.run'),
	('solutions_architect', 'check.manage'), ('solutions_architect', 'check.run'),
	('implementation_engineer', 'check.manage'), ('implementation_engineer', 'check.run'),
	('customer_success_manager', 'check.manage'), ('customer_success_manager', 'check.run'),
	('support_engineer', 'check.manage'), ('support_engineer', 'check.run'),
	('it_director', 'check.manage'), ('it_director', 'check.run'),
	('business_sponsor', 'check.run'),
	('super_admin', 'check.run')
) AS r(role_key, permission)
ON CONFLICT DO NOTHING;
