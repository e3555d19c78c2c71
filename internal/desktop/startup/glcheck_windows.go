//go:build windows

package startup

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"syscall"
	"unsafe"
)

// GraphicsGuard probes for OpenGL 2.1 before Fyne starts and shows a
// Chinese message box instead of a crash when the driver lacks it; the
// function it returns, deferred at the top of main, does the same for a
// graphics panic during start-up. Use it as `defer GraphicsGuard()()`.
// XINQING_SKIP_GLCHECK=1 skips the probe, for a driver it misjudges.
func GraphicsGuard() func() {
	if os.Getenv("XINQING_SKIP_GLCHECK") == "" {
		detail, ok := probeOpenGL()
		if !ok {
			messageBox(glTitle, glMessage(detail))
			os.Exit(1)
		}
	}
	return func() {
		r := recover()
		if r == nil {
			return
		}
		if !isGraphicsPanic(r) {
			panic(r)
		}
		messageBox(glTitle, glMessage(fmt.Sprint(r)))
		os.Exit(1)
	}
}

var errProbe = errors.New("cannot set up the OpenGL probe")

// probeOpenGL creates a hidden window with an OpenGL pixel format and a
// legacy WGL context, the way GLFW starts, and reads GL_VERSION. It says
// ok when OpenGL 2.1 is there, or when the probe itself could not run
// (then Fyne gets its chance and the deferred guard is the fallback).
func probeOpenGL() (detail string, ok bool) {
	runtime.LockOSThread() // WGL contexts are per thread
	defer runtime.UnlockOSThread()

	version, renderer, err := readGLStrings()
	switch {
	case errors.Is(err, errProbe):
		return "", true
	case err != nil:
		return err.Error(), false
	}
	major, minor, perr := parseGLVersion(version)
	if perr != nil {
		return "", true // an unknown format is not proof of failure
	}
	if !glEnough(major, minor) {
		return fmt.Sprintf("OpenGL %s，%s", version, renderer), false
	}
	return "", true
}

const (
	csOwnDC          = 0x0020
	wsOverlapped     = 0x00CF0000
	pfdDrawToWindow  = 0x00000004
	pfdSupportOpenGL = 0x00000020
	pfdDoubleBuffer  = 0x00000001
	glVersion        = 0x1F02
	glRenderer       = 0x1F01
	mbOK             = 0x00000000
	mbIconError      = 0x00000010
	mbSetForeground  = 0x00010000
	attachParent     = ^uintptr(0) // ATTACH_PARENT_PROCESS
)

type wndClassEx struct {
	size       uint32
	style      uint32
	wndProc    uintptr
	clsExtra   int32
	wndExtra   int32
	instance   syscall.Handle
	icon       syscall.Handle
	cursor     syscall.Handle
	background syscall.Handle
	menuName   *uint16
	className  *uint16
	iconSm     syscall.Handle
}

type pixelFormatDescriptor struct {
	size                               uint16
	version                            uint16
	flags                              uint32
	pixelType, colorBits               uint8
	redBits, redShift, greenBits       uint8
	greenShift, blueBits, blueShift    uint8
	alphaBits, alphaShift              uint8
	accumBits, accumRed, accumGreen    uint8
	accumBlue, accumAlpha              uint8
	depthBits, stencilBits, auxBuffers uint8
	layerType, reserved                uint8
	layerMask, visibleMask, damageMask uint32
}

