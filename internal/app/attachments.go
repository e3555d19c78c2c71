package app

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"net/http"
	"path/filepath"
	"slices"
	"strings"

	"xinqing/internal/casework"
	"xinqing/internal/store"
)

// Attachments lists the attachments of one record, newest first.
func (a *App) Attachments(ctx context.Context, owner casework.Kind, ownerID string) ([]*casework.Attachment, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	all, err := store.ListAs[*casework.Attachment](st, store.Filter{})
	if err != nil {
		return nil, err
	}
	out := slices.DeleteFunc(all, func(x *casework.Attachment) bool { return x.OwnerType != owner || x.OwnerID != ownerID })
	slices.SortStableFunc(out, func(x, y *casework.Attachment) int {
		return cmp.Or(cmp.Compare(y.AddedOn, x.AddedOn), cmp.Compare(x.Filename, y.Filename))
	})
	return out, nil
}

// mimeOf guesses the type from the extension, then from the bytes.
func mimeOf(name string, data []byte) string {
	if t := mime.TypeByExtension(strings.ToLower(filepath.Ext(name))); t != "" {
		return t
	}
	return http.DetectContentType(data)
}

// AddAttachment seals data in the vault and records it for the owner
// under the base name of filename.
func (a *App) AddAttachment(ctx context.Context, owner casework.Kind, ownerID, filename string, data []byte) (*casework.Attachment, error) {
	st, blobs, err := a.data(ctx)
	if err != nil {
		return nil, err
	}
	blob, err := blobs.PutBlob(data)
	if err != nil {
		return nil, fmt.Errorf("seal attachment: %w", err)
	}
	sum := sha256.Sum256(data)
	at := &casework.Attachment{
		Meta:      casework.Meta{ID: casework.NewID()},
		OwnerType: owner, OwnerID: ownerID,
		Filename: filepath.Base(filename), MIME: mimeOf(filename, data), Size: int64(len(data)),
		SHA256: hex.EncodeToString(sum[:]), AddedOn: a.Today(),
	}
	if at.SHA256 != blob {
		return nil, fmt.Errorf("seal attachment: blob id %s is not the content hash", blob)
	}
	if err := st.Create(at); err != nil {
		return nil, err
	}
	a.Changed(casework.KindAttachment)
	return at, nil
}

// AttachmentData opens an attachment for a copy the user saves; the copy
// leaves the vault, so it is audited as an export.
func (a *App) AttachmentData(ctx context.Context, id string) ([]byte, error) {
	st, blobs, err := a.data(ctx)
	if err != nil {
		return nil, err
	}
	at, err := store.GetAs[*casework.Attachment](st, id)
	if err != nil {
		return nil, err
	}
	data, err := blobs.Blob(at.SHA256)
	if err != nil {
		return nil, fmt.Errorf("open attachment: %w", err)
	}
	if err := st.Audit(casework.AuditActionExport, casework.KindAttachment, id); err != nil {
		return nil, &AuditError{Err: err}
	}
	a.dirty()
	return data, nil
}

// SaveAttachment writes a decrypted copy of an attachment to path in one
// piece (WriteOutput: 0600 from the first byte, nothing left on an error;
// Replace for the file the desktop's save dialog made), audited as an
// export.
func (a *App) SaveAttachment(ctx context.Context, id, path string, over Overwrite) error {
	data, err := a.AttachmentData(ctx, id)
	if err != nil {
		return err
	}
	defer clear(data)
	return WriteBytes(path, over, data)
}

// DeleteAttachment removes the record. The sealed bytes stay in the
// vault's blob folder: another attachment may share them (blobs are
// stored once per content).
func (a *App) DeleteAttachment(ctx context.Context, id string) error {
	return a.remove(ctx, casework.KindAttachment, id)
}
