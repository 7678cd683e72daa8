"""Issue 7 and 8: services/auth and services/staff no longer import each other (not even lazily)."""

from __future__ import annotations

import grimp

AUTH, STAFF = "carecoord_desktop.services.auth", "carecoord_desktop.services.staff"


def test_auth_and_staff_are_in_no_import_cycle() -> None:
    graph = grimp.build_graph("carecoord_desktop")
    services = [m for m in graph.modules if m.startswith("carecoord_desktop.services.")]
    for module in (AUTH, STAFF):
        in_cycle = [
            other
            for other in services
            if other != module and graph.chain_exists(module, other) and graph.chain_exists(other, module)
        ]
        assert in_cycle == [], f"{module} is in an import cycle with {in_cycle}"
