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
-- Sessions: the last use and where it came from (address, short user-agent description), and the
-- index that finds a subject's sessions. last_used_at NULL (earlier versions) reads as created_at.
ALTER TABLE bulwark_refresh_family ADD COLUMN IF NOT EXISTS last_used_at BIGINT;
ALTER TABLE bulwark_refresh_family ADD COLUMN IF NOT EXISTS client VARCHAR(64);
ALTER TABLE bulwark_refresh_family ADD COLUMN IF NOT EXISTS user_agent VARCHAR(64);
CREATE INDEX IF NOT EXISTS bulwark_refresh_family_subject ON bulwark_refresh_family (subject);
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
-- Per-session and per-subject revocation of access tokens (sid denied, tokens of a subject issued
-- at or before not_before refused), each kept until the last such token has expired.
CREATE TABLE IF NOT EXISTS bulwark_denied_session (
  session_id   VARCHAR(256) PRIMARY KEY,
  denied_until BIGINT       NOT NULL
);
CREATE TABLE IF NOT EXISTS bulwark_subject_not_before (
  subject      VARCHAR(1024) PRIMARY KEY,
  not_before   BIGINT        NOT NULL,
  denied_until BIGINT        NOT NULL
);
