package startup

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Fyne draws with OpenGL 2.1. PCs whose driver lacks it (old integrated
// graphics without a vendor driver, some remote desktops and virtual
// machines, where Windows falls back to its OpenGL 1.1 software renderer)
// cannot show the window; the counselor gets this explanation instead of
// a silent exit.

const glNeedMajor, glNeedMinor = 2, 1

const glTitle = "心晴无法启动"

// glMessage is the explanation shown in a message box on Windows and on
// stderr elsewhere. detail names what was found, for the IT teacher.
func glMessage(detail string) string {
	var b strings.Builder
	b.WriteString("心晴无法启动：这台电脑的显卡驱动不支持 OpenGL 2.1，心晴需要它才能显示窗口。\n")
	if detail != "" {
		b.WriteString("（检测结果：" + detail + "）\n")
	}
	b.WriteString("\n请这样做：\n" +
		"1. 更新显卡驱动：到电脑厂商或显卡厂商（英特尔、AMD、英伟达）的网站下载最新驱动，或运行 Windows 更新。\n" +
		"2. 如果正在通过远程桌面或虚拟机使用，请改为直接在这台电脑前使用心晴。\n" +
		"3. 仍然不行，请把这条提示拍照发给学校的信息技术老师。\n" +
		"\n您的档案数据没有受到任何影响。")
	return b.String()
}

// errGLVersion means a GL_VERSION string did not start with a version.
var errGLVersion = errors.New("not an OpenGL version string")

// parseGLVersion reads the leading "major.minor" of a GL_VERSION string
// such as "1.1.0", "4.6.0 NVIDIA 531.18" or "OpenGL ES 3.2 Mesa 22.3".
func parseGLVersion(s string) (major, minor int, err error) {
	rest := strings.TrimSpace(s)
	rest = strings.TrimPrefix(rest, "OpenGL ES-CM ")
	rest = strings.TrimPrefix(rest, "OpenGL ES-CL ")
	rest = strings.TrimPrefix(rest, "OpenGL ES ")
	majorText, rest, ok := strings.Cut(rest, ".")
	if !ok {
		return 0, 0, fmt.Errorf("parse %q: %w", s, errGLVersion)
	}
	end := 0
	for end < len(rest) && rest[end] >= '0' && rest[end] <= '9' {
		end++
	}
	major, err1 := strconv.Atoi(majorText)
	minor, err2 := strconv.Atoi(rest[:end])
	if err1 != nil || err2 != nil || major < 0 || minor < 0 || len(majorText) > 3 || end > 3 ||
		strings.TrimLeft(majorText, "0123456789") != "" {
		return 0, 0, fmt.Errorf("parse %q: %w", s, errGLVersion)
	}
	return major, minor, nil
}

// glEnough reports whether major.minor is at least what Fyne needs.
func glEnough(major, minor int) bool {
	return major > glNeedMajor || (major == glNeedMajor && minor >= glNeedMinor)
}

// isGraphicsPanic tells a failed graphics start (GLFW, WGL, OpenGL
// shaders) from other panics, which must crash as usual.
func isGraphicsPanic(r any) bool {
	var msg string
	switch v := r.(type) {
	case error:
		msg = v.Error()
	case string:
		msg = v
	case fmt.Stringer:
		msg = v.String()
	default:
		return false
	}
	msg = strings.ToLower(msg)
	for _, k := range []string{"opengl", "glfw", "wgl", "pixel format", "glx", "egl", "gl context"} {
		if strings.Contains(msg, k) {
			return true
		}
	}
	return false
}
