"""The transitions-of-care screens."""
