package packaging

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// fyneApp reads the fields the packaging depends on from FyneApp.toml,
// the one place the version is written.
func fyneApp(t *testing.T) (id, version string) {
	t.Helper()
	data, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	get := func(key string) string {
		m := regexp.MustCompile(`(?m)^\s*` + key + `\s*=\s*"([^"]*)"`).FindSubmatch(data)
		if m == nil {
			t.Fatalf("FyneApp.toml has no %s", key)
		}
		return string(m[1])
	}
	return get("ID"), get("Version")
}

// testIcon is an asymmetric picture, so a flipped or channel-swapped
// encoding shows: red top-left quadrant, blue bottom-right, transparent
// elsewhere.
func testIcon(n int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			switch {
			case x < n/2 && y < n/2:
				img.Set(x, y, color.NRGBA{R: 255, A: 255})
			case x >= n/2 && y >= n/2:
				img.Set(x, y, color.NRGBA{B: 200, G: 40, A: 255})
			}
		}
	}
	return img
}

func TestResize(t *testing.T) {
	half := image.NewNRGBA(image.Rect(0, 0, 2, 1))
	half.Set(0, 0, color.NRGBA{R: 255, A: 255}) // the other pixel is fully transparent
	tests := []struct {
		name string
		src  image.Image
		size int
		x, y int
		want color.NRGBA
	}{
		{"a solid picture keeps its colour at a non-integer factor", image.NewUniform(color.NRGBA{10, 200, 30, 255}), 7, 3, 3, color.NRGBA{10, 200, 30, 255}},
		{"a transparent neighbour halves alpha without darkening the colour", half, 1, 0, 0, color.NRGBA{255, 0, 0, 128}},
		{"the red quadrant stays top left", testIcon(512), 48, 5, 5, color.NRGBA{255, 0, 0, 255}},
		{"the blue quadrant stays bottom right", testIcon(512), 48, 40, 40, color.NRGBA{0, 40, 200, 255}},
		{"the other quadrants stay transparent", testIcon(512), 16, 12, 2, color.NRGBA{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.src
			if u, ok := src.(*image.Uniform); ok {
				m := image.NewNRGBA(image.Rect(0, 0, 10, 10))
				for i := 0; i < 100; i++ {
					m.Set(i%10, i/10, u.C)
				}
				src = m
			}
			got := Resize(src, tt.size)
			if b := got.Bounds(); b.Dx() != tt.size || b.Dy() != tt.size {
				t.Fatalf("got %v, want %d×%d", b, tt.size, tt.size)
			}
			if c := got.NRGBAAt(tt.x, tt.y); c != tt.want {
				t.Errorf("pixel (%d,%d): got %v, want %v", tt.x, tt.y, c, tt.want)
			}
		})
	}
}

func TestWriteICO(t *testing.T) {
	src := testIcon(512)
	sizes := []int{16, 48, 256}
	var buf bytes.Buffer
	if err := WriteICO(&buf, src, sizes); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	le := binary.LittleEndian
	if got := le.Uint16(data[2:]); got != 1 {
		t.Fatalf("type: got %d, want 1 (icon)", got)
	}
	if got := int(le.Uint16(data[4:])); got != len(sizes) {
		t.Fatalf("count: got %d, want %d", got, len(sizes))
	}
	for i, s := range sizes {
		e := data[6+16*i:]
		w := int(e[0])
		if w == 0 {
			w = 256
		}
		size, off := int(le.Uint32(e[8:])), int(le.Uint32(e[12:]))
		if w != s || int(e[1]) != s%256 || le.Uint16(e[6:]) != 32 {
			t.Errorf("entry %d: got %d×%d at %d bpp, want %d×%d at 32", i, w, e[1], le.Uint16(e[6:]), s, s)
		}
		if off+size > len(data) {
			t.Fatalf("entry %d: image at %d+%d beyond the file's %d bytes", i, off, size, len(data))
		}
		img := data[off : off+size]
		want := Resize(src, s)
		if s == 256 {
			p, err := png.Decode(bytes.NewReader(img))
			if err != nil {
				t.Fatalf("256 entry: %v", err)
			}
			if got := color.NRGBAModel.Convert(p.At(10, 10)); got != want.At(10, 10) {
				t.Errorf("256 entry pixel (10,10): got %v, want %v", got, want.At(10, 10))
			}
			continue
		}
		if hs, h := le.Uint32(img), int(le.Uint32(img[8:])); hs != 40 || h != 2*s {
			t.Errorf("%d entry: got header size %d height %d, want 40 and %d", s, hs, h, 2*s)
		}
		// Bottom-up BGRA: pixel (x, y) sits in row s-1-y.
		for _, pt := range [][2]int{{1, 1}, {s - 2, s - 2}, {s - 2, 1}} {
			x, y := pt[0], pt[1]
			p := img[40+((s-1-y)*s+x)*4:]
			got := color.NRGBA{R: p[2], G: p[1], B: p[0], A: p[3]}
			if w := want.NRGBAAt(x, y); got != w {
				t.Errorf("%d entry pixel (%d,%d): got %v, want %v", s, x, y, got, w)
			}
		}
	}
	if err := WriteICO(&bytes.Buffer{}, src, []int{512}); !errors.Is(err, ErrIconSize) {
		t.Errorf("512 in an ico: got %v, want ErrIconSize", err)
	}
}

