// Command pkgres writes the resources the installers need, from the app
// icon and the version in FyneApp.toml (the Makefile passes them in):
//
//	pkgres ico     -icon in.png -out app.ico
//	pkgres rc      -icon app.ico -file xinqing.exe -desc … -version 0.1.0 -build 1 -out dir
//	pkgres hicolor -icon in.png -id cn.xinqing.app -out share/icons
//	pkgres text    -crlf -bom -out out.txt in1.txt in2.txt …
//	pkgres notices -out THIRD-PARTY.txt ./cmd/xinqing ./cmd/xinqingctl
//	pkgres quad    -version 0.1.0 -build 1   (prints 0.1.0.1)
//
// It is a build tool: errors go to stderr and the exit status is 1.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	_ "image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"xinqing/packaging"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "pkgres:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: pkgres ico|rc|hicolor|text|notices|quad [flags]")
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	icon := fs.String("icon", "", "icon file (PNG for ico and hicolor, .ico name for rc)")
	out := fs.String("out", "", "output file or directory")
	id := fs.String("id", "cn.xinqing.app", "application ID")
	product := fs.String("product", "心晴", "product name")
	desc := fs.String("desc", "", "file description")
	file := fs.String("file", "", "executable file name")
	version := fs.String("version", "", "version, as in FyneApp.toml")
	build := fs.Int("build", 0, "build number, as in FyneApp.toml")
	copyright := fs.String("copyright", "© 心晴项目", "copyright line")
	crlf := fs.Bool("crlf", false, "write Windows line endings")
	bom := fs.Bool("bom", false, "start with a UTF-8 byte order mark")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *out == "" && args[0] != "quad" {
		return errors.New("-out is required")
	}
	switch args[0] {
	case "quad":
		v, err := packaging.ParseVersion(*version, *build)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(stdout, v.Quad())
		return err
	case "ico":
		img, err := readPNG(*icon)
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if err := packaging.WriteICO(&b, img, []int{16, 20, 24, 32, 40, 48, 64, 128, 256}); err != nil {
			return err
		}
		return os.WriteFile(*out, b.Bytes(), 0o644)
	case "rc":
		v, err := packaging.ParseVersion(*version, *build)
		if err != nil {
			return err
		}
		r := packaging.Resource{
			ID: *id, Product: *product, Description: *desc, FileName: *file,
			Copyright: *copyright, Version: v, Icon: *icon,
		}
		base := strings.TrimSuffix(*file, ".exe")
		r.Manifest = base + ".manifest"
		if err := os.WriteFile(filepath.Join(*out, r.Manifest), packaging.Manifest(r), 0o644); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(*out, base+".rc"), r.RC(), 0o644)
	case "hicolor":
		img, err := readPNG(*icon)
		if err != nil {
			return err
		}
		return packaging.WriteHicolor(*out, *id, img)
	case "text":
		var b bytes.Buffer
		for i, name := range fs.Args() {
			data, err := os.ReadFile(name)
			if err != nil {
				return err
			}
			if i > 0 {
				b.WriteString("\n\n")
			}
			b.Write(bytes.TrimPrefix(data, []byte("\ufeff")))
		}
		return os.WriteFile(*out, packaging.Text(b.Bytes(), *crlf, *bom), 0o644)
	case "notices":
		return notices(*out, fs.Args())
	}
	return fmt.Errorf("unknown subcommand %q", args[0])
}

func readPNG(name string) (image.Image, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", name, err)
	}
	return img, nil
}

// notices collects the licence of every module the given packages link,
// for the target GOOS/GOARCH in the environment, into one text file.
func notices(out string, pkgs []string) error {
	cmd := exec.Command("go", append([]string{"list", "-deps", "-json=Module"}, pkgs...)...)
	cmd.Stderr = os.Stderr
	data, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("go list: %w", err)
	}
	type module struct{ Path, Version, Dir string }
	seen := map[string]module{}
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		var p struct{ Module *module }
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return fmt.Errorf("go list output: %w", err)
		}
		if p.Module != nil && p.Module.Version != "" { // the main module has none
			seen[p.Module.Path] = *p.Module
		}
	}
	paths := make([]string, 0, len(seen))
	for p := range seen {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var b bytes.Buffer
	b.WriteString("心晴使用的第三方组件及其许可证 / Third-party components and their licences\n")
	for _, p := range paths {
		m := seen[p]
		text, err := packaging.LicenseText(os.DirFS(m.Dir))
		if err != nil {
			return fmt.Errorf("licence of %s: %w", p, err)
		}
		fmt.Fprintf(&b, "\n%s\n%s %s\n%s\n\n%s\n", strings.Repeat("=", 72), m.Path, m.Version, strings.Repeat("=", 72), bytes.TrimSpace(text))
	}
	return os.WriteFile(out, b.Bytes(), 0o644)
}
