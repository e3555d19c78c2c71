package ui

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"xinqing/internal/casework"
)

// FakeSearch searches the other fakes as the application layer searches
// the store: students by name or number, records by their text, a match
// in a private note reported without the text.
type FakeSearch struct {
	students *FakeStudents
	cases    *FakeCases
	groups   *FakeGroups
}

func (f *FakeSearch) Search(ctx context.Context, q string, limit int) (SearchResult, error) {
	var out SearchResult
	q = strings.TrimSpace(q)
	if q == "" {
		return out, nil
	}
	names := map[string]casework.Student{}
	for _, s := range f.students.list() {
		names[s.ID] = *s
		if strings.Contains(s.Name, q) || strings.HasPrefix(s.StudentNo, q) {
			out.Students = append(out.Students, *s)
		}
	}
	slices.SortFunc(out.Students, func(a, b casework.Student) int { return strings.Compare(a.ID, b.ID) })
	out.Students = out.Students[:min(len(out.Students), limit)]
	var recs []casework.Record
	for _, k := range []casework.Kind{casework.KindCase, casework.KindSession, casework.KindKeyStudent,
		casework.KindCrisis, casework.KindReferral, casework.KindContact} {
		rs, _ := f.cases.Records(ctx, k, RecordFilter{})
		recs = append(recs, rs...)
	}
	for _, k := range []casework.Kind{casework.KindGroupSession, casework.KindCommitteeMember, casework.KindClassReport, casework.KindActivity} {
		recs = append(recs, f.groups.all(k)...)
	}
	for _, r := range recs {
		if len(out.Records) >= limit {
			break
		}
		body, private := fakeRecordText(r)
		h := SearchHit{Kind: r.RecordKind(), ID: r.Base().ID, StudentID: studentOf(r)}
		switch {
		case strings.Contains(body, q):
			i := strings.Index(body, q)
			h.Snippet = fakeSnippet(body[:i], q, body[i+len(q):])
		case strings.Contains(private, q):
			h.InPrivateNote = true
		default:
			continue
		}
		if s, ok := names[h.StudentID]; ok {
			h.Student = studentText(s)
		}
		out.Records = append(out.Records, h)
	}
	return out, nil
}

// fakeRecordText is every string of r: the private note apart.
func fakeRecordText(r casework.Record) (body, private string) {
	data, _ := json.Marshal(r)
	var m map[string]any
	_ = json.Unmarshal(data, &m)
	var parts []string
	for k, v := range m {
		if s, ok := v.(string); ok && !strings.HasSuffix(k, "id") && k != "created_at" && k != "updated_at" {
			if k == "private_note" {
				private = s
				continue
			}
			parts = append(parts, s)
		}
	}
	slices.Sort(parts)
	return strings.Join(parts, " "), private
}

func fakeSnippet(before, q, after string) string {
	b, a := []rune(before), []rune(after)
	b, a = b[max(0, len(b)-12):], a[:min(len(a), 12)]
	return string(b) + "【" + q + "】" + string(a)
}
