; Inno Setup 6 script for CareCoord Desktop on Windows. UNTRIED HERE: no Windows machine was available; it is kept
; in step with the Linux build (tests/packaging checks the names, paths and icon it uses).
;
; Build on Windows, from the repository root, after the frozen build:
;   py -3.11 -m venv build\packaging\venv
;   build\packaging\venv\Scripts\pip install -c constraints.txt -c packaging\build-constraints.txt pyinstaller <the app's dependencies>
;   build\packaging\venv\Scripts\pyinstaller --noconfirm --distpath build\packaging\dist --workpath build\packaging\work packaging\carecoord-desktop.spec
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" packaging\carecoord-desktop.iss
; which writes build\packaging\carecoord-desktop-<version>-windows-x64-setup.exe. Sign both the .exe files in the
; bundle and the installer (signtool sign /fd sha256 /tr <timestamp server> /td sha256 ...) before publishing.
;
; Per user, no administrator rights: the app goes to %LOCALAPPDATA%\Programs\CareCoord Desktop with a Start-menu
; entry. Data is never in the program folder: vaults, their .keys, backups and logs live in
; %LOCALAPPDATA%\CareCoord Desktop (or where the practice chose), which this installer never writes and its
; uninstaller never deletes. There is no [UninstallDelete] section on purpose: the uninstaller removes only the files
; it installed, so anything else in the program folder (a vault saved there by mistake) stays.

#define AppName "CareCoord Desktop"
#define AppExe "carecoord-desktop.exe"
#define BundleDir "..\build\packaging\dist\carecoord-desktop"
; The version comes from carecoord_desktop/__init__.py through the spec, which writes it into the .exe.
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(BundleDir + "\" + AppExe, "ProductVersion")
#endif

[Setup]
; Never change AppId: Windows finds the installed app (for updates and uninstall) by it.
AppId={{A962E5CE-947E-4864-9E33-2D3AC9544EAE}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CareCoord
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DisableDirPage=auto
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile=..\resources\icons\carecoord-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\build\packaging
OutputBaseFilename=carecoord-desktop-{#AppVersion}-windows-x64-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; An update closes a running copy first (it asks); the app takes a copy of the vault before it migrates it.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Care coordination for small practices"
Name: "{autoprograms}\{#AppName} (demo practice)"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
