-- Bulwark JWT: refresh-token families and the access-token denylist (PostgreSQL).
-- Times are epoch milliseconds. Tokens are stored only as SHA-256 hashes (base64url).
-- Safe to run at every start-up, and by two instances at once (run under an advisory lock).
CREATE TABLE IF NOT EXISTS bulwark_refresh_family (
  family_id   VARCHAR(64)   PRIMARY KEY,
  subject     VARCHAR(1024) NOT NULL,
  roles       TEXT          NOT NULL,
  created_at  BIGINT        NOT NULL,
  expires_at  BIGINT        NOT NULL,
  revoked_at  BIGINT
);
CREATE INDEX IF NOT EXISTS bulwark_refresh_family_expires ON bulwark_refresh_family (expires_at);
-- How and when the user authenticated (amr as a JSON array, auth_time in epoch seconds), added in
-- place to tables made by earlier versions, whose families read back with no amr and
-- auth_time = created_at.
ALTER TABLE bulwark_refresh_family ADD COLUMN IF NOT EXISTS amr TEXT;
ALTER TABLE bulwark_refresh_family ADD COLUMN IF NOT EXISTS auth_time BIGINT;
CREATE TABLE IF NOT EXISTS bulwark_refresh_token (
  token_hash      VARCHAR(64) PRIMARY KEY,
  family_id       VARCHAR(64) NOT NULL REFERENCES bulwark_refresh_family (family_id) ON DELETE CASCADE,
  idle_expires_at BIGINT      NOT NULL,
  spent_at        BIGINT,
  successor_hash  VARCHAR(64)
);
CREATE INDEX IF NOT EXISTS bulwark_refresh_token_family ON bulwark_refresh_token (family_id);
CREATE TABLE IF NOT EXISTS bulwark_denied_access_token (
  jwt_id      VARCHAR(256) PRIMARY KEY,
  denied_until BIGINT      NOT NULL
);
CREATE INDEX IF NOT EXISTS bulwark_denied_access_token_until ON bulwark_denied_access_token (denied_until);
