package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"

	"xinqing/internal/casework"
	"xinqing/internal/county"
	"xinqing/internal/figures"
	"xinqing/internal/interchange"
	"xinqing/internal/report"
	"xinqing/internal/returnpkg"
	"xinqing/internal/store"
	"xinqing/internal/workspace"
)

// The county vault (县（区）汇总库) is the same sealed vault as a school's,
// of kind county: its settings hold the county's name and schools list,
// and each imported return package is kept, exactly as received, as a
// frozen return record (month, generation time, PDF hash, and the whole
// signed package as its figures). A newer package of a school's month
// supersedes the older; both are kept.

// ErrNotCounty: a county use case on a school's vault.
var ErrNotCounty = errors.New("not a county vault")

// ReadSchoolList reads a county's schools list from a .csv or .xlsx
// file; a refused list (county.ListError) names the file and the row.
func ReadSchoolList(path string) ([]casework.CountySchool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	name := filepath.Base(path)
	rows, err := interchange.SchoolListRows(name, data)
	if err != nil {
		return nil, &county.ListError{File: name, ZH: "无法读取：" + err.Error(), EN: "cannot be read: " + err.Error()}
	}
	return county.ReadSchools(name, rows)
}

// CreateCounty makes a new county vault in dir under pass for the county
// name with its schools, opens it and returns the identity of its
// recovery sheet.
func (a *App) CreateCounty(ctx context.Context, dir, pass, name string, schools []casework.CountySchool) (string, error) {
	if err := checkPolicy(pass, []string{name}); err != nil {
		return "", err
	}
	o := a.opts
	o.Prepare = func(st *store.Store) error {
		s, err := st.Settings()
		if err != nil {
			return err
		}
		s.Kind, s.County, s.Schools = casework.VaultCounty, name, schools
		s.School.Name, s.School.County = name, name
		return st.SaveSettings(s)
	}
	ws, identity, err := workspace.Create(ctx, dir, pass, o)
	if err != nil {
		return "", err
	}
	a.Attach(ws)
	return identity, nil
}

// IsCounty reports whether the open vault is a county's.
func (s *Session) IsCounty() bool { return s.Settings.Kind == casework.VaultCounty }

// Packages reads every package the county vault holds.
func (s *Session) Packages(ctx context.Context) ([]*county.Stored, error) {
	if !s.IsCounty() {
		return nil, ErrNotCounty
	}
	rs, err := store.ListAs[*casework.Return](s.Store, store.Filter{})
	if err != nil {
		return nil, err
	}
	out := make([]*county.Stored, 0, len(rs))
	for _, r := range rs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		st, err := county.Read(r.ID, r.Figures, r.CreatedAt)
		if err != nil {
			return nil, fmt.Errorf("package %s: %w", r.ID, err)
		}
		out = append(out, st)
	}
	return out, nil
}

// expandFolders replaces each folder by the .json files it holds.
func expandFolders(paths []string) []string {
	var files []string
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			found, _ := filepath.Glob(filepath.Join(p, "*.json"))
			sort.Strings(found)
			files = append(files, found...)
			continue
		}
		files = append(files, p)
	}
	return files
}

// PackageResult is what importing one file did: an outcome, or the
// refusal (a *returnpkg.Error naming the file and the reason).
type PackageResult struct {
	File    string
	School  string // code
	Month   string
	Outcome county.Outcome
	// KeyRegistered: the school's first key; KeyChanged: a changed key
	// accepted on confirmation.
	KeyRegistered, KeyChanged bool
	Err                       error
}

