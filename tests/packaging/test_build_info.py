"""--version and About name the build: its date and commit in a frozen build, "from source" otherwise."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from carecoord_desktop import __version__, build_info
from carecoord_desktop.ui.dialogs.about import AboutDialog
from tests.cli.helpers import run


@pytest.fixture
def frozen_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """What the spec writes into the bundle's resources folder."""
    info = tmp_path / build_info.BUILD_INFO_FILE
    info.write_text(json.dumps({"version": __version__, "built": "2026-11-28", "commit": "b8add75"}))
    monkeypatch.setattr(build_info, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    build_info.build_info.cache_clear()
    yield
    build_info.build_info.cache_clear()


def test_from_source_the_version_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(monkeypatch, capsys, ["--version"])
    assert code == 0
    assert out.strip() == f"carecoord {__version__} (from source)"


@pytest.mark.usefixtures("frozen_build")
def test_a_frozen_build_names_its_date_and_commit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], qtbot: QtBot
) -> None:
    code, out, _err = run(monkeypatch, capsys, ["--version"])
    assert code == 0
    assert out.strip() == f"carecoord {__version__} (built 2026-11-28, commit b8add75)"
    about = AboutDialog(None)
    qtbot.addWidget(about)
    assert about.values["appVersion"].text() == __version__
    assert about.values["appBuild"].text() == "built 2026-11-28, commit b8add75"


def test_an_unreadable_build_record_falls_back_to_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / build_info.BUILD_INFO_FILE).write_text("{not json")
    monkeypatch.setattr(build_info, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    build_info.build_info.cache_clear()
    try:
        assert build_info.build_info().label == f"{__version__} (from source)"
    finally:
        build_info.build_info.cache_clear()
