package backup

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestMountinfoParsingPicksRemovableMounts(t *testing.T) {
	f, err := os.Open("testdata/mountinfo.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ms := ParseMountinfo(f)
	if len(ms) != 12 {
		t.Fatalf("got %d mounts, want the 12 well-formed lines", len(ms))
	}
	// /dev/sdd is a USB disk mounted by hand; /dev/sde an internal one.
	removable := func(src string) bool { return src == "/dev/sdd1" }
	got := removableMounts(ms, removable)
	want := []Mount{
		{Point: "/media/teacher/KINGSTON", FSType: "vfat", Source: "/dev/sdb1"},
		{Point: "/run/media/teacher/My Stick", FSType: "exfat", Source: "/dev/sdc1"},
		{Point: "/mnt/usb", FSType: "ext4", Source: "/dev/sdd1"},
		{Point: "/media/net", FSType: "cifs", Source: "//server/share"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if !isFATType(got[0].FSType) || isFATType(got[1].FSType) {
		t.Error("got the FAT flag wrong: vfat has the 4 GiB limit, exFAT does not")
	}
}

func TestMountEscapesAreUndone(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`/media/a\040b`, "/media/a b"},
		{`/media/tab\011x`, "/media/tab\tx"},
		{`/media/back\134slash`, `/media/back\slash`},
		{`/media/trailing\04`, `/media/trailing\04`},
		{`/media/not\999octal`, `/media/not\999octal`},
		{`/media/plain`, "/media/plain"},
	} {
		if got := unescapeMount(c.in); got != c.want {
			t.Errorf("unescapeMount(%q): got %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzParseMountinfo(f *testing.F) {
	b, _ := os.ReadFile("testdata/mountinfo.txt")
	f.Add(string(b))
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range ParseMountinfo(strings.NewReader(s)) {
			if !strings.HasPrefix(m.Point, "/") || m.FSType == "" {
				t.Fatalf("got mount %+v from malformed input", m)
			}
		}
	})
}