func TestParseVersion(t *testing.T) {
	tests := []struct {
		name, in string
		build    int
		want     string // Quad, or "" for an error
		text     string
	}{
		{"a plain release parses", "0.1.0", 1, "0.1.0.1", "0.1.0"},
		{"a git tag's v is dropped", "v1.2.3", 7, "1.2.3.7", "1.2.3"},
		{"a pre-release keeps its suffix in the text", "2.0.0-rc1", 0, "2.0.0.0", "2.0.0-rc1"},
		{"build metadata is kept in the text", "1.0.0+deb", 3, "1.0.0.3", "1.0.0+deb"},
		{"the largest part fits", "65535.0.0", 65535, "65535.0.0.65535", "65535.0.0"},
		{"a part above 65535 is refused", "65536.0.0", 0, "", ""},
		{"two parts are refused", "1.2", 0, "", ""},
		{"four parts are refused", "1.2.3.4", 0, "", ""},
		{"a leading zero is refused", "01.2.3", 0, "", ""},
		{"a sign is refused", "+1.2.3", 0, "", ""},
		{"an empty suffix is refused", "1.2.3-", 0, "", ""},
		{"a negative build is refused", "1.2.3", -1, "", ""},
		{"an empty string is refused", "", 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := ParseVersion(tt.in, tt.build)
			if tt.want == "" {
				if !errors.Is(err, ErrVersion) {
					t.Fatalf("got %+v, %v; want ErrVersion", v, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if v.Quad() != tt.want || v.Text != tt.text {
				t.Errorf("got %s %q, want %s %q", v.Quad(), v.Text, tt.want, tt.text)
			}
		})
	}
}

func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"0.1.0", "v1.2.3", "2.0.0-rc1", "65536.0.0", "1.2", "01.2.3", "1.2.3-"} {
		f.Add(s, 1)
	}
	f.Fuzz(func(t *testing.T, s string, build int) {
		v, err := ParseVersion(s, build)
		if err != nil {
			if !errors.Is(err, ErrVersion) {
				t.Fatalf("got %v, want ErrVersion", err)
			}
			return
		}
		// What parses must read back the same from its own text.
		again, err := ParseVersion(v.Text, build)
		if err != nil || again != v {
			t.Fatalf("round trip of %q: got %+v, %v; want %+v", s, again, err, v)
		}
	})
}

func testResource(t *testing.T, version string) Resource {
	t.Helper()
	v, err := ParseVersion(version, 1)
	if err != nil {
		t.Fatal(err)
	}
	return Resource{ID: "cn.xinqing.app", Product: "心晴", Description: "心晴 学校心理辅导室工作平台",
		FileName: "xinqing.exe", Copyright: "© 心晴项目", Version: v, Icon: "xinqing.ico", Manifest: "xinqing.manifest"}
}

func TestRC(t *testing.T) {
	rc := string(testResource(t, "0.1.0").RC())
	for _, want := range []string{
		`1 ICON "xinqing.ico"`,
		`1 24 "xinqing.manifest"`,
		"FILEVERSION 0,1,0,1",
		"PRODUCTVERSION 0,1,0,1",
		"FILEFLAGS 0x0\n",
		`BLOCK "080404b0"`,
		`VALUE "ProductName", L"\x5fc3\x6674\0"`,
		`VALUE "ProductVersion", L"0.1.0\0"`,
		`VALUE "OriginalFilename", L"xinqing.exe\0"`,
		`VALUE "Translation", 0x804, 1200`,
	} {
		if !strings.Contains(rc, want) {
			t.Errorf("resource script lacks %q:\n%s", want, rc)
		}
	}
	for i, r := range rc {
		if r > 0x7e {
			t.Fatalf("resource script has non-ASCII %q at %d", r, i)
		}
	}
	if pre := string(testResource(t, "1.0.0-rc1").RC()); !strings.Contains(pre, "FILEFLAGS 0x2\n") {
		t.Errorf("a pre-release lacks VS_FF_PRERELEASE:\n%s", pre)
	}
}

