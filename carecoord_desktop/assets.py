"""Where the runtime assets are: the top-level `resources/` folder of the repository.

A wheel carries that folder inside the package as `carecoord_desktop/resources` (hatchling force-include), and
the frozen build bundles it at the same place; an editable install (the tests, a developer's checkout) has it
only beside the package. One lookup for every asset, so no module builds its own path.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def resources_folder() -> Path:
    for candidate in (_PACKAGE / "resources", _PACKAGE.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("The app's resources folder is missing; reinstall CareCoord Desktop.")


def resource_path(*parts: str) -> Path:
    """The path of one bundled asset, e.g. resource_path("fonts", "DejaVuSans.ttf")."""
    return resources_folder().joinpath(*parts)
