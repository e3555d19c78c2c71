// Package store owns 心晴's working database: an in-memory SQLite database
// (modernc.org/sqlite, the only package allowed to import it) on one pinned
// connection, so no record, journal or temp file ever reaches the disk.
//
// A tour:
//
//   - New builds a fresh database from the embedded, ordered migrations
//     (migrations/NNNN_name.sql, bookkept in schema_migrations).
//   - Snapshot records the generation and time in vault_meta and serializes
//     the whole database; the vault seals those bytes.
//   - Load deserializes a candidate image into a fresh connection in
//     defensive mode and adopts it only after integrity_check,
//     foreign_key_check, the exact schema version, the exact schema objects
//     and the generation all pass; failures are ErrCorrupt, ErrSchema or
//     ErrGeneration.
//   - ContentHash is a canonical SHA-256 of every user row, for comparing a
//     restored database with its source; CopyInto copies every row into a
//     store built from our own migrations, so restore never adopts a
//     foreign schema, trigger or view.
//   - Records of every casework kind are stored one table per kind (scalar
//     fields as typed columns of STRICT tables, nested arrays and objects as
//     JSON text), validated through casework, audited in a SHA-256 hash
//     chain inside the same transaction, and searchable by name, pinyin,
//     学籍号 prefix and full text.
//
// Every exported method is safe for concurrent use: a mutex serializes work
// on the single connection, and a Tx holds it for its whole life.
package store