// readGLStrings returns GL_VERSION and GL_RENDERER. errProbe means the
// window could not be made (nothing learnt); another error means the
// driver refused OpenGL itself.
func readGLStrings() (version, renderer string, err error) {
	kernel32 := syscall.NewLazyDLL("kernel32.dll")
	user32 := syscall.NewLazyDLL("user32.dll")
	gdi32 := syscall.NewLazyDLL("gdi32.dll")
	opengl32 := syscall.NewLazyDLL("opengl32.dll")
	if err := opengl32.Load(); err != nil {
		return "", "", fmt.Errorf("opengl32.dll 无法加载: %w", err)
	}
	for _, d := range []*syscall.LazyDLL{kernel32, user32, gdi32} {
		if d.Load() != nil {
			return "", "", errProbe
		}
	}
	call := func(d *syscall.LazyDLL, name string, args ...uintptr) uintptr {
		p := d.NewProc(name)
		if p.Find() != nil {
			return 0
		}
		r, _, _ := p.Call(args...)
		return r
	}

	instance := call(kernel32, "GetModuleHandleW", 0)
	className, _ := syscall.UTF16PtrFromString("XinQingGLProbe")
	defProc := user32.NewProc("DefWindowProcW")
	if defProc.Find() != nil {
		return "", "", errProbe
	}
	wc := wndClassEx{style: csOwnDC, wndProc: defProc.Addr(), instance: syscall.Handle(instance), className: className}
	wc.size = uint32(unsafe.Sizeof(wc))
	if call(user32, "RegisterClassExW", uintptr(unsafe.Pointer(&wc))) == 0 {
		return "", "", errProbe
	}
	defer call(user32, "UnregisterClassW", uintptr(unsafe.Pointer(className)), instance)

	hwnd := call(user32, "CreateWindowExW", 0, uintptr(unsafe.Pointer(className)), uintptr(unsafe.Pointer(className)),
		wsOverlapped, 0, 0, 64, 64, 0, 0, instance, 0)
	if hwnd == 0 {
		return "", "", errProbe
	}
	defer call(user32, "DestroyWindow", hwnd)
	hdc := call(user32, "GetDC", hwnd)
	if hdc == 0 {
		return "", "", errProbe
	}
	defer call(user32, "ReleaseDC", hwnd, hdc)

	pfd := pixelFormatDescriptor{version: 1, flags: pfdDrawToWindow | pfdSupportOpenGL | pfdDoubleBuffer,
		colorBits: 32, depthBits: 24, stencilBits: 8}
	pfd.size = uint16(unsafe.Sizeof(pfd))
	format := call(gdi32, "ChoosePixelFormat", hdc, uintptr(unsafe.Pointer(&pfd)))
	if format == 0 {
		return "", "", errors.New("没有支持 OpenGL 的像素格式")
	}
	if call(gdi32, "SetPixelFormat", hdc, format, uintptr(unsafe.Pointer(&pfd))) == 0 {
		return "", "", errors.New("无法设置 OpenGL 像素格式")
	}
	ctx := call(opengl32, "wglCreateContext", hdc)
	if ctx == 0 {
		return "", "", errors.New("无法创建 OpenGL 上下文")
	}
	defer call(opengl32, "wglDeleteContext", ctx)
	if call(opengl32, "wglMakeCurrent", hdc, ctx) == 0 {
		return "", "", errors.New("无法启用 OpenGL 上下文")
	}
	defer call(opengl32, "wglMakeCurrent", 0, 0)
	version = cString(call(opengl32, "glGetString", glVersion))
	renderer = cString(call(opengl32, "glGetString", glRenderer))
	if version == "" {
		return "", "", errors.New("显卡驱动没有报告 OpenGL 版本")
	}
	return version, renderer, nil
}

// cString copies a NUL-terminated string the driver owns, at most 256 bytes.
func cString(p uintptr) string {
	if p == 0 {
		return ""
	}
	ptr := *(*unsafe.Pointer)(unsafe.Pointer(&p)) // driver memory, not Go's: the GC never moves it
	b := unsafe.Slice((*byte)(ptr), 256)
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// messageBox shows text in a modal error box with the given caption.
func messageBox(caption, text string) {
	t, err1 := syscall.UTF16PtrFromString(text)
	c, err2 := syscall.UTF16PtrFromString(caption)
	if err1 != nil || err2 != nil {
		return
	}
	p := syscall.NewLazyDLL("user32.dll").NewProc("MessageBoxW")
	if p.Find() != nil {
		return
	}
	p.Call(0, uintptr(unsafe.Pointer(t)), uintptr(unsafe.Pointer(c)), mbOK|mbIconError|mbSetForeground)
}

// stdout is where --version prints. A GUI-subsystem program started from
// a console has no standard output unless it is redirected, so it
// attaches to the parent's console then.
func stdout() *os.File {
	if _, err := os.Stdout.Stat(); err == nil {
		return os.Stdout
	}
	p := syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole")
	if p.Find() == nil {
		if r, _, _ := p.Call(attachParent); r != 0 {
			if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
				return f
			}
		}
	}
	return os.Stdout
}
