// Package faultfs is an in-memory vault.FS for tests: it fails the k-th
// operation with a chosen error (or silently corrupts the data a read
// returns), and it simulates a power cut, after which
// only what was synced is sure to survive (unsynced sectors are kept,
// dropped or garbled; unsynced directory changes are kept in order up to a
// random point and the rest lost), all from a seed.
package faultfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"path"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"xinqing/internal/vault"
)

// Errors to inject.
var (
	EIO = syscall.EIO
	// ENOSPC is a full disk.
	ENOSPC = syscall.ENOSPC
	// SharingViolation is what Windows reports while a scanner holds a file.
	SharingViolation = fmt.Errorf("%w (simulated)", vault.ErrSharingViolation)
	// ErrPowerCut is returned by every operation after the power went off.
	ErrPowerCut = errors.New("faultfs: power is off")
	// Corrupt is a fault no caller sees as an error: a read (ReadFile,
	// ReadAt) failed with it succeeds with the lowest bit of its first byte
	// flipped, as from a failing cable or drive cache; other operations
	// at that count succeed untouched.
	Corrupt = errors.New("faultfs: read returned corrupted data (simulated)")
)

// SectorSize is the unit of a torn write.
const SectorSize = 512

type node struct {
	data   []byte // what a reader sees now
	synced []byte // what survives a power cut for sure
	mtime  time.Time
}

// op is a directory change not yet made durable.
type op struct {
	kind     string // "create", "rename", "remove", "mkdir"
	from, to string
	n        *node
}

// FS is the fault-injecting file system. Its zero value is not usable; call New.
type FS struct {
	mu      sync.Mutex
	files   map[string]*node // visible namespace
	dirs    map[string]bool
	durable map[string]*node // namespace after a power cut with no pending op
	ddirs   map[string]bool
	pending []op
	locks   map[string]bool

	ops      int
	failAt   int
	failErr  error
	sticky   bool // every operation from failAt on fails (disk full, power off)
	failOnly map[string]bool
	log      []string
}

var (
	_ vault.FS           = (*FS)(nil)
	_ vault.ReaderOpener = (*FS)(nil)
)

// New returns an empty file system holding the root directory "/".
func New() *FS {
	return &FS{
		files: map[string]*node{}, dirs: map[string]bool{"/": true},
		durable: map[string]*node{}, ddirs: map[string]bool{"/": true},
		locks: map[string]bool{},
	}
}

// Clone is an independent copy (without locks, counters or faults).
func (f *FS) Clone() *FS {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := New()
	nodes := map[*node]*node{}
	cp := func(n *node) *node {
		if m, ok := nodes[n]; ok {
			return m
		}
		m := &node{data: append([]byte(nil), n.data...), synced: append([]byte(nil), n.synced...), mtime: n.mtime}
		nodes[n] = m
		return m
	}
	for k, n := range f.files {
		c.files[k] = cp(n)
	}
	for k, n := range f.durable {
		c.durable[k] = cp(n)
	}
	for k := range f.dirs {
		c.dirs[k] = true
	}
	for k := range f.ddirs {
		c.ddirs[k] = true
	}
	for _, o := range f.pending {
		if o.n != nil {
			o.n = cp(o.n)
		}
		c.pending = append(c.pending, o)
	}
	return c
}

// FailAt makes the k-th operation from now (1-based) fail with err; with
// sticky, every later one fails too. Names, if given, restrict the count to
// those operations ("Write", "Rename", …).
func (f *FS) FailAt(k int, err error, sticky bool, names ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ops, f.failAt, f.failErr, f.sticky = 0, k, err, sticky
	f.failOnly = nil
	if len(names) > 0 {
		f.failOnly = map[string]bool{}
		for _, n := range names {
			f.failOnly[n] = true
		}
	}
	f.log = nil
}

// Ops is the number of operations counted since the last FailAt or Reset.
func (f *FS) Ops() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ops
}

// Log lists the operations counted since the last FailAt, for messages.
func (f *FS) Log() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.log...)
}

// Reset clears faults and counters.
func (f *FS) Reset() { f.FailAt(0, nil, false) }

// step counts one operation and returns the injected error, if any.
// Callers hold f.mu.
func (f *FS) step(name, arg string) error {
	if f.failOnly != nil && !f.failOnly[name] {
		return nil
	}
	f.ops++
	f.log = append(f.log, name+" "+arg)
	if f.failAt > 0 && (f.ops == f.failAt || f.sticky && f.ops > f.failAt) {
		if f.failErr == Corrupt && !readsData(name) {
			return nil
		}
		return &fs.PathError{Op: strings.ToLower(name), Path: arg, Err: f.failErr}
	}
	return nil
}

