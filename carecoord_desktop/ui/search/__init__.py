"""Quick patient search (Ctrl+K from anywhere in the main window)."""
