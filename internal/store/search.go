package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"

	"xinqing/internal/casework"
)

// nameRunes keeps the characters of a name that can be searched for:
// letters and digits (Han characters are letters); spaces and dots of
// transliterated names are dropped.
func nameRunes(name string) []rune {
	var out []rune
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			out = append(out, r)
		}
	}
	return out
}

// syllables returns, for each rune of nameRunes(name), its readings: every
// pinyin reading of a Han character (surnames such as 曾 and 单 have two),
// or the rune itself.
func syllables(name string) (runes []rune, syl [][]string) {
	args := pinyin.NewArgs()
	args.Heteronym = true
	runes = nameRunes(name)
	syl = make([][]string, len(runes))
	for i, r := range runes {
		var alts []string
		if unicode.Is(unicode.Han, r) {
			for _, p := range pinyin.SinglePinyin(r, args) {
				if p != "" && !slices.Contains(alts, p) {
					alts = append(alts, p)
				}
			}
		}
		if len(alts) == 0 {
			alts = []string{string(r)}
		}
		syl[i] = alts
	}
	return runes, syl
}

// pinyinColumns returns the derived search columns of a name: every
// reading ("zeng|ceng guo"), the first readings joined ("zengguo") and
// their initials ("zg").
func pinyinColumns(name string) (all, full, initials string) {
	_, syl := syllables(name)
	parts := make([]string, len(syl))
	var f, in strings.Builder
	for i, alts := range syl {
		parts[i] = strings.Join(alts, "|")
		f.WriteString(alts[0])
		r, _ := utf8.DecodeRuneInString(alts[0])
		in.WriteRune(r)
	}
	return strings.Join(parts, " "), f.String(), in.String()
}

// parseSyllables reads the x_pinyin column back.
func parseSyllables(s string) [][]string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, " ")
	out := make([][]string, len(parts))
	for i, p := range parts {
		out[i] = strings.Split(p, "|")
	}
	return out
}

// matchFrom reports whether q spells the name's runes from position i on:
// each query piece is either the character itself or a prefix of one of
// its readings, so "zsan", "zs", "zhangsan", "张s" and "张三" all spell 张三.
func matchFrom(q []rune, i int, runes []rune, syl [][]string) bool {
	if len(q) == 0 {
		return true
	}
	if i >= len(runes) || i >= len(syl) {
		return false
	}
	if q[0] == runes[i] && matchFrom(q[1:], i+1, runes, syl) {
		return true
	}
	if q[0] > unicode.MaxASCII {
		return false
	}
	for _, alt := range syl[i] {
		// Readings are ASCII: the longest common prefix bounds the pieces.
		n := 0
		for n < len(alt) && n < len(q) && rune(alt[n]) == q[n] {
			n++
		}
		for k := n; k >= 1; k-- {
			if matchFrom(q[k:], i+1, runes, syl) {
				return true
			}
		}
	}
	return false
}

// nameRank ranks how well q finds a student; -1 means not at all.
func nameRank(q string, qr []rune, e *nameEntry) int {
	switch {
	case string(e.runes) == string(qr) || strings.EqualFold(e.studentNo, q):
		return 0
	case e.studentNo != "" && len(e.studentNo) >= len(q) && strings.EqualFold(e.studentNo[:len(q)], q):
		return 1
	case matchFrom(qr, 0, e.runes, e.syl):
		return 2
	case strings.Contains(string(e.runes), string(qr)):
		return 3
	}
	for i := 1; i < len(e.runes); i++ {
		if matchFrom(qr, i, e.runes, e.syl) {
			return 4
		}
	}
	return -1
}

// nameEntry is one student's searchable name forms, prepared once.
type nameEntry struct {
	id, name, studentNo string
	runes               []rune
	syl                 [][]string
	// ASCII-lowered copies for the prefilter, which keeps the semantics
	// of SQLite's lower() and LIKE (ASCII case folding only).
	lname, lpinyin, lno string
}

