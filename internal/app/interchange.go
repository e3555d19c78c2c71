package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"

	"xinqing/internal/casework"
	"xinqing/internal/interchange"
	"xinqing/internal/store"
)

// Export writes every record of the open vault to path as a JSON
// interchange document and audits the export. The document is plaintext
// by nature: it is written only where asked, readable by its owner only,
// and nothing is left behind when it fails. An AuditError means the file
// was written but its audit entry was not.
func (a *App) Export(ctx context.Context, path string, over Overwrite) error {
	s, err := a.Session(ctx)
	if err != nil {
		return err
	}
	err = WriteOutput(path, over, func(w io.Writer) error { return interchange.Export(w, s.Store, a.Now()) })
	if err != nil {
		return err
	}
	return s.Audit(casework.AuditActionExport, "", "")
}

// Import reads a JSON interchange document into the open vault: a whole
// import into an empty vault, a merge by id into one that holds records.
// A refused document (interchange.ImportError) writes nothing.
func (a *App) Import(ctx context.Context, r io.Reader) (interchange.Result, error) {
	st, err := a.records(ctx)
	if err != nil {
		return interchange.Result{}, err
	}
	before, err := st.Settings()
	if err != nil {
		return interchange.Result{}, err
	}
	// Room for what the document adds, taken once (its size bounds what
	// it adds), so the database does not grow by copies of itself.
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			if err := st.Reserve(ctx, fi.Size()); err != nil {
				return interchange.Result{}, err
			}
		}
	}
	res, err := interchange.Import(r, interchange.Adapt[*store.Tx](st), interchange.Options{Now: a.now})
	if err != nil {
		return res, err
	}
	a.ensureSigningKey(before.SigningKey) // a document never carries the key
	a.Changed()
	return res, nil
}

// ExportRecords writes every record of kind to path as an Excel list,
// audits the export and returns how many records it holds.
func (a *App) ExportRecords(ctx context.Context, kind casework.Kind, path string, over Overwrite) (int, error) {
	s, err := a.Session(ctx)
	if err != nil {
		return 0, err
	}
	recs, err := s.Store.List(kind)
	if err != nil {
		return 0, fmt.Errorf("list %s: %w", kind, err)
	}
	var b bytes.Buffer
	if err := interchange.ExportRecords(&b, kind, recs); err != nil {
		return 0, err
	}
	return len(recs), s.Deliver(path, over, b.Bytes(), casework.AuditActionExport, kind, "")
}
