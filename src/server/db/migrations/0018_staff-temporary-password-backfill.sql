-- A temporary password given before 0017 expires as one given after would: 72 hours after it was given.
-- A generated first admin's that has expired unused is renewed at the next start (services/bootstrap.ts).
UPDATE "staff" SET "temporary_password_expires_at" = "password_must_change_at" + interval '72 hours'
WHERE "temporary_password_expires_at" IS NULL AND "password_must_change_at" IS NOT NULL;
