package startup

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"xinqing/internal/version"
)

func TestVersionText(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want bool
	}{
		{"--version asks for it", []string{"--version"}, true},
		{"-version asks for it", []string{"-version"}, true},
		{"-v asks for it", []string{"-v"}, true},
		{"no arguments start the app", nil, false},
		{"another argument starts the app", []string{"--debug"}, false},
		{"--version after another argument is not a request", []string{"x", "--version"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, ok := versionText(tt.args)
			if ok != tt.want {
				t.Fatalf("got %v, want %v", ok, tt.want)
			}
			if ok && text != "xinqing "+version.Version {
				t.Errorf("got %q, want %q", text, "xinqing "+version.Version)
			}
		})
	}
}

// TestVersionStamp builds the app as the Makefile does, with the version
// set by -ldflags, and runs --version: the stamp must reach the binary.
func TestVersionStamp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the app")
	}
	bin := filepath.Join(t.TempDir(), "xinqing")
	const stamp = "9.8.7-stamp"
	build := exec.Command("go", "build", "-tags", "ci", "-ldflags", "-X xinqing/internal/version.Version="+stamp, "-o", bin, "xinqing/cmd/xinqing")
	build.Env = append(build.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatalf("xinqing --version: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != "xinqing "+stamp {
		t.Errorf("got %q, want %q", got, "xinqing "+stamp)
	}
}
