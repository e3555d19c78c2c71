package interchange

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"maps"
	"time"

	"xinqing/internal/casework"
)

// memStore is an in-memory Store for the tests that exercise the document
// logic; a transaction works on a copy and is adopted only on success.
// Records are kept as their JSON so that callers cannot alias them.
type memStore struct {
	settings casework.Settings
	recs     map[casework.Kind]map[string][]byte
	writes   int
	failPut  bool // every Put fails: a store that breaks mid-transaction
}

func newMemStore() *memStore {
	return &memStore{settings: casework.DefaultSettings(), recs: map[casework.Kind]map[string][]byte{}}
}

func (m *memStore) Settings() (casework.Settings, error) { return m.settings, nil }

func (m *memStore) List(k casework.Kind) ([]casework.Record, error) {
	var out []casework.Record
	for _, b := range m.recs[k] {
		rec := casework.NewRecord(k)
		if err := json.Unmarshal(b, rec); err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

func (m *memStore) Count(k casework.Kind) (int, error) { return len(m.recs[k]), nil }

func (m *memStore) Exists(k casework.Kind, id string) (bool, error) {
	_, ok := m.recs[k][id]
	return ok, nil
}

type memTx struct{ m *memStore }

func (t memTx) PutSettings(s casework.Settings) error { t.m.settings = s; return nil }

func (t memTx) Put(rec casework.Record) error {
	if t.m.failPut {
		return errors.New("disk full")
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	k := rec.RecordKind()
	if t.m.recs[k] == nil {
		t.m.recs[k] = map[string][]byte{}
	}
	t.m.recs[k][rec.Base().ID] = b
	return nil
}

func (m *memStore) Write(f func(Writer) error) error {
	work := &memStore{settings: m.settings, recs: map[casework.Kind]map[string][]byte{}, failPut: m.failPut}
	for k, v := range m.recs {
		work.recs[k] = maps.Clone(v)
	}
	if err := f(memTx{work}); err != nil {
		return err
	}
	m.settings, m.recs = work.settings, work.recs
	m.writes++
	return nil
}

// hash is the store's content hash: the SHA-256 of its canonical export.
func (m *memStore) hash() [32]byte {
	var b bytes.Buffer
	if err := Export(&b, m, time.Unix(0, 0)); err != nil {
		panic(err)
	}
	return sha256.Sum256(b.Bytes())
}

func (m *memStore) clone() *memStore {
	c := &memStore{settings: m.settings, recs: map[casework.Kind]map[string][]byte{}}
	for k, v := range m.recs {
		c.recs[k] = maps.Clone(v)
	}
	return c
}
