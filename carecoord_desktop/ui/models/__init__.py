"""Qt table models over service queries."""