// TestRCCompiles runs mingw's windres on the generated files, as
// make package-windows does, when it is installed (not in CI).
func TestRCCompiles(t *testing.T) {
	windres, err := exec.LookPath("x86_64-w64-mingw32-windres")
	if err != nil {
		t.Skip("x86_64-w64-mingw32-windres not installed (Debian binutils-mingw-w64-x86-64)")
	}
	dir := t.TempDir()
	r := testResource(t, "0.1.0")
	var ico bytes.Buffer
	if err := WriteICO(&ico, testIcon(64), []int{16, 32}); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"xinqing.ico": ico.Bytes(), "xinqing.manifest": Manifest(r), "xinqing.rc": r.RC()} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(windres, "-O", "coff", "-i", "xinqing.rc", "-o", "rsrc_windows_amd64.syso")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("windres: %v\n%s", err, out)
	}
	obj, err := os.ReadFile(filepath.Join(dir, "rsrc_windows_amd64.syso"))
	if err != nil {
		t.Fatal(err)
	}
	if got := binary.LittleEndian.Uint16(obj); got != 0x8664 {
		t.Errorf("COFF machine: got %#x, want 0x8664 (amd64)", got)
	}
	// The version strings are UTF-16 in the object: 心晴 is 0x5fc3 0x6674.
	if !bytes.Contains(obj, []byte{0xc3, 0x5f, 0x74, 0x66}) {
		t.Error("the compiled resource lacks 心晴 in UTF-16")
	}
}

