package interchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
	"xinqing/internal/memtest"
)

// streamDoc is a document of n students made on the fly, never held
// whole: the envelope, then copies of one valid student with their own ids.
type streamDoc struct {
	head, tail []byte
	rec        []byte // one student, its id replaced by %s
	n, i       int
	buf        bytes.Buffer
	size       int64
}

func newStreamDoc(n int) *streamDoc {
	d := newRandDoc(7)
	s := *d.Students[0]
	s.ID = "ID-PLACEHOLDER"
	rec, err := json.Marshal(&s)
	if err != nil {
		panic(err)
	}
	return &streamDoc{head: []byte(`{"format":"xinqing-interchange","version":1,"students":[`), tail: []byte(`]}`),
		rec: bytes.Replace(rec, []byte("ID-PLACEHOLDER"), []byte("%s"), 1), n: n}
}

func (d *streamDoc) Read(p []byte) (int, error) {
	for d.buf.Len() < len(p) && d.i <= d.n+1 {
		switch {
		case d.i == 0:
			d.buf.Write(d.head)
		case d.i <= d.n:
			if d.i > 1 {
				d.buf.WriteByte(',')
			}
			fmt.Fprintf(&d.buf, string(d.rec), fmt.Sprintf("00000000-0000-4000-8000-%012x", d.i))
		default:
			d.buf.Write(d.tail)
		}
		d.i++
	}
	n, err := d.buf.Read(p)
	d.size += int64(n)
	if err == io.EOF && d.i <= d.n+1 {
		err = nil
	}
	return n, err
}

// hugeDoc is a document of size bytes whose bulk is one value: a string
// or an array of numbers inside a record, or a string in the envelope.
type hugeDoc struct {
	head, fill, tail []byte
	left             int64
	stage            int
	buf              bytes.Buffer
}

func newHugeDoc(kind string, size int64) *hugeDoc {
	h := &hugeDoc{}
	switch kind {
	case "note":
		h.head, h.fill, h.tail = []byte(`{"format":"xinqing-interchange","version":1,"students":[{"id":"00000000-0000-4000-8000-000000000001","notes":"`), []byte("心晴"), []byte(`"}]}`)
	case "numbers":
		h.head, h.fill, h.tail = []byte(`{"format":"xinqing-interchange","version":1,"students":[{"id":"00000000-0000-4000-8000-000000000001","x":[1`), []byte(",1"), []byte(`]}]}`)
	case "envelope":
		h.head, h.fill, h.tail = []byte(`{"format":"`), []byte("ab"), []byte(`","version":1}`)
	case "key":
		h.head, h.fill, h.tail = []byte(`{"`), []byte("ab"), []byte(`":1}`)
	}
	h.left = size - int64(len(h.head)+len(h.tail))
	return h
}

func (h *hugeDoc) Read(p []byte) (int, error) {
	for h.buf.Len() < len(p) && h.stage < 3 {
		switch {
		case h.stage == 0:
			h.buf.Write(h.head)
			h.stage++
		case h.left >= int64(len(h.fill)):
			for i := 0; i < 4096 && h.left >= int64(len(h.fill)); i++ {
				h.buf.Write(h.fill)
				h.left -= int64(len(h.fill))
			}
		default:
			h.buf.Write(h.tail)
			h.stage = 3
		}
	}
	return h.buf.Read(p)
}

// A 500 MiB document whose bulk is one value (a note, an array of numbers
// inside a record, the format string, a key) is refused after reading a
// few MiB of it, with a sentence naming the limit, in a few MiB of memory.
func TestAHugeValueIsRefusedBeforeItIsBuffered(t *testing.T) {
	const size = 500 << 20
	for _, kind := range []string{"note", "numbers", "envelope", "key"} {
		t.Run(kind, func(t *testing.T) {
			var err error
			start := time.Now()
			peak := memtest.LivePeak(func() { _, err = Import(newHugeDoc(kind, size), newMemStore(), Options{Now: fixedNow}) })
			var ie *ImportError
			if !errors.As(err, &ie) || !strings.Contains(ie.Error(), "8 MiB") {
				t.Fatalf("got %v, want a refusal naming the 8 MiB limit", err)
			}
			if peak > 80<<20 {
				t.Errorf("the live heap rose by %d MiB for a %d MiB document, want a few times the 8 MiB cap at most", peak>>20, size>>20)
			}
			t.Logf("refused in %v, heap +%d MiB", time.Since(start), peak>>20)
		})
	}
}

// A document just under the cap of 512 MiB made of many small values is
// refused at the cap or read in memory that grows with the records kept,
// never with the document: here bad records, none kept.
func TestADocumentOfManyBadRecordsKeepsNoneOfThem(t *testing.T) {
	const size = 512 << 10
	doc := newHugeDoc("note", 0)
	doc.head = []byte(`{"format":"xinqing-interchange","version":1,"students":[{}`)
	doc.fill, doc.tail = []byte(",{}"), []byte(`]}`)
	doc.left = size
	var err error
	peak := memtest.LivePeak(func() { _, err = Import(doc, newMemStore(), Options{Now: fixedNow}) })
	var ie *ImportError
	if !errors.As(err, &ie) || ie.Total < size/3-10 {
		t.Fatalf("got %v, want every one of the bad records counted", err)
	}
	if peak > 16<<20 {
		t.Errorf("the live heap rose by %d MiB for %d MiB of bad records, want a few", peak>>20, size>>20)
	}
}

// Memory grows with the records, never with a copy of the document:
// checking a document (every record decoded, validated and kept, ready to
// be written) raises the live heap by less than twice its size.
func TestImportMemoryStaysUnderTwiceTheDocument(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	doc := newStreamDoc(n)
	var p *Plan
	var err error
	peak := memtest.LivePeak(func() { p, err = CheckReader(doc, newMemStore(), Options{Now: fixedNow}) })
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Result.Counts["students"]; got != n {
		t.Fatalf("checked %d students, want %d", got, n)
	}
	if limit := 2*doc.size + 4<<20; int64(peak) > limit {
		t.Errorf("the live heap rose by %d KiB for a %d KiB document, want under twice its size", peak>>10, doc.size>>10)
	}
	t.Logf("%d records, %d KiB document, heap +%d KiB", n, doc.size>>10, peak>>10)
	runtime.KeepAlive(p)
}

// BenchmarkCheck200kRecordDocument reports the live-heap peak of reading
// and checking a document of 200,000 students streamed from a generator
// (every record decoded, validated and kept, ready to be written), beside
// the document's size: the peak grows with the records, never with a copy
// of the document.
func BenchmarkCheck200kRecordDocument(b *testing.B) {
	const n = 200000
	for b.Loop() {
		doc := newStreamDoc(n)
		var err error
		var p *Plan
		peak := memtest.LivePeak(func() { p, err = CheckReader(doc, newMemStore(), Options{Now: fixedNow}) })
		if err != nil {
			b.Fatal(err)
		}
		if p.Result.Counts["students"] != n {
			b.Fatalf("checked %d students", p.Result.Counts["students"])
		}
		b.ReportMetric(float64(doc.size)/(1<<20), "doc-MiB")
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(peak)/float64(doc.size), "peak/doc")
	}
}