// nameIndex holds every student's nameEntry, in id order.
type nameIndex struct {
	entries []nameEntry
}

func loadNames(ctx context.Context, q queryer) (*nameIndex, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, coalesce(name, ''), coalesce(student_no, ''),
		coalesce(x_pinyin, '') FROM students ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("search students: %w", err)
	}
	defer rows.Close()
	ix := &nameIndex{}
	for rows.Next() {
		var e nameEntry
		var py string
		if err := rows.Scan(&e.id, &e.name, &e.studentNo, &py); err != nil {
			return nil, fmt.Errorf("search students: %w", err)
		}
		e.runes = nameRunes(e.name)
		e.syl = parseSyllables(py)
		e.lname, e.lpinyin, e.lno = lowerASCII(e.name), lowerASCII(py), lowerASCII(e.studentNo)
		ix.entries = append(ix.entries, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search students: %w", err)
	}
	return ix, nil
}

// lowerASCII lowercases A–Z only, as SQLite's lower() and LIKE do.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// names returns the name index: the store's own outside a transaction
// (built on first use), or one read inside the transaction, which may hold
// uncommitted students.
func (r *Reader) names() (*nameIndex, error) {
	if r.tx != nil {
		return loadNames(r.ctx, r.q)
	}
	if r.s.names == nil {
		ix, err := loadNames(r.ctx, r.q)
		if err != nil {
			return nil, err
		}
		r.s.names = ix
	}
	return r.s.names, nil
}

