; 心晴 installer for Windows 10/11, built by `make package-windows`.
;
; Per-user: installs into %LOCALAPPDATA%\Programs\心晴 without administrator
; rights, shortcuts in the user's Start menu and desktop, uninstall entry
; under HKCU. The uninstaller removes exactly the files listed here and
; never the counselor's data: the vault and the backups live elsewhere
; (by default %LOCALAPPDATA%\XinQing\vault) and are not touched, not even when
; the user chose a folder inside the install directory (RMDir without /r
; leaves a non-empty folder alone). packaging/packaging_test.go checks this.
;
; The Makefile defines VERSION, VERSIONQUAD, PAYLOAD (folder with the files
; to install), ICON and OUTFILE on the makensis command line.

; A 64-bit installer for a 64-bit app: it installs where the app runs and
; never meets the 32-bit file-system redirection.
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma
CRCCheck on

!ifndef VERSION | VERSIONQUAD | PAYLOAD | ICON | OUTFILE
  !error "VERSION, VERSIONQUAD, PAYLOAD, ICON and OUTFILE must be defined (run make package-windows)"
!endif

!define APPNAME "心晴"
!define APPID "cn.xinqing.app"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPID}"
!define APPKEY "Software\${APPID}"

!include "MUI2.nsh"
!include "FileFunc.nsh"

Name "${APPNAME} ${VERSION}"
Caption "${APPNAME} ${VERSION} 安装程序"
UninstallCaption "${APPNAME} 卸载程序"
BrandingText "${APPNAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPNAME}"
InstallDirRegKey HKCU "${APPKEY}" "InstallDir"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSIONQUAD}"
VIFileVersion "${VERSIONQUAD}"
VIAddVersionKey /LANG=2052 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APPNAME} ${VERSION} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${APPNAME}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "© 心晴项目"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "欢迎安装 心晴 ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "心晴是学校心理辅导室的离线工作平台：加密保存个案档案，生成月报，备份到U盘。所有数据只保存在这台电脑上，不联网。$\r$\n$\r$\n本程序只为当前 Windows 用户安装，不需要管理员权限。$\r$\n$\r$\n点击“下一步”继续。"
!define MUI_LICENSEPAGE_TEXT_TOP "请阅读许可证。心晴和它使用的组件都是按各自许可证提供的。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\xinqing.exe"
!define MUI_FINISHPAGE_RUN_TEXT "现在运行心晴"
!define MUI_FINISHPAGE_SHOWREADME "$INSTDIR\使用说明.txt"
!define MUI_FINISHPAGE_SHOWREADME_TEXT "查看使用说明"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "${PAYLOAD}\license.txt"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "心晴" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${PAYLOAD}\xinqing.exe"
  File "${PAYLOAD}\xinqingctl.exe"
  File "/oname=使用说明.txt" "${PAYLOAD}\readme.txt"
  File "/oname=安装说明.txt" "${PAYLOAD}\install.txt"
  File "/oname=许可证.txt" "${PAYLOAD}\license.txt"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APPNAME}"
  CreateShortcut "$SMPROGRAMS\${APPNAME}\心晴.lnk" "$INSTDIR\xinqing.exe" "" "$INSTDIR\xinqing.exe" 0 SW_SHOWNORMAL "" "学校心理辅导室工作平台"
  CreateShortcut "$SMPROGRAMS\${APPNAME}\使用说明.lnk" "$INSTDIR\使用说明.txt"
  CreateShortcut "$SMPROGRAMS\${APPNAME}\卸载心晴.lnk" "$INSTDIR\uninstall.exe" "" "$INSTDIR\uninstall.exe" 0
  CreateShortcut "$DESKTOP\心晴.lnk" "$INSTDIR\xinqing.exe" "" "$INSTDIR\xinqing.exe" 0 SW_SHOWNORMAL "" "学校心理辅导室工作平台"

  WriteRegStr HKCU "${APPKEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\xinqing.exe,0"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" "$0"
SectionEnd

; Only what the section above installed, file by file. No wildcard, no
; RMDir /r: whatever else is in these folders (a vault, backups, exports
; the user saved there) stays.
Section "Uninstall"
  Delete "$DESKTOP\心晴.lnk"
  Delete "$SMPROGRAMS\${APPNAME}\心晴.lnk"
  Delete "$SMPROGRAMS\${APPNAME}\使用说明.lnk"
  Delete "$SMPROGRAMS\${APPNAME}\卸载心晴.lnk"
  RMDir "$SMPROGRAMS\${APPNAME}"

  Delete "$INSTDIR\xinqing.exe"
  Delete "$INSTDIR\xinqingctl.exe"
  Delete "$INSTDIR\使用说明.txt"
  Delete "$INSTDIR\安装说明.txt"
  Delete "$INSTDIR\许可证.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "${APPKEY}"
SectionEnd

Function un.onUninstSuccess
  IfSilent done
  MessageBox MB_OK|MB_ICONINFORMATION "心晴已卸载。$\r$\n$\r$\n您的加密档案库和U盘上的备份没有被删除（默认位置：%LOCALAPPDATA%\XinQing\vault）。以后重新安装心晴即可继续使用；换电脑时请用“从备份恢复”。$\r$\n$\r$\n如果确实不再需要这些数据，请先确认已有可用的备份，再手动删除该文件夹。"
  done:
FunctionEnd
