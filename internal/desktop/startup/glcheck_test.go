package startup

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestParseGLVersion(t *testing.T) {
	tests := []struct {
		name, in     string
		major, minor int
		enough       bool
		bad          bool
	}{
		{"the Windows software renderer is too old", "1.1.0", 1, 1, false, false},
		{"OpenGL 2.0 is too old", "2.0.3 Build 8.15.10", 2, 0, false, false},
		{"exactly 2.1 is enough", "2.1", 2, 1, true, false},
		{"a vendor string after the version is ignored", "4.6.0 NVIDIA 531.18", 4, 6, true, false},
		{"Intel's build suffix is ignored", "3.1.0 - Build 9.17.10.4459", 3, 1, true, false},
		{"a two-digit minor parses", "2.10", 2, 10, true, false},
		{"an OpenGL ES prefix is skipped", "OpenGL ES 3.2 Mesa 22.3.6", 3, 2, true, false},
		{"surrounding space is ignored", "  3.3.0 ", 3, 3, true, false},
		{"an empty string is no version", "", 0, 0, false, true},
		{"words are no version", "GDI Generic", 0, 0, false, true},
		{"a missing minor is no version", "4. NVIDIA", 0, 0, false, true},
		{"a signed major is no version", "+4.6", 0, 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			major, minor, err := parseGLVersion(tt.in)
			if tt.bad {
				if !errors.Is(err, errGLVersion) {
					t.Fatalf("got %d.%d, %v; want errGLVersion", major, minor, err)
				}
				return
			}
			if err != nil || major != tt.major || minor != tt.minor {
				t.Fatalf("got %d.%d, %v; want %d.%d", major, minor, err, tt.major, tt.minor)
			}
			if got := glEnough(major, minor); got != tt.enough {
				t.Errorf("enough: got %v, want %v", got, tt.enough)
			}
		})
	}
}

func FuzzParseGLVersion(f *testing.F) {
	for _, s := range []string{"1.1.0", "4.6.0 NVIDIA 531.18", "OpenGL ES 3.2 Mesa", "2.10", "GDI Generic", "4. x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		major, minor, err := parseGLVersion(s)
		if err != nil {
			if !errors.Is(err, errGLVersion) {
				t.Fatalf("got %v, want errGLVersion", err)
			}
			return
		}
		if major < 0 || minor < 0 || major > 999 || minor > 999 {
			t.Fatalf("%q: got %d.%d", s, major, minor)
		}
		if !strings.Contains(s, fmt.Sprintf("%d.", major)) {
			t.Fatalf("%q: major %d is not in the string", s, major)
		}
	})
}

func TestIsGraphicsPanic(t *testing.T) {
	tests := []struct {
		name string
		r    any
		want bool
	}{
		{"a GLFW error is a graphics failure", errors.New("VersionUnavailable: WGL: Driver does not support OpenGL version 2.1"), true},
		{"a shader link failure is a graphics failure", "failed to link OpenGL program; error code: 502", true},
		{"a pixel format error is a graphics failure", fmt.Errorf("window: %w", errors.New("WGL: Failed to find a suitable pixel format")), true},
		{"an index error is not", "runtime error: index out of range [3] with length 3", false},
		{"a domain error is not", errors.New("open generation 12: damaged"), false},
		{"a non-text panic is not", 42, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isGraphicsPanic(tt.r); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestGLMessage(t *testing.T) {
	msg := glMessage("OpenGL 1.1.0，GDI Generic")
	for _, want := range []string{"心晴无法启动", "OpenGL 2.1", "更新显卡驱动", "远程桌面", "GDI Generic", "没有受到任何影响"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the message lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(glMessage(""), "检测结果") {
		t.Error("an empty detail still prints a 检测结果 line")
	}
}
