"""The PySide6 user interface. It talks to `services` and `domain` only, never to `storage`."""