// readsData tells the operations that return file data, the only ones
// Corrupt affects.
func readsData(name string) bool { return name == "ReadFile" || name == "ReadAt" }

// corrupt flips the lowest bit of b's first byte, if any.
func corrupt(b []byte) {
	if len(b) > 0 {
		b[0] ^= 1
	}
}

func clean(name string) string { return path.Clean("/" + name) }

func (f *FS) parentExists(name string) error {
	if !f.dirs[path.Dir(name)] {
		return &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return nil
}

type file struct {
	f      *FS
	name   string
	n      *node
	closed bool
}

// CreateExcl implements vault.FS.
func (f *FS) CreateExcl(name string) (vault.File, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	name = clean(name)
	if err := f.step("CreateExcl", name); err != nil {
		return nil, err
	}
	if err := f.parentExists(name); err != nil {
		return nil, err
	}
	if _, ok := f.files[name]; ok || f.dirs[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrExist}
	}
	n := &node{}
	f.files[name] = n
	f.pending = append(f.pending, op{kind: "create", to: name, n: n})
	return &file{f: f, name: name, n: n}, nil
}

func (h *file) Write(p []byte) (int, error) {
	h.f.mu.Lock()
	defer h.f.mu.Unlock()
	if h.closed {
		return 0, fs.ErrClosed
	}
	if err := h.f.step("Write", h.name); err != nil {
		// A failed write may still have put part of the data down.
		half := len(p) / 2
		if !errors.Is(err, ErrPowerCut) {
			h.n.data = append(h.n.data, p[:half]...)
		}
		return half, err
	}
	h.n.data = append(h.n.data, p...)
	return len(p), nil
}

func (h *file) Sync() error {
	h.f.mu.Lock()
	defer h.f.mu.Unlock()
	if err := h.f.step("Sync", h.name); err != nil {
		return err
	}
	h.n.synced = append([]byte(nil), h.n.data...)
	return nil
}

func (h *file) Close() error {
	h.f.mu.Lock()
	defer h.f.mu.Unlock()
	if h.closed {
		return fs.ErrClosed
	}
	h.closed = true
	return h.f.step("Close", h.name)
}

// ReadFile implements vault.FS.
func (f *FS) ReadFile(name string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	name = clean(name)
	err := f.step("ReadFile", name)
	garble := errors.Is(err, Corrupt)
	if err != nil && !garble {
		return nil, err
	}
	n, ok := f.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	b := append([]byte(nil), n.data...)
	if garble {
		corrupt(b)
	}
	return b, nil
}

// reader is a file opened by OpenReader. Like a file handle it holds the
// node, not the name: it follows a rename, and reads what is there now,
// synced or not.
type reader struct {
	f      *FS
	name   string
	n      *node
	closed bool
}

// OpenReader implements vault.ReaderOpener. Opening is one operation and
// every ReadAt another; Close is not counted and cannot be made to fail.
func (f *FS) OpenReader(name string) (vault.FileReader, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	name = clean(name)
	if err := f.step("OpenReader", name); err != nil {
		return nil, err
	}
	n, ok := f.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &reader{f: f, name: name, n: n}, nil
}

// ReadAt implements io.ReaderAt over the file's current content.
func (r *reader) ReadAt(p []byte, off int64) (int, error) {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	if r.closed {
		return 0, fs.ErrClosed
	}
	if off < 0 {
		return 0, &fs.PathError{Op: "readat", Path: r.name, Err: fs.ErrInvalid}
	}
	err := r.f.step("ReadAt", r.name)
	garble := errors.Is(err, Corrupt)
	if err != nil && !garble {
		// A failed read may still have filled part of p.
		if errors.Is(err, ErrPowerCut) {
			return 0, err
		}
		return r.copyAt(p[:len(p)/2], off), err
	}
	m := r.copyAt(p, off)
	if garble {
		corrupt(p[:m])
	}
	if m < len(p) {
		return m, io.EOF
	}
	return m, nil
}

func (r *reader) copyAt(p []byte, off int64) int {
	if off >= int64(len(r.n.data)) {
		return 0
	}
	return copy(p, r.n.data[off:])
}

