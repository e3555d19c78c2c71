package app

import (
	"context"
	"fmt"

	"xinqing/internal/casework"
	"xinqing/internal/store"
)

// Found is what a search finds: students by name, pinyin or number, and
// records by their text.
type Found struct {
	Students []*casework.Student
	Records  []store.Hit
}

// Search finds at most limit students and limit records matching q.
func (a *App) Search(ctx context.Context, q string, limit int) (Found, error) {
	var out Found
	st, err := a.records(ctx)
	if err != nil {
		return out, err
	}
	if out.Students, err = st.SearchStudents(q, limit); err != nil {
		return out, fmt.Errorf("search students: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return out, err
	}
	if out.Records, err = st.SearchText(q, limit); err != nil {
		return out, fmt.Errorf("search records: %w", err)
	}
	return out, nil
}
