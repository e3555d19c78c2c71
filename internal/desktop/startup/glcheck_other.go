//go:build !windows

package startup

import (
	"fmt"
	"os"
)

// GraphicsGuard has no probe outside Windows: Linux desktops ship Mesa,
// which always offers OpenGL 2.1 at least in software. It says so when
// there is no display at all, and turns a graphics panic into the same
// explanation on stderr. Use it as `defer GraphicsGuard()()`.
func GraphicsGuard() func() {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		fmt.Fprintln(os.Stderr, "心晴无法启动：没有找到图形桌面（DISPLAY 和 WAYLAND_DISPLAY 都未设置）。请在桌面环境中运行心晴；命令行操作请使用 xinqingctl。")
		os.Exit(1)
	}
	return func() {
		r := recover()
		if r == nil {
			return
		}
		if !isGraphicsPanic(r) {
			panic(r)
		}
		fmt.Fprintf(os.Stderr, "%s\n\n%v\n", glMessage(""), r)
		os.Exit(1)
	}
}

// stdout is where --version prints.
func stdout() *os.File { return os.Stdout }
