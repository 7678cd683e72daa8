"""The packaging files agree with each other and with the code, so the installers that cannot be built here
(Windows, macOS) stay in step with the Linux build that is.

The frozen build itself runs in packaging/build.sh (minutes, so not in this suite); these checks take a second.
"""

from __future__ import annotations

import ast
import configparser
import re
import struct
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6

from carecoord_desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"
APP_ID = "org.carecoord.CareCoordDesktop"
SPEC = (PACKAGING / "carecoord-desktop.spec").read_text(encoding="utf-8")
ISS = (PACKAGING / "carecoord-desktop.iss").read_text(encoding="utf-8")


def spec_constant(name: str) -> ast.expr:
    for node in ast.parse(SPEC).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return node.value
    raise AssertionError(f"the spec has no {name}")


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(PACKAGING / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def metainfo() -> ET.Element:
    return ET.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot()  # noqa: S314 - our own file


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_version_is_written_once_and_every_installer_takes_it_from_there() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"]["path"] == "carecoord_desktop/__init__.py"
    # The spec reads __init__.py (and gives the version to Info.plist and the Windows .exe resource) ...
    assert '(PACKAGE / "__init__.py").read_text()' in SPEC
    assert "CFBundleShortVersionString" in SPEC and 'StringStruct("ProductVersion", VERSION)' in SPEC
    # ... and the Inno Setup script reads it back from the .exe rather than holding its own.
    assert 'GetStringFileInfo(BundleDir + "\\" + AppExe, "ProductVersion")' in ISS
    assert not re.search(r"\d+\.\d+\.\d+", ISS)
    # AppStream lists releases: the newest must be this version.
    releases = metainfo().findall("releases/release")
    assert releases and releases[0].get("version") == __version__


def test_one_application_id_everywhere() -> None:
    assert ast.literal_eval(spec_constant("APP_ID")) == APP_ID
    root = metainfo()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert desktop_entry()["Icon"] == APP_ID
    assert f"APP_ID={APP_ID}" in (PACKAGING / "linux-install.sh").read_text(encoding="utf-8")
    app = (ROOT / "carecoord_desktop" / "app.py").read_text(encoding="utf-8")
    assert f'setDesktopFileName("{APP_ID}")' in app  # Wayland matches the window to the .desktop file by it


def test_the_desktop_file_launches_the_bundled_program() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "carecoord-desktop"  # install.sh makes it the unpacked folder's absolute path
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and "MedicalSoftware" in entry["Categories"]
    assert "name=carecoord-desktop" in SPEC.replace('"', "").replace(" ", "")


def test_every_icon_size_the_linux_menu_uses_is_drawn_at_that_size() -> None:
    script = (PACKAGING / "linux-install.sh").read_text(encoding="utf-8")
    listed = re.search(r'^sizes="([\d ]+)"$', script, re.M)
    assert listed is not None
    sizes = {int(size) for size in listed.group(1).split()}
    assert {16, 32, 48, 256, 512} <= sizes
    drawn = {int(p.stem.rsplit("-", 1)[1]) for p in ICONS.glob("carecoord-desktop-*.png")}
    assert drawn == sizes
    for size in sizes:
        assert png_size(ICONS / f"carecoord-desktop-{size}.png") == (size, size)


def test_the_windows_icon_holds_the_sizes_windows_asks_for() -> None:
    data = (ICONS / "carecoord-desktop.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for i in range(count):
        width, _h, _c, _r, _planes, _bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + length <= len(data)
        sizes.add(width or 256)
    assert {16, 32, 48, 256} <= sizes


def test_the_macos_icon_is_a_whole_icns_file() -> None:
    data = (ICONS / "carecoord-desktop.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    kinds, at = set(), 8
    while at < len(data):
        kinds.add(data[at : at + 4])
        at += struct.unpack(">I", data[at + 4 : at + 8])[0]
    assert at == len(data)
    assert {b"ic07", b"ic08", b"ic09", b"ic10"} <= kinds  # 128, 256, 512 and 512@2x


def test_the_icon_paths_the_spec_the_installer_and_the_window_use_exist() -> None:
    for constant in ("ICON_WINDOWS", "ICON_MACOS"):
        path = spec_constant(constant)
        assert isinstance(path, ast.BinOp) and isinstance(path.right, ast.Constant)
        assert (ICONS / str(path.right.value)).is_file()
    setup_icon = re.search(r"^SetupIconFile=(.+)$", ISS, re.M)
    assert setup_icon is not None
    assert (PACKAGING / setup_icon.group(1).replace("\\", "/")).resolve() == ICONS / "carecoord-desktop.ico"
    app = (ROOT / "carecoord_desktop" / "app.py").read_text(encoding="utf-8")
    window_icon = re.search(r'resource_path\("icons", "([^"]+)"\)', app)
    assert window_icon is not None and (ICONS / window_icon.group(1)).is_file()


def test_the_spec_bundles_the_qt_plugins_the_app_needs_and_they_exist() -> None:
    subscript = spec_constant("QT_PLUGINS")
    assert isinstance(subscript, ast.Subscript)
    plugins: dict[str, list[str]] = ast.literal_eval(subscript.value)
    linux = plugins["linux"]
    for needed in (
        "platforms/libqxcb.so",
        "imageformats/libqpdf.so",
        "printsupport/libcupsprintersupport.so",
    ):
        assert needed in linux
    assert any(name.startswith("xcbglintegrations/") for name in linux)
    assert any(name.startswith("imageformats/") for name in plugins["win32"])
    assert "platforms/qwindows.dll" in plugins["win32"] and "platforms/libqcocoa.dylib" in plugins["darwin"]
    installed = Path(PySide6.__file__).parent / "Qt" / "plugins"
    for name in linux:  # the pinned PySide6 still ships every one of them
        assert (installed / name).is_file(), name


def test_the_spec_bundles_resources_where_the_app_looks_and_the_migrations() -> None:
    assert '(str(ROOT / "resources"), "carecoord_desktop/resources")' in SPEC
    assert '"carecoord_desktop/storage/migrations"' in SPEC
    assert "build_info()" in SPEC  # the build date and commit that --version and About show


def test_the_windows_installer_is_per_user_and_never_deletes_practice_data() -> None:
    assert re.search(r"^PrivilegesRequired=lowest$", ISS, re.M)
    assert re.search(r"^DefaultDirName=\{autopf\}", ISS, re.M)  # %LOCALAPPDATA%\Programs when not admin
    assert re.search(r'^Name: "\{autoprograms\}\\\{#AppName\}"', ISS, re.M)  # the Start-menu entry
    assert re.search(r'^#define BundleDir "\.\.\\build\\packaging\\dist\\carecoord-desktop"$', ISS, re.M)
    assert "dist/carecoord-desktop" in (PACKAGING / "build.sh").read_text(encoding="utf-8")
    sections = set(re.findall(r"^\[(\w+)\]", ISS, re.M))
    assert not sections & {"UninstallDelete", "UninstallRun", "Code"}, (
        "the uninstaller may only remove what it installed"
    )
    assert "DelTree" not in ISS and "{localappdata}" not in ISS.lower()
