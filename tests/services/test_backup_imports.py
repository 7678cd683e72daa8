"""services.backup and services.backup_unattended do not import each other both ways (issue 7: no cycles)."""

from __future__ import annotations

import grimp


def test_backup_services_have_no_import_cycle() -> None:
    graph = grimp.build_graph("carecoord_desktop")
    session_side = "carecoord_desktop.services.backup"
    unattended = "carecoord_desktop.services.backup_unattended"
    both_ways = graph.chain_exists(importer=session_side, imported=unattended) and graph.chain_exists(
        importer=unattended, imported=session_side
    )
    assert not both_ways, graph.find_shortest_chain(importer=session_side, imported=unattended)
