"""One timed start of the real app, run by benchmarks/startup.py as its own process (not by hand).

`python -m benchmarks.startup_child VAULT USERNAME PASSWORD MODE`: starts `carecoord-desktop --vault VAULT`
and prints one JSON line per event (monotonic seconds, comparable across processes on one machine):
"signin" when the sign-in window was first painted (with the process's CPU seconds so far, "cpu"); then, once the background warm-up has finished (a
person is still typing by then), the password is entered and Enter pressed ("enter"); "main" when the main
window was first painted. MODE "signin" stops at the sign-in window (for python -X importtime).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time


def emit(event: str, **extra: object) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime  # the whole process: every thread
    sys.stdout.write(json.dumps({"event": event, "t": time.monotonic(), "cpu": cpu, **extra}) + "\n")
    sys.stdout.flush()


def main() -> int:
    vault, username, password, mode = sys.argv[1:5]
    from PySide6.QtCore import QEvent, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QWidget

    from carecoord_desktop.ui import startup

    def type_and_press_enter(window: QWidget) -> None:
        if not startup.warm_up.done.is_set():
            QTimer.singleShot(10, lambda: type_and_press_enter(window))
            return
        emit("warm", seconds=startup.warm_up.seconds)
        window.username.setText(username)  # type: ignore[attr-defined]
        window.password.setText(password)  # type: ignore[attr-defined]
        field = window.password  # type: ignore[attr-defined]
        field.setFocus()
        emit("enter")
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(field, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier))

    def observe(name: str, window: QWidget) -> None:
        if name == "sign-in":
            emit("signin")
            if mode == "signin":
                sys.stderr.flush()
                os._exit(0)
            type_and_press_enter(window)
        elif name == "main":
            emit("main")
            QTimer.singleShot(0, window.close)  # signs out and quits, as a person closing it would

    startup.observers.append(observe)
    from carecoord_desktop.__main__ import main as app_main

    return app_main(["--vault", vault])


if __name__ == "__main__":
    sys.exit(main())
