-- Changes Kaspi accepted that a newer change replaced before the storefront showed them were left
-- 'pushed' with verified_at set; they have a status of their own now.
UPDATE "price_history" SET "status" = 'superseded'
WHERE "status" = 'pushed' AND "verified_at" IS NOT NULL AND "error" = 'Replaced by a newer change before the storefront showed it.';
