package desktop

import (
	"fmt"
	"time"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/demo"
	"xinqing/internal/interchange"
	"xinqing/internal/store"
	"xinqing/internal/ui"
	"xinqing/internal/workspace"
)

// newPreviewCases backs the casework screens of -preview with the small
// synthetic demo school in an in-memory store that no vault ever seals:
// everything is gone when the window closes. nil (screens say they are
// not available) if the school cannot be built.
func newPreviewCases() ui.CaseService {
	st, err := previewCaseStore()
	if err != nil {
		fmt.Println("preview casework:", err)
		return nil
	}
	a := app.New(workspace.Options{})
	a.AttachStore(st, nil)
	return caseServices{st: st, a: a, now: time.Now}
}

func previewCaseStore() (*store.Store, error) {
	st, err := store.New()
	if err != nil {
		return nil, fmt.Errorf("new store: %w", err)
	}
	if _, err := demo.Import(interchange.Adapt[*store.Tx](st), demo.Small, 1, casework.DateOf(time.Now())); err != nil {
		return nil, fmt.Errorf("import demo school: %w", err)
	}
	return st, nil
}