func (r *reader) Close() error {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	if r.closed {
		return fs.ErrClosed
	}
	r.closed = true
	return nil
}

// Rename implements vault.FS.
func (f *FS) Rename(oldname, newname string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	oldname, newname = clean(oldname), clean(newname)
	if err := f.step("Rename", oldname); err != nil {
		return err
	}
	n, ok := f.files[oldname]
	if !ok {
		return &fs.PathError{Op: "rename", Path: oldname, Err: fs.ErrNotExist}
	}
	if err := f.parentExists(newname); err != nil || f.dirs[newname] {
		return &fs.PathError{Op: "rename", Path: newname, Err: fs.ErrInvalid}
	}
	delete(f.files, oldname)
	f.files[newname] = n
	f.pending = append(f.pending, op{kind: "rename", from: oldname, to: newname})
	return nil
}

// Remove implements vault.FS.
func (f *FS) Remove(name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	name = clean(name)
	if err := f.step("Remove", name); err != nil {
		return err
	}
	if f.dirs[name] && name != "/" {
		// An empty directory only, as os.Remove.
		for n := range f.files {
			if strings.HasPrefix(n, name+"/") {
				return &fs.PathError{Op: "remove", Path: name, Err: syscall.ENOTEMPTY}
			}
		}
		for d := range f.dirs {
			if strings.HasPrefix(d, name+"/") {
				return &fs.PathError{Op: "remove", Path: name, Err: syscall.ENOTEMPTY}
			}
		}
		delete(f.dirs, name)
		delete(f.ddirs, name)
		return nil
	}
	if _, ok := f.files[name]; !ok {
		return &fs.PathError{Op: "remove", Path: name, Err: fs.ErrNotExist}
	}
	delete(f.files, name)
	f.pending = append(f.pending, op{kind: "remove", to: name})
	return nil
}

// ReadDir implements vault.FS.
func (f *FS) ReadDir(name string) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	name = clean(name)
	if err := f.step("ReadDir", name); err != nil {
		return nil, err
	}
	if !f.dirs[name] {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	var names []string
	for p := range f.files {
		if path.Dir(p) == name {
			names = append(names, path.Base(p))
		}
	}
	for p := range f.dirs {
		if p != "/" && path.Dir(p) == name {
			names = append(names, path.Base(p))
		}
	}
	sort.Strings(names)
	return names, nil
}

// MkdirAll implements vault.FS. New directories are made durable at once
// (they are created once, at setup, and synced there in a real vault).
func (f *FS) MkdirAll(name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	name = clean(name)
	if err := f.step("MkdirAll", name); err != nil {
		return err
	}
	for d := name; ; d = path.Dir(d) {
		if _, ok := f.files[d]; ok {
			return &fs.PathError{Op: "mkdir", Path: d, Err: syscall.ENOTDIR}
		}
		f.dirs[d] = true
		f.ddirs[d] = true
		if d == "/" {
			return nil
		}
	}
}

type info struct {
	name  string
	size  int64
	mtime time.Time
	dir   bool
}

func (i info) Name() string { return i.name }
func (i info) Size() int64  { return i.size }
func (i info) Mode() fs.FileMode {
	return map[bool]fs.FileMode{true: fs.ModeDir | 0o700, false: 0o600}[i.dir]
}
func (i info) ModTime() time.Time { return i.mtime }
func (i info) IsDir() bool        { return i.dir }
func (i info) Sys() any           { return nil }

// Stat implements vault.FS.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	name = clean(name)
	if err := f.step("Stat", name); err != nil {
		return nil, err
	}
	if f.dirs[name] {
		return info{name: path.Base(name), dir: true}, nil
	}
	n, ok := f.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return info{name: path.Base(name), size: int64(len(n.data)), mtime: n.mtime}, nil
}

// Chtimes implements vault.FS. The time is metadata that survives a cut
// with its file.
func (f *FS) Chtimes(name string, mtime time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	name = clean(name)
	if err := f.step("Chtimes", name); err != nil {
		return err
	}
	n, ok := f.files[name]
	if !ok {
		return &fs.PathError{Op: "chtimes", Path: name, Err: fs.ErrNotExist}
	}
	n.mtime = mtime
	return nil
}

