// Package store owns 心晴's working database: an in-memory SQLite database
// (modernc.org/sqlite, the only package allowed to import it) on one pinned
// connection, so no record, journal or temp file ever reaches the disk
// (temp_store=MEMORY, journal_mode=MEMORY, secure_delete=ON,
// foreign_keys=ON, trusted_schema=OFF, SQLite defensive mode).
//
// A tour:
//
//   - New builds a fresh database from the embedded, ordered migrations
//     (migrations/NNNN_name.sql, bookkept in schema_migrations).
//   - Snapshot records the generation and time in vault_meta and serializes
//     the main database; the vault seals those bytes. QuickCheck runs
//     before each save.
//   - Load deserializes a candidate image into a fresh connection and
//     adopts it only after integrity_check, foreign_key_check, a schema
//     version of ours with exactly that version's schema objects (no extra
//     trigger, view, table or index), and the generation all pass; failures
//     wrap ErrCorrupt, ErrSchema or ErrGeneration. An image of an older
//     schema version is migrated forward; a newer one is refused.
//   - ContentHash is a canonical SHA-256 of every user row, for comparing a
//     restored database with its source; CopyInto copies every row into a
//     store built from our own migrations, so restore never adopts a
//     foreign schema, trigger or view.
//   - Records (table.go, records.go): one STRICT table per casework kind.
//     Scalar JSON keys are typed columns named like the key, nested arrays
//     and objects JSON text, empty values NULL; the mapping is derived from
//     the casework structs, and a store refuses to open if a table and its
//     struct disagree. Create, Update, Put (the importer's write, keeping
//     timestamps) and Delete validate through casework with the configured
//     risk levels and a Refs that queries the database, stamp created_at
//     and updated_at with the injected clock, and append to the audit log,
//     all inside one transaction; Store.Tx groups many writes. A Tx
//     prepares each statement once, reads the settings once (again after
//     SaveSettings), answers reference checks for the records it wrote
//     from memory, and keeps the audit head in memory until its commit,
//     so that an import of a big school costs seconds, not minutes.
//   - Deleting is refused with ECONFLICT while other records refer to the
//     record (foreign keys for required references; group attendance lists
//     and attachment owners checked by query). Nothing cascades: records of
//     minors are removed only deliberately, one by one.
//   - The audit log (audit.go) is a SHA-256 chain; audit_head keeps the last
//     link so that dropping the newest entries is detected too.
//     VerifyAudit names the first broken entry.
//   - Search (search.go): students by name, full pinyin, initials or a mix
//     ("张三", "zhangsan", "zs", "zsan", "张s"; every reading of a
//     polyphonic character) and 学籍号 prefix, from pinyin columns written
//     with each student and held in memory (dropped by any student write,
//     read again by the next search); full text over the notes fields
//     through an FTS5 trigram index (three characters or more) or a scan
//     (shorter text).
//     Session private notes are searchable but never quoted in a snippet.
//     The full-text index is derived data: it lives in the connection's
//     in-memory temp schema, never in a saved image, and a loaded store
//     builds it on the first text search (or BuildIndex). A transaction
//     that writes more than a couple of hundred records (an import) stops
//     updating the index record by record and leaves it to that one bulk
//     rebuild.
//
// Every exported method is safe for concurrent use: a mutex serializes work
// on the single connection, and a Tx holds it for its whole life.
package store
