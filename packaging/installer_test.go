package packaging

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// nsisLines returns the script's statements without comments.
func nsisLines(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("windows/xinqing.nsi")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, ";") || strings.HasPrefix(l, "#") {
			continue
		}
		lines = append(lines, l)
	}
	return lines
}

// args splits an NSIS statement into its words, honouring quotes.
func args(l string) []string {
	return regexp.MustCompile(`"[^"]*"|'[^']*'|\S+`).FindAllString(l, -1)
}

func unquote(s string) string { return strings.Trim(s, `"'`) }

// TestInstallerNeverDeletesData guards the counselor's vault: the
// uninstaller removes only files the installer itself put there, one by
// one, and nothing under the data folders.
func TestInstallerNeverDeletesData(t *testing.T) {
	lines := nsisLines(t)
	var installed, shortcuts, deleted []string
	for _, l := range lines {
		a := args(l)
		switch strings.ToLower(a[0]) {
		case "file":
			name := unquote(a[len(a)-1])
			for _, w := range a[1:] {
				if o, ok := strings.CutPrefix(unquote(w), "/oname="); ok {
					name = o
				}
			}
			installed = append(installed, `$INSTDIR\`+name[strings.LastIndex(name, `\`)+1:])
		case "writeuninstaller":
			installed = append(installed, unquote(a[1]))
		case "createshortcut":
			shortcuts = append(shortcuts, unquote(a[1]))
		case "delete", "rmdir":
			for _, w := range a[1:] {
				if strings.EqualFold(w, "/r") {
					t.Errorf("%q: recursive removal could take the vault with it", l)
				}
			}
			target := unquote(a[len(a)-1])
			if strings.ContainsAny(target, "*?") {
				t.Errorf("%q: wildcards could match the user's files", l)
			}
			for _, v := range []string{"$APPDATA", "$LOCALAPPDATA", "$PROFILE", "$DOCUMENTS", "$TEMP"} {
				if strings.HasPrefix(target, v) && !strings.HasPrefix(target, `$LOCALAPPDATA\Programs\`) {
					t.Errorf("%q: the uninstaller must not touch %s", l, v)
				}
			}
			if !strings.HasPrefix(target, `$INSTDIR`) && !strings.HasPrefix(target, `$SMPROGRAMS\${APPNAME}`) &&
				!strings.HasPrefix(target, `$DESKTOP\`) {
				t.Errorf("%q: removes something outside the install folder and its shortcuts", l)
			}
			if strings.EqualFold(a[0], "delete") {
				deleted = append(deleted, target)
			}
		}
	}
	if len(installed) < 5 || len(shortcuts) < 3 {
		t.Fatalf("got %d files and %d shortcuts; the script was not read", len(installed), len(shortcuts))
	}
	for _, f := range append(installed, shortcuts...) {
		found := false
		for _, d := range deleted {
			found = found || d == f
		}
		if !found {
			t.Errorf("%s is installed but the uninstaller leaves it behind", f)
		}
	}
}

func TestInstallerIsPerUserAndChinese(t *testing.T) {
	script := strings.Join(nsisLines(t), "\n")
	for _, want := range []string{
		"Target amd64-unicode",
		"RequestExecutionLevel user",
		`InstallDir "$LOCALAPPDATA\Programs\${APPNAME}"`,
		`WriteRegStr HKCU "${UNINSTKEY}"`,
		`!insertmacro MUI_LANGUAGE "SimpChinese"`,
		`!insertmacro MUI_PAGE_LICENSE`,
		`CreateShortcut "$DESKTOP\心晴.lnk"`,
		`CreateShortcut "$SMPROGRAMS\${APPNAME}\心晴.lnk"`,
		`CreateShortcut "$SMPROGRAMS\${APPNAME}\卸载心晴.lnk"`,
		`File "/oname=使用说明.txt"`,
	} {
		if !strings.Contains(script, want) {
			t.Errorf("the script lacks %q", want)
		}
	}
	for _, bad := range []string{"HKLM", "RequestExecutionLevel admin", "$PROGRAMFILES", "SetShellVarContext all"} {
		if strings.Contains(script, bad) {
			t.Errorf("the script has %q; a per-user install needs no administrator", bad)
		}
	}
}

// TestLinuxInstall runs the archive's Makefile on a fake unpacked archive
// into a DESTDIR, then uninstalls, and checks that a vault beside the
// installed files survives.
func TestLinuxInstall(t *testing.T) {
	mk, err := exec.LookPath("make")
	if err != nil {
		t.Skip("make not installed")
	}
	id, _ := fyneApp(t)
	archive := t.TempDir()
	files := map[string]string{
		"Makefile":                                      "",
		"bin/xinqing":                                   "#!/bin/sh\n",
		"bin/xinqingctl":                                "#!/bin/sh\n",
		"share/applications/" + id + ".desktop":         "",
		"share/metainfo/" + id + ".metainfo.xml":        "",
		"share/doc/xinqing/INSTALL.md":                  "安装说明\n",
		"share/doc/xinqing/THIRD-PARTY-LICENSES.txt":    "licences\n",
		"share/doc/xinqing/README-zh.txt":               "使用说明\n",
		"share/icons/hicolor/16x16/apps/" + id + ".png": "png",
	}
	for name := range files {
		src := map[string]string{
			"Makefile":                               "linux/Makefile",
			"share/applications/" + id + ".desktop":  "linux/" + id + ".desktop",
			"share/metainfo/" + id + ".metainfo.xml": "linux/" + id + ".metainfo.xml",
		}[name]
		data := []byte(files[name])
		if src != "" {
			if data, err = os.ReadFile(src); err != nil {
				t.Fatal(err)
			}
		}
		p := filepath.Join(archive, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range HicolorSizes[1:] {
		d := filepath.Join(archive, "share/icons/hicolor", fmt.Sprintf("%dx%d", s, s), "apps")
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, id+".png"), []byte("png"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dest := t.TempDir()
	const prefix = "/opt/xinqing-test"
	make := func(target string) {
		t.Helper()
		cmd := exec.Command(mk, "-C", archive, target, "PREFIX="+prefix, "DESTDIR="+dest)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("make %s: %v\n%s", target, err, out)
		}
	}
	make("install")
	root := filepath.Join(dest, prefix)
	for _, f := range []string{"bin/xinqing", "bin/xinqingctl", "share/metainfo/" + id + ".metainfo.xml",
		"share/icons/hicolor/512x512/apps/" + id + ".png", "share/doc/xinqing/INSTALL.md"} {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			t.Errorf("after install: %v", err)
		}
	}
	if fi, err := os.Stat(filepath.Join(root, "bin/xinqing")); err == nil && fi.Mode().Perm() != 0o755 {
		t.Errorf("bin/xinqing mode: got %v, want 0755", fi.Mode().Perm())
	}
	desktop, err := os.ReadFile(filepath.Join(root, "share/applications", id+".desktop"))
	if err != nil {
		t.Fatal(err)
	}
	if got := desktopEntry(t, desktop)["Exec"]; got != prefix+"/bin/xinqing" {
		t.Errorf("installed Exec: got %q, want %q (the PREFIX may not be on PATH)", got, prefix+"/bin/xinqing")
	}
	vault := filepath.Join(root, "share/doc/xinqing/vault/gen/000000001.age")
	if err := os.MkdirAll(filepath.Dir(vault), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(vault, []byte("sealed"), 0o600); err != nil {
		t.Fatal(err)
	}
	make("uninstall")
	if _, err := os.Stat(vault); err != nil {
		t.Errorf("uninstall removed data it did not install: %v", err)
	}
	var left []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.Contains(p, "/vault/") {
			left = append(left, strings.TrimPrefix(p, root))
		}
		return nil
	})
	if len(left) > 0 {
		t.Errorf("uninstall left %v", left)
	}
}