// ImportPackages imports return packages from files into the county
// vault. Each file is read (at most 1 MiB), verified and checked on its
// own: a refused file writes nothing and its result names the reason;
// the others are stored together, each logged (a superseded package
// once more as updated, a key change on the settings). confirmKeys
// accepts packages signed by a key other than the one registered, and
// registers the new key.
func (s *Session) ImportPackages(ctx context.Context, paths []string, confirmKeys bool) ([]PackageResult, error) {
	files := expandFolders(paths)
	held, err := s.Packages(ctx)
	if err != nil {
		return nil, err
	}
	schools := append([]casework.CountySchool(nil), s.Settings.Schools...)
	same := county.ByKey(held)
	current := string(casework.MonthOf(s.now()))
	type accepted struct {
		rec        *casework.Return
		superseded []string
		keyMoved   bool // the package registered or replaced its school's key
	}
	var (
		results  []PackageResult
		toWrite  []accepted
		keysMove []string
	)
	read := readPackages(ctx, files)
	for i, path := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		name := filepath.Base(path)
		res := PackageResult{File: name}
		data, p, err := read[i].data, read[i].p, read[i].err
		var d county.Decision
		if err == nil {
			res.School, res.Month = p.School.Code, p.Month
			d, err = county.Decide(schools, same[county.Key(p.School.Code, p.Month)], p, name, current, confirmKeys)
		}
		if err != nil {
			res.Err = err
			results = append(results, res)
			continue
		}
		res.Outcome, res.KeyRegistered, res.KeyChanged = d.Outcome, d.RegisterKey, d.KeyChanged
		results = append(results, res)
		if d.Outcome == county.Duplicate {
			continue
		}
		if d.RegisterKey || d.KeyChanged {
			schools[d.School].PublicKey = p.Signature.PublicKey
			keysMove = append(keysMove, p.School.Code)
		}
		rec := &casework.Return{Month: casework.Month(p.Month), GeneratedAt: p.Time(), PDFSHA256: p.PDFSHA256, Figures: data}
		a := accepted{rec: rec, keyMoved: d.RegisterKey || d.KeyChanged}
		k := county.Key(p.School.Code, p.Month)
		if d.Outcome == county.Superseded {
			for _, h := range same[k] {
				if h.ID != "" {
					a.superseded = append(a.superseded, h.ID)
				}
			}
		}
		toWrite = append(toWrite, a)
		same[k] = append(same[k], &county.Stored{Package: p, Figures: p.ParsedFigures(), Imported: s.now()})
	}
	if len(toWrite) == 0 && len(keysMove) == 0 {
		return results, nil
	}
	err = s.Store.Tx(func(tx *store.Tx) error {
		for _, a := range toWrite {
			if err := tx.Create(a.rec); err != nil {
				return err
			}
			for _, id := range a.superseded {
				if err := tx.Audit(casework.AuditActionUpdate, casework.KindReturn, id); err != nil {
					return err
				}
			}
			// A key registered or changed is logged on the package
			// that brought it.
			if a.keyMoved {
				if err := tx.Audit(casework.AuditActionUpdate, casework.KindReturn, a.rec.ID); err != nil {
					return err
				}
			}
		}
		if len(keysMove) > 0 {
			st := s.Settings
			st.Schools = schools
			if err := tx.SaveSettings(st); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.Settings.Schools = schools
	s.changed()
	return results, nil
}

// CountyFiles are where the county table goes; XLSX and JSON optional.
type CountyFiles struct {
	PDF, XLSX, JSON string
}

// CountyTable builds the county table of the months from..to.
func (s *Session) CountyTable(ctx context.Context, from, to casework.Month) (*county.Table, error) {
	if !from.Valid() || !to.Valid() || to < from {
		return nil, fmt.Errorf("county table: invalid months %q–%q", from, to)
	}
	held, err := s.Packages(ctx)
	if err != nil {
		return nil, err
	}
	return county.Build(s.Settings.County, s.Settings.Schools, held, from, to), nil
}

// WriteCountyTable builds the county table of from..to and writes its
// PDF (A4 landscape), and its workbook and county JSON when asked, each
// logged as printed or exported.
func (s *Session) WriteCountyTable(ctx context.Context, from, to casework.Month, files CountyFiles, over Overwrite) (*county.Table, error) {
	if err := refuseExisting(over, files.PDF, files.XLSX, files.JSON); err != nil {
		return nil, err
	}
	t, err := s.CountyTable(ctx, from, to)
	if err != nil {
		return nil, err
	}
	if files.PDF != "" {
		pdf, err := report.RenderCountyTable(t, s.now())
		if err != nil {
			return nil, err
		}
		if err := s.deliver(ctx, files.PDF, over, pdf, casework.AuditActionPrint, casework.KindReturn, ""); err != nil {
			return nil, err
		}
	}
	if files.XLSX != "" {
		var b bytes.Buffer
		if err := interchange.ExportCountyWorkbook(&b, t); err != nil {
			return nil, err
		}
		if err := s.deliver(ctx, files.XLSX, over, b.Bytes(), casework.AuditActionExport, casework.KindReturn, ""); err != nil {
			return nil, err
		}
	}
	if files.JSON != "" {
		b, err := t.JSON()
		if err != nil {
			return nil, err
		}
		if err := s.deliver(ctx, files.JSON, over, b, casework.AuditActionExport, casework.KindReturn, ""); err != nil {
			return nil, err
		}
	}
	return t, nil
}

type readPackage struct {
	data []byte
	p    *returnpkg.Package
	err  error
}

// readPackages reads and verifies the files on every core: at most
// returnpkg.MaxSize bytes of each (a larger file is refused unread).
func readPackages(ctx context.Context, files []string) []readPackage {
	out := make([]readPackage, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				name := filepath.Base(files[i])
				f, err := os.Open(files[i])
				if err != nil {
					out[i].err = err
					continue
				}
				data, err := io.ReadAll(io.LimitReader(f, returnpkg.MaxSize+1))
				f.Close()
				switch {
				case err != nil:
					out[i].err = err
				case len(data) > returnpkg.MaxSize:
					out[i].err = &returnpkg.Error{File: name, Reason: returnpkg.ReasonTooLarge}
				default:
					out[i].data = data
					out[i].p, out[i].err = returnpkg.ParseBytes(data, name)
				}
			}
		}()
	}
	for i := range files {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// ErrSchoolVault: only a vault without a school or records becomes a
// county vault.
var ErrSchoolVault = errors.New("the vault already holds a school")

// MakeCounty turns the open vault, just created and still empty, into
// the county vault of name with the schools of the list file.
func (s *Session) MakeCounty(ctx context.Context, name, listFile string) error {
	schools, err := ReadSchoolList(listFile)
	if err != nil {
		return err
	}
	if s.Settings.School.Name != "" || s.IsCounty() {
		return ErrSchoolVault
	}
	for _, k := range casework.InterchangeKinds() {
		if n, err := s.Store.Count(k); err != nil || n > 0 {
			return cmpErr(err, ErrSchoolVault)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.SaveSettings(func(st *casework.Settings) error {
		st.Kind, st.County, st.Schools = casework.VaultCounty, name, schools
		st.School.Name, st.School.County = name, name
		return nil
	})
}

func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// PackagesGrid is the status of every school in every month from..to.
func (s *Session) PackagesGrid(ctx context.Context, from, to casework.Month) ([]string, [][]county.Status, error) {
	held, err := s.Packages(ctx)
	if err != nil {
		return nil, nil, err
	}
	months, rows := county.Grid(s.Settings.Schools, held, from, to)
	return months, rows, nil
}

// CountySchoolFigures are every figure of school code over from..to, as
// the monthly return labels them (nil when it returned nothing).
func (s *Session) CountySchoolFigures(ctx context.Context, code string, from, to casework.Month) ([]FigureRow, error) {
	t, err := s.CountyTable(ctx, from, to)
	if err != nil {
		return nil, err
	}
	for _, r := range t.Rows {
		if r.School.Code != code || r.Figures == nil {
			continue
		}
		b, err := r.Figures.JSON()
		if err != nil {
			return nil, err
		}
		f, err := figures.Parse(b)
		if err != nil {
			return nil, err
		}
		return s.FigureRows(f), nil
	}
	return nil, nil
}

var outcomeText = map[county.Outcome][2]string{
	county.Added:      {"已导入", "added"},
	county.Superseded: {"已导入（替换同月旧文件）", "added, supersedes the month's older package"},
	county.Older:      {"已存档（比已导入的同月文件旧，不计入）", "kept, older than the month's package held"},
	county.Duplicate:  {"已导入过，跳过", "already imported, skipped"},
}

// Sentences say what importing the file did, in Chinese and English.
func (r PackageResult) Sentences() (zh, en string) {
	var pe *returnpkg.Error
	switch {
	case errors.As(r.Err, &pe):
		return "拒绝  " + pe.Chinese(), "refused: " + pe.Error()
	case r.Err != nil:
		return "拒绝  “" + r.File + "”：" + r.Err.Error(), "refused: " + r.File + ": " + r.Err.Error()
	}
	t := outcomeText[r.Outcome]
	zh, en = fmt.Sprintf("%s  %s（%s，%s）", t[0], r.File, r.School, r.Month), t[1]+": "+r.File
	if r.KeyRegistered {
		zh, en = zh+"，已登记签名密钥", en+", key registered"
	}
	if r.KeyChanged {
		zh, en = zh+"，已更换登记的签名密钥", en+", registered key replaced"
	}
	return zh, en
}

// Refused counts the files refused, and those refused for their
// signature or key.
func Refused(results []PackageResult) (refused, bySignature int) {
	for _, r := range results {
		if r.Err != nil {
			refused++
			if returnpkg.IsSignature(r.Err) {
				bySignature++
			}
		}
	}
	return refused, bySignature
}

// CountySession is the open county vault's session (ErrNotCounty on a
// school's vault).
func (a *App) CountySession(ctx context.Context) (*Session, error) {
	s, err := a.Session(ctx)
	if err == nil && !s.IsCounty() {
		err = ErrNotCounty
	}
	return s, err
}
