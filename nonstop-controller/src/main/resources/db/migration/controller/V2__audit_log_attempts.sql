-- Refused attempts are recorded per caller and minute (issue 10): the first one as a row of its own, the rest of
-- that minute as one row counting them. Every other row stands for one attempt.
ALTER TABLE nonstop_audit_log ADD COLUMN attempts BIGINT DEFAULT 1 NOT NULL;
