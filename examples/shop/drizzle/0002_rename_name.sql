ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";--> statement-breakpoint
CREATE INDEX "orders_status_idx" ON "orders" USING btree ("status");