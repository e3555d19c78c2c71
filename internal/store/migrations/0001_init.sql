-- The save bookkeeping: one row, rewritten by every Snapshot and excluded
-- from the content hash.
CREATE TABLE vault_meta (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	generation INTEGER NOT NULL,
	saved_at TEXT NOT NULL
) STRICT;
INSERT INTO vault_meta (id, generation, saved_at) VALUES (1, 0, '');

-- Settings: one JSON document (casework.Settings), replaced as a whole.
CREATE TABLE settings (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	doc TEXT NOT NULL
) STRICT;

-- The audit log: a SHA-256 hash chain; object_id is an id, never a name.
CREATE TABLE audit (
	seq INTEGER PRIMARY KEY CHECK (seq > 0),
	at TEXT NOT NULL,
	action TEXT NOT NULL,
	object_type TEXT NOT NULL,
	object_id TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
) STRICT;
