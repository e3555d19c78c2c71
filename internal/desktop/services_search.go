package desktop

import (
	"context"
	"slices"

	"xinqing/internal/app"
	"xinqing/internal/ui"
)

// searchService adapts the application layer's search (the one behind
// `xinqingctl search`) to ui.SearchService, naming each hit's student.
type searchService struct{ a *app.App }

func (x searchService) Search(ctx context.Context, q string, limit int) (ui.SearchResult, error) {
	var out ui.SearchResult
	found, err := x.a.Search(ctx, q, limit)
	if err != nil {
		return out, uiErr(err)
	}
	for _, st := range found.Students {
		out.Students = append(out.Students, *st)
	}
	var ids []string
	for _, h := range found.Records {
		if h.StudentID != "" {
			ids = append(ids, h.StudentID)
		}
	}
	slices.Sort(ids)
	names, err := x.a.StudentsByID(ctx, slices.Compact(ids))
	if err != nil {
		return out, uiErr(err)
	}
	for _, h := range found.Records {
		hit := ui.SearchHit{Kind: h.Kind, ID: h.ID, StudentID: h.StudentID, Snippet: h.Snippet, InPrivateNote: h.InPrivateNote}
		if st, ok := names[h.StudentID]; ok {
			hit.Student = st.Name
			if st.Class != "" {
				hit.Student += "（" + st.Class + "）"
			}
		}
		out.Records = append(out.Records, hit)
	}
	return out, nil
}
