"""CareCoord Desktop: offline-first care coordination for small practices."""

__version__ = "0.1.0"
