package desktop

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sync"

	"xinqing/internal/app"
	"xinqing/internal/ui"
	"xinqing/internal/workspace"
)

// newPreviewStudents backs the workbench and 学生 of -preview with the
// small synthetic demo school in an in-memory store; attachments stay in
// memory and no backup exists. nil (the screens say they are not
// available) if the school cannot be built.
func newPreviewStudents() ui.StudentService {
	st, err := previewCaseStore()
	if err != nil {
		fmt.Println("preview students:", err)
		return nil
	}
	a := app.New(workspace.Options{})
	a.AttachStore(st, &memBlobs{m: map[string][]byte{}})
	return studentService{a: a}
}

// memBlobs keeps attachment bytes in memory under their SHA-256, as the
// vault names them.
type memBlobs struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (b *memBlobs) PutBlob(data []byte) (string, error) {
	s := sha256.Sum256(data)
	id := hex.EncodeToString(s[:])
	b.mu.Lock()
	defer b.mu.Unlock()
	b.m[id] = slices.Clone(data)
	return id, nil
}

func (b *memBlobs) Blob(id string) ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	data, ok := b.m[id]
	if !ok {
		return nil, fmt.Errorf("preview attachment %s: not found", id)
	}
	return slices.Clone(data), nil
}
