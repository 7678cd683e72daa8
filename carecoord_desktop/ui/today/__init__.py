"""The Today screens (issue 13)."""
