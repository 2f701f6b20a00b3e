-- Issue 12: what an app keeps between releases (readiness path, smoke checks, drain, jvmArgs, args, env), as the JSON
-- of AppSettingsJson. NULL: the defaults.
ALTER TABLE nonstop_apps ADD COLUMN settings VARCHAR(1000000);
