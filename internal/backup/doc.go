// Package backup writes, verifies and restores 心晴's backups on a USB
// stick (SECURITY.md "USB backup").
//
// A backup is three files in <folder>/心晴备份/<vault-id>/ named after the
// time and the generation, 20261128T1530-g000124:
//
//   - .age: the sealed generation, byte for byte as the vault holds it;
//   - .slot: a copy of the vault's passphrase slot, so the stick restores
//     on a new PC with the passphrase alone;
//   - .sha256: sha256sum lines for both and for each attachment file the
//     image refers to, plus "gen=124 fp=<8 hex>" (the start of the
//     canonical content hash), written last as the commit marker.
//
// The attachment files (the vault's blobs) sit beside them in
// blobs/ab/<id>.age, sealed as the vault holds them and shared by every
// backup that lists them; pruning removes those no backup lists. A file
// there is never overwritten: the same attachment sealed to a new key
// after a re-key becomes blobs/ab/<id>.2.age.
//
// A backup exists only if its .sha256 exists and matches; anyone can check
// a stick with `sha256sum -c`. 如何恢复.txt beside the vault folders says
// how to restore with the app or, without it, with the stock age tool and
// the recovery sheet.
//
// A tour:
//
//   - Run first copies the attachment files the stick lacks (each read
//     back, compared, decrypted to its end and checked against its id),
//     then the newest generation under temporary names, reads it
//     back, decrypts it to the end, loads it into a scratch database
//     (integrity_check and every other check of store.Load), compares the
//     content hash with the source, then renames, writes the manifest and
//     prunes old backups (Keep, never fewer than 3).
//   - Verify re-reads every byte of every backup on a stick and reports each
//     as verified, damaged or incomplete; with a Key it also decrypts and
//     loads each one.
//   - Inspect and Candidate.Open are the two phases of a restore: the
//     manifest check (damage is never reported as a wrong key), then the
//     unlock, the full decryption, the checked load and a copy of the rows
//     into a fresh database built from our own migrations, every attachment
//     file it refers to decrypted and checked, with a Summary for the user
//     to confirm. The workspace adopts the result and copies in the
//     attachment files its vault lacks.
//   - Drill restores the newest backup into memory and compares hashes;
//     Remind turns the age of the last backup into a reminder level.
//   - Drives lists removable drives for the user to choose from.
//
// A stick is someone else's file system: below the folder the user chose,
// every operation goes through internal/safefs (stickfs.go), never through
// a link, reading only regular files within the cap of their kind, and
// removing only regular files it recognises as its own; a refusal is
// ErrUnsafe with a Chinese sentence naming the file.
//
// Every long operation takes a context: it is checked between steps (each
// file, each chunk decrypted, each stage), and a cancelled operation
// returns ErrCancelled (which also matches the context's error) after
// removing what it wrote. Progress only reports.
//
// Only this package and the vault import filippo.io/age.
package backup