// SyncDir implements vault.FS: like a journal commit, it makes durable
// every pending directory change up to the last one touching name.
func (f *FS) SyncDir(name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	name = clean(name)
	if err := f.step("SyncDir", name); err != nil {
		return err
	}
	last := -1
	for i, o := range f.pending {
		if path.Dir(o.to) == name || o.from != "" && path.Dir(o.from) == name {
			last = i
		}
	}
	for _, o := range f.pending[:last+1] {
		f.apply(f.durable, o)
	}
	f.pending = f.pending[last+1:]
	return nil
}

func (f *FS) apply(ns map[string]*node, o op) {
	switch o.kind {
	case "create":
		ns[o.to] = o.n
	case "rename":
		if n, ok := ns[o.from]; ok {
			delete(ns, o.from)
			ns[o.to] = n
		}
	case "remove":
		delete(ns, o.to)
	}
}

// Lock implements vault.FS; a power cut releases every lock.
func (f *FS) Lock(name string) (io.Closer, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	name = clean(name)
	if err := f.step("Lock", name); err != nil {
		return nil, err
	}
	if f.locks[name] {
		return nil, vault.ErrInUse
	}
	f.locks[name] = true
	return lock{f, name}, nil
}

type lock struct {
	f    *FS
	name string
}

func (l lock) Close() error {
	l.f.mu.Lock()
	defer l.f.mu.Unlock()
	delete(l.f.locks, l.name)
	return nil
}

// PowerCut turns the power off: from now every operation fails with
// ErrPowerCut, until Restart.
func (f *FS) PowerCut() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ops, f.failAt, f.failErr, f.sticky, f.failOnly = 0, 1, ErrPowerCut, true, nil
}

// CutAfter lets k more operations through and then cuts the power.
func (f *FS) CutAfter(k int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ops, f.failAt, f.failErr, f.sticky, f.failOnly, f.log = 0, k+1, ErrPowerCut, true, nil, nil
}

// Restart is the machine coming back after a power cut: a random prefix of
// the pending directory changes survived, and every file's unsynced
// sectors are each kept, dropped (the old bytes, or zeros past the old end)
// or garbled. Locks are released and faults cleared.
func (f *FS) Restart(seed uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	ns := f.durable
	keep := rng.IntN(len(f.pending) + 1)
	for _, o := range f.pending[:keep] {
		f.apply(ns, o)
	}
	f.pending = nil
	done := map[*node]bool{}
	for _, n := range ns {
		if done[n] {
			continue
		}
		done[n] = true
		tear(n, rng)
	}
	f.files = map[string]*node{}
	for k, n := range ns {
		f.files[k] = n
	}
	f.dirs = map[string]bool{}
	for d := range f.ddirs {
		f.dirs[d] = true
	}
	f.locks = map[string]bool{}
	f.ops, f.failAt, f.failErr, f.sticky, f.failOnly, f.log = 0, 0, nil, false, nil, nil
}

// tear decides what of a file's unsynced data reached the platters.
func tear(n *node, rng *rand.Rand) {
	size := len(n.synced)
	if len(n.data) != size && rng.IntN(2) == 0 {
		size = len(n.data)
	}
	out := make([]byte, size)
	for off := 0; off < size; off += SectorSize {
		end := min(off+SectorSize, size)
		var cur, old []byte
		if off < len(n.data) {
			cur = n.data[off:min(end, len(n.data))]
		}
		if off < len(n.synced) {
			old = n.synced[off:min(end, len(n.synced))]
		}
		if string(cur) == string(old) && len(cur) == end-off {
			copy(out[off:end], cur)
			continue
		}
		switch rng.IntN(3) {
		case 0: // the new sector made it
			copy(out[off:end], cur)
		case 1: // it did not: the old bytes, or zeros
			copy(out[off:end], old)
		default: // half-written
			for i := off; i < end; i++ {
				out[i] = byte(rng.Uint32())
			}
		}
	}
	n.data = out
	n.synced = append([]byte(nil), out...)
}

// WriteFile puts a file in place, durable at once, as if it had been there
// before: tests use it to plant damaged or foreign files.
func (f *FS) WriteFile(name string, data []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	name = clean(name)
	n := &node{data: append([]byte(nil), data...), synced: append([]byte(nil), data...)}
	if old, ok := f.files[name]; ok {
		n.mtime = old.mtime
	}
	f.files[name] = n
	f.durable[name] = n
}

// Files lists every file path, sorted.
func (f *FS) Files() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var names []string
	for p := range f.files {
		names = append(names, p)
	}
	sort.Strings(names)
	return names
}