func TestManifest(t *testing.T) {
	var m struct {
		Identity struct {
			Name    string `xml:"name,attr"`
			Version string `xml:"version,attr"`
		} `xml:"assemblyIdentity"`
		Level struct {
			Level string `xml:"level,attr"`
		} `xml:"trustInfo>security>requestedPrivileges>requestedExecutionLevel"`
		DPI     string   `xml:"application>windowsSettings>dpiAwareness"`
		Support []string `xml:"compatibility>application>supportedOS"`
	}
	if err := xml.Unmarshal(Manifest(testResource(t, "0.1.0")), &m); err != nil {
		t.Fatal(err)
	}
	if m.Identity.Name != "cn.xinqing.app.xinqing" || m.Identity.Version != "0.1.0.1" {
		t.Errorf("identity: got %q %q, want cn.xinqing.app.xinqing 0.1.0.1", m.Identity.Name, m.Identity.Version)
	}
	if m.Level.Level != "asInvoker" {
		t.Errorf("execution level: got %q, want asInvoker (never ask for administrator rights)", m.Level.Level)
	}
	if !strings.Contains(m.DPI, "permonitorv2") {
		t.Errorf("dpiAwareness: got %q, want permonitorv2", m.DPI)
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		crlf, bom bool
		want      string
	}{
		{"Notepad text gets CRLF and a BOM", "心晴\n第二行\n", true, true, "\ufeff心晴\r\n第二行\r\n"},
		{"existing CRLF is not doubled", "a\r\nb\n", true, false, "a\r\nb\r\n"},
		{"a BOM is not added twice", "\ufeffa", false, true, "\ufeffa"},
		{"Unix text stays Unix", "a\r\nb", false, false, "a\nb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(Text([]byte(tt.in), tt.crlf, tt.bom)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLicenseText(t *testing.T) {
	got, err := LicenseText(fstest.MapFS{
		"LICENSE":   {Data: []byte("MIT licence text\n")},
		"NOTICE.md": {Data: []byte("notice\n")},
		"main.go":   {Data: []byte("package x")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "MIT licence text\n\nnotice"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := LicenseText(fstest.MapFS{"main.go": {Data: []byte("package x")}}); !errors.Is(err, ErrNoLicense) {
		t.Errorf("module without licence: got %v, want ErrNoLicense", err)
	}
}

func TestWriteHicolor(t *testing.T) {
	dir := t.TempDir()
	if err := WriteHicolor(dir, "cn.xinqing.app", testIcon(512)); err != nil {
		t.Fatal(err)
	}
	for _, s := range HicolorSizes {
		f, err := os.Open(filepath.Join(dir, "hicolor", fmt.Sprintf("%dx%d", s, s), "apps", "cn.xinqing.app.png"))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Width != s || cfg.Height != s {
			t.Errorf("%d icon: got %d×%d", s, cfg.Width, cfg.Height)
		}
	}
}

// desktopEntry reads the [Desktop Entry] group of a .desktop file.
func desktopEntry(t *testing.T, data []byte) map[string]string {
	t.Helper()
	kv := map[string]string{}
	group := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			group = line[1 : len(line)-1]
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || group == "" {
				t.Fatalf("line %d: %q is not key=value inside a group", n, line)
			}
			if _, dup := kv[k]; dup && group == "Desktop Entry" {
				t.Fatalf("line %d: duplicate key %s", n, k)
			}
			if group == "Desktop Entry" {
				kv[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	return kv
}

func TestDesktopEntry(t *testing.T) {
	id, _ := fyneApp(t)
	name := filepath.Join("linux", id+".desktop")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("the desktop file must be named after the app ID: %v", err)
	}
	kv := desktopEntry(t, data)
	for key, want := range map[string]string{
		"Type": "Application", "Name": "心晴", "Name[en]": "XinQing", "Exec": "xinqing",
		"Icon": id, "Terminal": "false", "Categories": "Office;",
	} {
		if got := kv[key]; got != want {
			t.Errorf("%s: got %q, want %q", key, got, want)
		}
	}
	for _, key := range []string{"GenericName", "Comment", "Keywords"} {
		if !strings.ContainsFunc(kv[key], func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Errorf("%s: got %q, want Chinese text", key, kv[key])
		}
	}
	if v, err := exec.LookPath("desktop-file-validate"); err == nil {
		if out, err := exec.Command(v, name).CombinedOutput(); err != nil || len(bytes.TrimSpace(out)) > 0 {
			t.Errorf("desktop-file-validate: %v\n%s", err, out)
		}
	}
}

func TestMetainfo(t *testing.T) {
	id, version := fyneApp(t)
	name := filepath.Join("linux", id+".metainfo.xml")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("the metainfo must be named after the app ID: %v", err)
	}
	var c struct {
		Type       string `xml:"type,attr"`
		ID         string `xml:"id"`
		Launchable string `xml:"launchable"`
		Icon       string `xml:"icon"`
		Names      []struct {
			Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
			Text string `xml:",chardata"`
		} `xml:"name"`
		Binaries []string `xml:"provides>binary"`
		Releases []struct {
			Version string `xml:"version,attr"`
			Date    string `xml:"date,attr"`
		} `xml:"releases>release"`
	}
	if err := xml.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	if c.Type != "desktop-application" || c.ID != id || c.Launchable != id+".desktop" || c.Icon != id {
		t.Errorf("got type %q id %q launchable %q icon %q, want desktop-application and %s", c.Type, c.ID, c.Launchable, c.Icon, id)
	}
	zh := false
	for _, n := range c.Names {
		zh = zh || (n.Lang == "zh_CN" && n.Text == "心晴")
	}
	if !zh {
		t.Errorf("names %+v: want 心晴 for zh_CN", c.Names)
	}
	if strings.Join(c.Binaries, " ") != "xinqing xinqingctl" {
		t.Errorf("provided binaries: got %v, want xinqing xinqingctl", c.Binaries)
	}
	if len(c.Releases) == 0 || c.Releases[0].Version != version {
		t.Fatalf("releases %+v: the newest must be FyneApp.toml's version %s", c.Releases, version)
	}
	date := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	for i, r := range c.Releases {
		if !date.MatchString(r.Date) || (i > 0 && r.Date > c.Releases[i-1].Date) {
			t.Errorf("release %s dated %q: want YYYY-MM-DD, newest first", r.Version, r.Date)
		}
	}
	if v, err := exec.LookPath("appstreamcli"); err == nil {
		if out, err := exec.Command(v, "validate", "--no-net", "--explain", name).CombinedOutput(); err != nil {
			t.Errorf("appstreamcli validate: %v\n%s", err, out)
		}
	}
}
