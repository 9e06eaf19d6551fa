CREATE TABLE "import_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"deployment_id" uuid NOT NULL,
	"environment" text NOT NULL,
	"target_version" integer NOT NULL,
	"file_sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"file_size" bigint NOT NULL,
	"profile" text,
	"mapping" jsonb NOT NULL,
	"source_system" text NOT NULL,
	"max_rejects" jsonb,
	"status" text DEFAULT 'queued' NOT NULL,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"progress" jsonb,
	"result" jsonb,
	"rejects_by_reason" jsonb,
	"rejects_sha256" text,
	"rejects_size" bigint,
	"error" text,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"started_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_targets" (
	"deployment_id" uuid NOT NULL,
	"environment" text NOT NULL,
	"workspace_id" uuid NOT NULL,
	"url_sealed" text NOT NULL,
	"schema" text NOT NULL,
	"restricted" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_targets_deployment_id_environment_pk" PRIMARY KEY("deployment_id","environment")
);
--> statement-breakpoint
CREATE TABLE "reconciliations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"deployment_id" uuid NOT NULL,
	"environment" text NOT NULL,
	"target_version" integer NOT NULL,
	"import_run_ids" uuid[] NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"ok" boolean,
	"result" jsonb,
	"error" text,
	"requested_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "import_runs" ADD CONSTRAINT "import_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_runs" ADD CONSTRAINT "import_runs_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_runs" ADD CONSTRAINT "import_runs_file_sha256_blobs_sha256_fk" FOREIGN KEY ("file_sha256") REFERENCES "public"."blobs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_runs" ADD CONSTRAINT "import_runs_rejects_sha256_blobs_sha256_fk" FOREIGN KEY ("rejects_sha256") REFERENCES "public"."blobs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_runs" ADD CONSTRAINT "import_runs_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_targets" ADD CONSTRAINT "import_targets_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_targets" ADD CONSTRAINT "import_targets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_targets" ADD CONSTRAINT "import_targets_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliations" ADD CONSTRAINT "reconciliations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliations" ADD CONSTRAINT "reconciliations_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliations" ADD CONSTRAINT "reconciliations_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_runs_deployment" ON "import_runs" USING btree ("deployment_id","created_at");--> statement-breakpoint
CREATE INDEX "reconciliations_deployment" ON "reconciliations" USING btree ("deployment_id","created_at");--> statement-breakpoint
-- Existing workspaces get the migration permissions of auth/permissions.ts's default role map (new ones are seeded at setup).
INSERT INTO "role_permissions" ("workspace_id", "role_key", "permission")
SELECT w.id, r.role_key, r.permission
FROM "workspaces" w
CROSS JOIN (VALUES
	('owner', 'migration.read'), ('owner', 'migration.run'),
	('admin', 'migration.read'), ('admin', 'migration.run'),
	('solutions_architect', 'migration.read'), ('solutions_architect', 'migration.run'),
	('implementation_engineer', 'migration.read'), ('implementation_engineer', 'migration.run'),
	('customer_success_manager', 'migration.read'),
	('support_engineer', 'migration.read'),
	('it_director', 'migration.read'),
	('business_sponsor', 'migration.read'),
	('super_admin', 'migration.read')
) AS r(role_key, permission)
ON CONFLICT DO NOTHING;
