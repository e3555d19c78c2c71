package packaging

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
)

// Resource describes the Windows resources of one executable: what
// Explorer shows in its properties and which icon it wears.
type Resource struct {
	ID          string // reverse-DNS application ID, "cn.xinqing.app"
	Product     string // "心晴"
	Description string // shown as the file description
	FileName    string // "xinqing.exe"
	Copyright   string
	Version     Version
	Icon        string // .ico file name, relative to the .rc file
	Manifest    string // manifest file name, relative to the .rc file
}

// RC returns a resource script for mingw's windres: the icon, the
// manifest and a VERSIONINFO in Simplified Chinese (0x0804, UTF-16).
// Every non-ASCII character is written as an escape so the script does
// not depend on the code page windres assumes.
func (r Resource) RC() []byte {
	v := r.Version
	quad := fmt.Sprintf("%d,%d,%d,%d", v.Major, v.Minor, v.Patch, v.Build)
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Generated from FyneApp.toml by packaging/cmd/pkgres; do not edit.\n")
	fmt.Fprintf(&b, "1 ICON %s\n", rcString(r.Icon))
	fmt.Fprintf(&b, "1 24 %s\n", rcString(r.Manifest)) // RT_MANIFEST, CREATEPROCESS_MANIFEST_RESOURCE_ID
	fmt.Fprintf(&b, "1 VERSIONINFO\nFILEVERSION %s\nPRODUCTVERSION %s\n", quad, quad)
	flags := "0x0"
	if strings.ContainsAny(v.Text, "-+") {
		flags = "0x2" // VS_FF_PRERELEASE
	}
	fmt.Fprintf(&b, "FILEFLAGSMASK 0x3f\nFILEFLAGS %s\nFILEOS 0x40004\nFILETYPE 0x1\nFILESUBTYPE 0x0\n", flags)
	b.WriteString("BEGIN\n  BLOCK \"StringFileInfo\"\n  BEGIN\n    BLOCK \"080404b0\"\n    BEGIN\n")
	for _, kv := range [][2]string{
		{"CompanyName", r.Product},
		{"FileDescription", r.Description},
		{"FileVersion", v.Text},
		{"InternalName", strings.TrimSuffix(r.FileName, ".exe")},
		{"LegalCopyright", r.Copyright},
		{"OriginalFilename", r.FileName},
		{"ProductName", r.Product},
		{"ProductVersion", v.Text},
	} {
		fmt.Fprintf(&b, "      VALUE \"%s\", %s\n", kv[0], rcWide(kv[1]))
	}
	b.WriteString("    END\n  END\n  BLOCK \"VarFileInfo\"\n  BEGIN\n    VALUE \"Translation\", 0x804, 1200\n  END\nEND\n")
	return b.Bytes()
}

// rcString quotes an ASCII file name for a resource script.
func rcString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `""`).Replace(s) + `"`
}

// rcWide writes s as a wide string literal with every character outside
// printable ASCII as \xHHHH, plus the terminating NUL Windows expects.
func rcWide(s string) string {
	var b strings.Builder
	b.WriteString(`L"`)
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`""`)
		case r == '\\':
			b.WriteString(`\\`)
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case r > 0xffff:
			r -= 0x10000
			fmt.Fprintf(&b, `\x%04x\x%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
		default:
			fmt.Fprintf(&b, `\x%04x`, r)
		}
	}
	b.WriteString(`\0"`)
	return b.String()
}

// Manifest returns the application manifest: run as the invoking user
// (never ask for administrator rights), per-monitor DPI awareness so text
// is sharp at 125–200 % scaling, Windows 10/11 compatibility, long paths
// and the common-controls v6 look for message boxes.
func Manifest(r Resource) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <assemblyIdentity type="win32" name="%s.%s" version="%s" processorArchitecture="amd64"/>
  <description>%s</description>
  <trustInfo xmlns="urn:schemas-microsoft-com:asm.v3">
    <security>
      <requestedPrivileges>
        <requestedExecutionLevel level="asInvoker" uiAccess="false"/>
      </requestedPrivileges>
    </security>
  </trustInfo>
  <compatibility xmlns="urn:schemas-microsoft-com:compatibility.v1">
    <application>
      <supportedOS Id="{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"/>
    </application>
  </compatibility>
  <application xmlns="urn:schemas-microsoft-com:asm.v3">
    <windowsSettings>
      <dpiAware xmlns="http://schemas.microsoft.com/SMI/2005/WindowsSettings">true/pm</dpiAware>
      <dpiAwareness xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">permonitorv2,permonitor</dpiAwareness>
      <longPathAware xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">true</longPathAware>
    </windowsSettings>
  </application>
  <dependency>
    <dependentAssembly>
      <assemblyIdentity type="win32" name="Microsoft.Windows.Common-Controls" version="6.0.0.0" processorArchitecture="*" publicKeyToken="6595b64144ccf1df" language="*"/>
    </dependentAssembly>
  </dependency>
</assembly>
`, xmlEscape(r.ID), xmlEscape(strings.TrimSuffix(r.FileName, ".exe")), r.Version.Quad(), xmlEscape(r.Description))
	return b.Bytes()
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s)) // a bytes.Buffer never fails
	return b.String()
}
