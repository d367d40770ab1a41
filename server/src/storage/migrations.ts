/**
 * Schema versions, stored in `PRAGMA user_version`. Entry `n` upgrades version `n` to `n + 1`.
 * Append new entries. Never edit one that has shipped, because databases already ran it.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE rounds (
    round_id TEXT PRIMARY KEY,
    room_id TEXT NOT NULL,
    started_at_ms INTEGER NOT NULL,
    ended_at_ms INTEGER NOT NULL,
    truth TEXT NOT NULL CHECK (truth IN ('real', 'fake')),
    image_jpeg BLOB NOT NULL,
    ai_score REAL NOT NULL CHECK (ai_score BETWEEN 0 AND 1),
    generator_version TEXT,
    discriminator_version TEXT NOT NULL
  ) STRICT;

  CREATE TABLE votes (
    round_id TEXT NOT NULL REFERENCES rounds (round_id),
    player_name TEXT NOT NULL,
    session_id TEXT NOT NULL,
    choice TEXT NOT NULL CHECK (choice IN ('real', 'fake')),
    voted_at_ms INTEGER NOT NULL,
    PRIMARY KEY (round_id, session_id)
  ) STRICT;

  CREATE TABLE finetune_queue (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id TEXT NOT NULL UNIQUE REFERENCES rounds (round_id),
    label TEXT NOT NULL CHECK (label IN ('real', 'fake')),
    queued_at_ms INTEGER NOT NULL,
    consumed_at_ms INTEGER
  ) STRICT;

  CREATE INDEX finetune_queue_pending ON finetune_queue (id) WHERE consumed_at_ms IS NULL;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
