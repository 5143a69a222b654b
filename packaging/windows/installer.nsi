; 联动监督问题清单管理系统 — the Windows installer. A pynsist template (its double-bracket fields are filled in by
; pynsist from the installer.cfg that packaging/windows/build.py writes); makensis runs on the result.
;
; - Installs for the current user by default (no administrator needed: %LOCALAPPDATA%\Programs\…);
;   "为本机所有用户安装" puts it under Program Files (needs an administrator).
; - Start-menu and desktop shortcuts; Chinese pages (MUI SimpChinese + resources/packaging/installer_zh.nsh).
; - Installing over an older version replaces the program files only. The user's data lives in
;   %APPDATA%\联动监督问题清单 (models/paths.py), which neither the installer nor the uninstaller touches;
;   the uninstaller says where it is.
!include "build_defs.nsh"

!define PRODUCT_NAME "[[ib.appname]]"
!define PRODUCT_VERSION "[[ib.version]]"
!define INSTALLER_NAME "[[ib.installer_name]]"
!define PRODUCT_ICON "[[icon]]"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define USER_INSTALL_MARKER _user_install_marker

; A 64-bit installer (NSIS amd64-unicode stubs): the program is 64-bit only, and wine64 runs it.
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma

!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_INSTALLMODE_DEFAULT_CURRENTUSER
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "${SHORT_NAME}"
; An upgrade finds the folder (and the per-user / all-users choice) of the version already installed.
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallLocation"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallLocation"
!include MultiUser.nsh
!include FileFunc.nsh
!include MUI2.nsh

Var DataDir
Var cmdLineInstallDir

!define MUI_ABORTWARNING
!define MUI_ICON "${PRODUCT_ICON}"
!define MUI_UNICON "${PRODUCT_ICON}"

!define MUI_WELCOMEPAGE_TITLE "${TEXT_WELCOME_TITLE}"
!define MUI_WELCOMEPAGE_TEXT "${TEXT_WELCOME}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_FUNCTION LaunchProgram
!define MUI_FINISHPAGE_RUN_TEXT "${TEXT_FINISH_RUN}"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "${TEXT_UN_CONFIRM}"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "${TEXT_UN_DATA_KEPT_TITLE}"
!define MUI_FINISHPAGE_TEXT "${TEXT_UN_DATA_KEPT}"
!insertmacro MUI_UNPAGE_FINISH

!insertmacro MUI_LANGUAGE "SimpChinese"

Name "${PRODUCT_NAME} ${PRODUCT_VERSION}"
OutFile "${INSTALLER_NAME}"
ShowInstDetails show
ShowUninstDetails show
BrandingText "${PRODUCT_NAME} ${PRODUCT_VERSION}"   ; not NSIS's English version line

Section "!${PRODUCT_NAME}" sec_app
  SetRegView 64
  SectionIn RO
  SetOutPath "$INSTDIR"
  SetOverwrite on

  ; An older version's program files go first, so nothing stale stays behind. Data is elsewhere.
  IfFileExists "$INSTDIR\pkgs\*.*" 0 +2
    DetailPrint "${TEXT_DETAIL_OLD}"
  RMDir /r "$INSTDIR\pkgs"
  RMDir /r "$INSTDIR\Python"

  File "${PRODUCT_ICON}"
  SetOutPath "$INSTDIR\pkgs"
  File /r "pkgs\*.*"
  SetOutPath "$INSTDIR"

  ; Marker telling the uninstaller this was a per-user install
  StrCmp $MultiUser.InstallMode CurrentUser 0 +3
    FileOpen $0 "$INSTDIR\${USER_INSTALL_MARKER}" w
    FileClose $0

  [% for destination, group in grouped_files %]
  SetOutPath "[[destination]]"
  [% for file in group %]
  File "[[ file ]]"
  [% endfor %]
  [% endfor %]
  [% for dir, destination in ib.install_dirs %]
  SetOutPath "[[ pjoin(destination, dir) ]]"
  File /r "[[dir]]\*.*"
  [% endfor %]

  ; Shortcuts start in the user's home folder
  SetOutPath "$PROFILE"
  [% for scname, sc in ib.shortcuts.items() %]
  CreateShortCut "$SMPROGRAMS\[[scname]].lnk" "[[sc['target'] ]]" '[[ sc['parameters'] ]]' "$INSTDIR\[[ sc['icon'] ]]"
  CreateShortCut "$DESKTOP\[[scname]].lnk" "[[sc['target'] ]]" '[[ sc['parameters'] ]]' "$INSTDIR\[[ sc['icon'] ]]"
  [% endfor %]
  SetOutPath "$INSTDIR"

  DetailPrint "${TEXT_DETAIL_COMPILE}"
  nsExec::ExecToLog '[[ python ]] -m compileall -q "$INSTDIR\pkgs"'
  WriteUninstaller "$INSTDIR\uninstall.exe"

  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT_NAME}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${PRODUCT_ICON}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${PRODUCT_VERSION}"
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" $0

  IfRebootFlag 0 noreboot
    MessageBox MB_YESNO "${TEXT_REBOOT}" /SD IDNO IDNO noreboot
      Reboot
  noreboot:
SectionEnd

Section "Uninstall"
  SetRegView 64
  SetShellVarContext all
  IfFileExists "$INSTDIR\${USER_INSTALL_MARKER}" 0 +3
    SetShellVarContext current
    Delete "$INSTDIR\${USER_INSTALL_MARKER}"

  Delete "$INSTDIR\uninstall.exe"
  Delete "$INSTDIR\${PRODUCT_ICON}"
  RMDir /r "$INSTDIR\pkgs"
  [% for file, destination in ib.install_files %]
  Delete "[[pjoin(destination, file)]]"
  [% endfor %]
  [% for dir, destination in ib.install_dirs %]
  RMDir /r "[[pjoin(destination, dir)]]"
  [% endfor %]
  [% for scname in ib.shortcuts %]
  Delete "$SMPROGRAMS\[[scname]].lnk"
  Delete "$DESKTOP\[[scname]].lnk"
  [% endfor %]
  RMDir "$INSTDIR"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  ; The data folder is never removed here: say where it is.
  DetailPrint "${TEXT_UN_DETAIL_DATA}$DataDir"
SectionEnd

Function .onInit
  ; MultiUser.nsh breaks /D: accept /INSTDIR=… instead (also used by packaging/windows/try_wine.sh)
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} '$0' "/INSTDIR=" $1
  IfErrors +2
    StrCpy $cmdLineInstallDir $1
  ClearErrors
  !insertmacro MULTIUSER_INIT
  StrCmp $cmdLineInstallDir "" +2
    StrCpy $INSTDIR $cmdLineInstallDir
FunctionEnd

Function LaunchProgram
  Exec '"$INSTDIR\Python\pythonw.exe" "$INSTDIR\launch.pyw"'
FunctionEnd

Function un.onInit
  ; The program keeps each user's data in that user's %APPDATA% (models/paths.py)
  SetShellVarContext current
  StrCpy $DataDir "$APPDATA\${DATA_DIR_NAME}"
  !insertmacro MULTIUSER_UNINIT
FunctionEnd