// SearchStudents finds students by name (characters, full pinyin, initials
// or a mix: "张三", "zhangsan", "zs", "zsan", "张s"), or by a 学籍号
// prefix. Results come best first: exact, 学籍号 prefix, spelled from the
// first character, name contains the text, spelled from a later
// character; then by name and id. At most limit (≤ 0: 50).
func (r *Reader) SearchStudents(q string, limit int) ([]*casework.Student, error) {
	if limit <= 0 {
		limit = 50
	}
	q = cleanQuery(q)
	qr := nameRunes(q)
	if q == "" || len(qr) == 0 {
		return nil, nil
	}
	ix, err := r.names()
	if err != nil {
		return nil, err
	}
	// A hit contains the query's first character in its name, starts a
	// reading with it, or has a 学籍号 starting with the query: a cheap
	// test before the ranking.
	first := lowerASCII(string(qr[0]))
	lq := lowerASCII(q)
	type hit struct {
		rank     int
		name, id string
	}
	var hits []hit
	for i := range ix.entries {
		e := &ix.entries[i]
		if !strings.Contains(e.lname, first) && !strings.HasPrefix(e.lpinyin, first) &&
			!strings.Contains(e.lpinyin, " "+first) && !strings.Contains(e.lpinyin, "|"+first) &&
			!strings.HasPrefix(e.lno, lq) {
			continue
		}
		if rk := nameRank(q, qr, e); rk >= 0 {
			hits = append(hits, hit{rk, e.name, e.id})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	if len(hits) == 0 {
		return nil, nil
	}
	t, err := r.tabs.get(casework.KindStudent)
	if err != nil {
		return nil, err
	}
	ids := make([]any, len(hits))
	pos := make(map[string]int, len(hits))
	for i, h := range hits {
		ids[i] = h.id
		pos[h.id] = i
	}
	recs, err := t.scanRecords(r.ctx, r.q, t.selectQ+" WHERE id IN ("+placeholders(len(ids))+")", ids...)
	if err != nil {
		return nil, err
	}
	out := make([]*casework.Student, len(hits))
	for _, rec := range recs {
		out[pos[rec.Base().ID]] = rec.(*casework.Student)
	}
	return slices.DeleteFunc(out, func(x *casework.Student) bool { return x == nil }), nil
}

// SearchStudents finds students by name, pinyin or 学籍号 prefix.
func (s *Store) SearchStudents(q string, limit int) (out []*casework.Student, err error) {
	err = s.read(func(r *Reader) error { out, err = r.SearchStudents(q, limit); return err })
	return out, err
}

// Hit is one full-text result. Snippet quotes the indexed notes around the
// match; it is empty when only a session's private note matched
// (InPrivateNote), which is searchable as the counselor's own memory aid
// but never quoted.
type Hit struct {
	Kind          casework.Kind
	ID            string
	StudentID     string
	Snippet       string
	InPrivateNote bool
}

// searchText returns what a record contributes to the full-text index.
func searchText(rec casework.Record) (body, private, studentID string) {
	j := func(parts ...string) string {
		var keep []string
		for _, p := range parts {
			if p = strings.TrimSpace(p); p != "" {
				keep = append(keep, p)
			}
		}
		return strings.Join(keep, "\n")
	}
	switch x := rec.(type) {
	case *casework.Student:
		return j(x.Notes), "", x.ID
	case *casework.Case:
		return j(x.PresentingProblem, x.Background, x.Goals, x.ClosingSummary), "", x.StudentID
	case *casework.Session:
		return j(x.Observations, x.Interventions, x.Assessment, x.Effect, x.Homework), j(x.PrivateNote), ""
	case *casework.KeyStudent:
		parts := []string{x.ReasonText, x.InitialInterview, x.Plan.Goals, x.Plan.Measures, x.ReleaseBasis}
		for _, l := range x.Levels {
			parts = append(parts, l.Reason)
		}
		for _, f := range x.FollowUps {
			parts = append(parts, f.Situation)
		}
		return j(parts...), "", x.StudentID
	case *casework.Crisis:
		parts := []string{x.Description, x.Actions, x.FollowUpPlan, x.Conclusion}
		for _, d := range x.Disclosures {
			parts = append(parts, d.Scope, d.Basis)
		}
		return j(parts...), "", x.StudentID
	case *casework.Referral:
		return j(x.Reason, x.Feedback, x.ReturnAssessment), "", x.StudentID
	case *casework.Contact:
		return j(x.Purpose, x.Summary, x.FollowUp), "", x.StudentID
	case *casework.GroupSession:
		parts := []string{x.Title, x.Goals, x.Preparation, x.Evaluation, x.Reflection}
		for _, p := range x.Process {
			parts = append(parts, p.Activity, p.Observations)
		}
		return j(parts...), "", ""
	case *casework.CommitteeMember:
		return j(x.Notes), "", x.StudentID
	case *casework.ClassReport:
		return j(x.ConcernNotes, x.Actions), "", ""
	case *casework.Activity:
		return j(x.Title, x.Notes), "", ""
	case *casework.DutyDay:
		return j(x.Notes), "", ""
	case *casework.Visit:
		return j(x.Category, x.Handling), "", ""
	case *casework.Mailbox:
		return j(x.Handling), "", ""
	case *casework.MonthNotes:
		return j(x.Highlights, x.Problems, x.NextPlan), "", ""
	}
	return "", "", ""
}

// kindSlot spaces the search index's rowids: record rowid + slot·2^40, so
// each record has one index row found without a scan.
func kindSlot(kind casework.Kind) int64 {
	return int64(slices.Index(StoredKinds(), kind)+1) << 40
}

// index replaces rec's row in the full-text index (and, for a case, the
// student of its sessions' rows).
// rowid is the record's rowid in its table; inserted says the record is
// new: a live index has no row for it (a deleted record's row went with
// it), and no session can name a case before it exists.
func (r *Reader) index(kind casework.Kind, rowid int64, rec casework.Record, inserted bool) error {
	if !r.indexLive() {
		return nil // the coming rebuild reads every record anyway
	}
	return r.indexRow(kind, rowid+kindSlot(kind), rec, inserted)
}

func (r *Reader) indexRow(kind casework.Kind, ftsRowid int64, rec casework.Record, inserted bool) error {
	if !inserted {
		if _, err := r.q.ExecContext(r.ctx, "DELETE FROM temp.search_fts WHERE rowid = ?", ftsRowid); err != nil {
			return fmt.Errorf("index %s: %w", kind, err)
		}
	}
	body, private, studentID := searchText(rec)
	if x, ok := rec.(*casework.Session); ok && x.CaseID != "" {
		if err := r.q.QueryRowContext(r.ctx, "SELECT coalesce(student_id, '') FROM cases WHERE id = ?",
			x.CaseID).Scan(&studentID); err != nil {
			return fmt.Errorf("index session: %w", err)
		}
	}
	if x, ok := rec.(*casework.Case); ok && !inserted {
		if _, err := r.q.ExecContext(r.ctx, `UPDATE temp.search_fts SET student_id = ?
			WHERE rowid IN (SELECT rowid + ? FROM sessions WHERE case_id = ?)`,
			x.StudentID, kindSlot(casework.KindSession), x.ID); err != nil {
			return fmt.Errorf("index case sessions: %w", err)
		}
	}
	if body == "" && private == "" {
		return nil
	}
	if _, err := r.q.ExecContext(r.ctx,
		"INSERT INTO temp.search_fts (rowid, kind, id, student_id, body, private) VALUES (?, ?, ?, ?, ?, ?)",
		ftsRowid, string(kind), rec.Base().ID, studentID, body, private); err != nil {
		return fmt.Errorf("index %s: %w", kind, err)
	}
	return nil
}

// unindex removes a record's row from the full-text index.
func (r *Reader) unindex(kind casework.Kind, rowid int64) error {
	if !r.indexLive() {
		return nil
	}
	if _, err := r.q.ExecContext(r.ctx, "DELETE FROM temp.search_fts WHERE rowid = ?", rowid+kindSlot(kind)); err != nil {
		return fmt.Errorf("unindex %s: %w", kind, err)
	}
	return nil
}

// derive fills a record's derived columns (the pinyin forms of a
// student's name).
func (r *Reader) derive(t *table, rec casework.Record, vals []any) error {
	st, ok := rec.(*casework.Student)
	if !ok {
		return nil
	}
	all, full, initials := pinyinColumns(st.Name)
	for col, v := range map[string]string{"x_pinyin": all, "x_pinyin_full": full, "x_initials": initials} {
		i, ok := t.byName[col]
		if !ok {
			return fmt.Errorf("students: no column %s", col)
		}
		vals[i] = v
	}
	return nil
}

// cleanQuery drops what no note or name holds and SQLite would choke on:
// invalid UTF-8, NUL and other control characters.
func cleanQuery(q string) string {
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(q, ""))
	return strings.TrimSpace(q)
}

// likePattern escapes s for LIKE … ESCAPE '\'.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// trigrams is the full-text query for every run of three characters of
// q: each one quoted (so that nothing in q is query syntax) and all of
// them required.
func trigrams(q string) string {
	rs := []rune(q)
	var parts []string
	seen := map[string]bool{}
	for i := 0; i+3 <= len(rs); i++ {
		t := string(rs[i : i+3])
		if !seen[t] {
			seen[t] = true
			parts = append(parts, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
		}
	}
	return strings.Join(parts, " AND ")
}

// shortSnippet quotes up to 12 characters either side of q in body.
func shortSnippet(body, q string) string {
	i := strings.Index(strings.ToLower(body), strings.ToLower(q))
	if i < 0 {
		return ""
	}
	before := []rune(body[:i])
	after := []rune(body[i+len(q):])
	pre, post := "", ""
	if len(before) > 12 {
		before, pre = before[len(before)-12:], "…"
	}
	if len(after) > 12 {
		after, post = after[:12], "…"
	}
	return pre + string(before) + "【" + body[i:i+len(q)] + "】" + string(after) + post
}

// SearchText finds records whose notes contain q: through the trigram
// index when q has three characters or more, by a scan for shorter text.
// At most limit hits (≤ 0: 100), best first.
func (r *Reader) SearchText(q string, limit int) ([]Hit, error) {
	if limit <= 0 {
		limit = 100
	}
	q = cleanQuery(q)
	if q == "" {
		return nil, nil
	}
	if err := r.ensureIndex(); err != nil {
		return nil, err
	}
	var hits []Hit
	if utf8.RuneCountInString(q) >= 3 {
		// The index knows which records hold each trigram of q, not where
		// (detail=none): the records holding all of them are checked for q
		// itself, in any case as the index folds it. Hits in what may be
		// quoted come first.
		rows, err := r.q.QueryContext(r.ctx, `SELECT kind, id, student_id, body, private
			FROM temp.search_fts WHERE search_fts MATCH ? ORDER BY rowid`, trigrams(q))
		if err != nil {
			return nil, fmt.Errorf("search text: %w", err)
		}
		defer rows.Close()
		lq := strings.ToLower(q)
		var private []Hit
		for rows.Next() && len(hits) < limit {
			var h Hit
			var kind, body, note string
			if err := rows.Scan(&kind, &h.ID, &h.StudentID, &body, &note); err != nil {
				return nil, fmt.Errorf("search text: %w", err)
			}
			h.Kind = casework.Kind(kind)
			switch {
			case strings.Contains(strings.ToLower(body), lq):
				h.Snippet = shortSnippet(body, q)
				hits = append(hits, h)
			case len(private) < limit && strings.Contains(strings.ToLower(note), lq):
				h.InPrivateNote = true
				private = append(private, h)
			}
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("search text: %w", err)
		}
		hits = append(hits, private...)
		return hits[:min(len(hits), limit)], nil
	}
	pat := likePattern(q)
	rows, err := r.q.QueryContext(r.ctx, `SELECT kind, id, student_id, body, body LIKE ? ESCAPE '\'
		FROM temp.search_fts WHERE body LIKE ? ESCAPE '\' OR private LIKE ? ESCAPE '\' ORDER BY rowid LIMIT ?`,
		pat, pat, pat, limit)
	if err != nil {
		return nil, fmt.Errorf("search text: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h Hit
		var kind, body string
		var inBody bool
		if err := rows.Scan(&kind, &h.ID, &h.StudentID, &body, &inBody); err != nil {
			return nil, fmt.Errorf("search text: %w", err)
		}
		h.Kind = casework.Kind(kind)
		if inBody {
			h.Snippet = shortSnippet(body, q)
		} else {
			h.InPrivateNote = true
		}
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// SearchText finds records whose notes contain q (see Reader.SearchText).
func (s *Store) SearchText(q string, limit int) (hits []Hit, err error) {
	err = s.read(func(r *Reader) error { hits, err = r.SearchText(q, limit); return err })
	return hits, err
}

// The full-text index lives in the connection's temp schema (in memory,
// temp_store=MEMORY): it is derived from the records, so it stays out of
// the saved image, out of the content hash and out of the integrity checks
// (FTS5's own check costs seconds on a big school), and is rebuilt when a
// store is made or loaded. secure-delete removes deleted entries from the
// index itself rather than masking them. It records which records hold a
// trigram but not where (detail=none): a big school's index takes 13 MB
// instead of 24, and a search checks the few records holding every
// trigram of the text for the text itself.
//
// The temp area's pages are 32 KiB: each page of an in-memory database is
// one allocation of its size plus SQLite's header, which the allocator
// under modernc's SQLite rounds up to the next power of two while it is
// small, doubling a 4 KiB page, but to whole system pages once it is big
// (on Linux); a big school's index then takes some 30 MB instead of 50.
const indexSchema = `PRAGMA temp.page_size = 32768;
CREATE VIRTUAL TABLE temp.search_fts USING fts5 (
	kind UNINDEXED,
	id UNINDEXED,
	student_id UNINDEXED,
	body,
	private,
	tokenize = 'trigram',
	detail = none
);
INSERT INTO temp.search_fts (search_fts, rank) VALUES ('secure-delete', 1);`

func createIndex(ctx context.Context, q queryer) error {
	if _, err := q.ExecContext(ctx, indexSchema); err != nil {
		return fmt.Errorf("create search index: %w", err)
	}
	return nil
}

// indexLive reports whether the index is complete and kept up to date by
// each write.
func (r *Reader) indexLive() bool { return r.indexBuilt || (r.s.indexReady && !r.indexStale) }

// ensureIndex builds the full-text index if the store does not have it
// yet: inside the Reader's transaction (adopted at commit), or in a
// transaction of its own.
func (r *Reader) ensureIndex() error {
	if r.indexLive() {
		return nil
	}
	if r.tx != nil {
		if err := rebuildIndex(r.ctx, r.tx, r.tabs); err != nil {
			return err
		}
		r.indexBuilt = true
		return nil
	}
	// The statements stop with r.ctx; the transaction itself does not
	// follow it, so that its rollback is ours and never the connection's.
	tx, err := r.s.conn.BeginTx(context.WithoutCancel(r.ctx), nil)
	if err != nil {
		return fmt.Errorf("build search index: %w", err)
	}
	defer tx.Rollback()
	if err := rebuildIndex(r.ctx, tx, r.tabs); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("build search index: %w", err)
	}
	r.s.indexReady = true
	return nil
}

// BuildIndex builds the full-text index now if it is not built yet (after
// Load or CopyInto), so that the first text search does not wait for it.
// On a school of thousands of students it takes about a second; call it
// off the UI goroutine right after unlocking. It reads indexBatch records
// at a time and lets go of the store in between, so a screen opened
// meanwhile waits for one step, not for the whole build. A record written
// between steps leaves the index unfinished (the first text search then
// builds it whole, as it does when a done ctx stops the build).
func (s *Store) BuildIndex(ctx context.Context) error {
	var (
		start       uint64 // the writes when the build began
		begun, stop bool
		caseStudent = map[string]string{}
	)
	for _, kind := range StoredKinds() {
		for after := int64(math.MinInt64); !stop; {
			n := 0
			err := s.readCtx(ctx, func(r *Reader) error {
				switch {
				case r.indexLive():
					stop = true // built meanwhile (a text search)
					return nil
				case !begun:
					start, begun = s.writes(), true
					if _, err := r.q.ExecContext(ctx, "DELETE FROM temp.search_fts"); err != nil {
						return fmt.Errorf("build search index: %w", err)
					}
				case s.writes() != start:
					stop = true
					return nil
				}
				t, err := r.tabs.get(kind)
				if err != nil {
					return err
				}
				return inTx(ctx, s.conn, func(tx *sql.Tx) error {
					x, err := newIndexer(ctx, tx, caseStudent)
					if err != nil {
						return err
					}
					defer x.close()
					return t.eachWithRowidAfter(ctx, tx, after, indexBatch, func(rowid int64, rec casework.Record) error {
						n, after = n+1, rowid
						return x.add(ctx, kind, rowid, rec)
					})
				})
			})
			if err != nil {
				return err
			}
			if n < indexBatch {
				break
			}
			if afterIndexBatch != nil {
				afterIndexBatch()
			}
			// A mutex does not hand itself over: taken again at once, it
			// would keep a waiting screen waiting for many steps.
			time.Sleep(time.Millisecond)
		}
	}
	return s.readCtx(ctx, func(r *Reader) error {
		if begun && !stop && !r.indexLive() && s.writes() == start {
			s.indexReady = true
		}
		return nil
	})
}

// indexBatch is how many records one step of BuildIndex reads: a few
// milliseconds, and one transaction's worth of FTS5's pending terms in
// memory. On a big school steps of 2,000 records, or one step, cost 40 to
// 50 MB more at the peak than steps of 100. A variable so that a test can
// take smaller steps.
var indexBatch = 100

// afterIndexBatch, when set (tests), runs between two steps of BuildIndex.
var afterIndexBatch func()

// writes counts the writes of every kind; the caller holds s.mu.
func (s *Store) writes() uint64 {
	var n uint64
	for _, v := range s.versions {
		n += v
	}
	return n
}

// inTx runs f in a transaction of its own on conn, committed if f returns
// nil. The transaction does not follow ctx (f's statements do), so that
// its rollback is ours and never the connection's.
func inTx(ctx context.Context, conn *sql.Conn, f func(tx *sql.Tx) error) error {
	tx, err := conn.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return fmt.Errorf("build search index: %w", err)
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("build search index: %w", err)
	}
	return nil
}

// indexer adds records to the full-text index: a session takes the
// student of its case, so cases (indexed before sessions) are remembered.
type indexer struct {
	ins         *sql.Stmt
	caseStudent map[string]string
}

func newIndexer(ctx context.Context, q interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}, caseStudent map[string]string) (*indexer, error) {
	ins, err := q.PrepareContext(ctx,
		"INSERT INTO temp.search_fts (rowid, kind, id, student_id, body, private) VALUES (?, ?, ?, ?, ?, ?)")
	if err != nil {
		return nil, fmt.Errorf("build search index: %w", err)
	}
	return &indexer{ins: ins, caseStudent: caseStudent}, nil
}

func (x *indexer) close() { x.ins.Close() }

func (x *indexer) add(ctx context.Context, kind casework.Kind, rowid int64, rec casework.Record) error {
	body, private, studentID := searchText(rec)
	switch r := rec.(type) {
	case *casework.Case:
		x.caseStudent[r.ID] = r.StudentID
	case *casework.Session:
		studentID = x.caseStudent[r.CaseID]
	}
	if body == "" && private == "" {
		return nil
	}
	_, err := x.ins.ExecContext(ctx, rowid+kindSlot(kind), string(kind), rec.Base().ID, studentID, body, private)
	return err
}

// rebuildIndex fills the full-text index from every record, in bulk.
func rebuildIndex(ctx context.Context, q interface {
	queryer
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}, tabs tables) error {
	if _, err := q.ExecContext(ctx, "DELETE FROM temp.search_fts"); err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	x, err := newIndexer(ctx, q, map[string]string{})
	if err != nil {
		return err
	}
	defer x.close()
	for _, kind := range StoredKinds() {
		if err := ctx.Err(); err != nil {
			return err
		}
		t, err := tabs.get(kind)
		if err != nil {
			return err
		}
		err = t.eachWithRowid(ctx, q, func(rowid int64, rec casework.Record) error {
			return x.add(ctx, kind, rowid, rec)
		})
		if err != nil {
			return fmt.Errorf("rebuild search index: %w", err)
		}
	}
	return nil
}

// rebuildPinyin recomputes every student's derived name columns.
func rebuildPinyin(ctx context.Context, tx *sql.Tx, tabs tables) error {
	t, err := tabs.get(casework.KindStudent)
	if err != nil {
		return err
	}
	recs, err := t.scanRecords(ctx, tx, t.selectQ)
	if err != nil {
		return err
	}
	upd, err := tx.PrepareContext(ctx, "UPDATE students SET x_pinyin = ?, x_pinyin_full = ?, x_initials = ? WHERE id = ?")
	if err != nil {
		return fmt.Errorf("rebuild pinyin: %w", err)
	}
	defer upd.Close()
	for _, rec := range recs {
		st := rec.(*casework.Student)
		all, full, initials := pinyinColumns(st.Name)
		if _, err := upd.ExecContext(ctx, all, full, initials, st.ID); err != nil {
			return fmt.Errorf("rebuild pinyin: %w", err)
		}
	}
	return nil
}
