"""A live strength meter under a new-password field (the rules live in domain.passwords)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QProgressBar, QVBoxLayout, QWidget

from carecoord_desktop.domain.passwords import strength

_COLOURS = {0: "#b3261e", 1: "#c2410c", 2: "#b7791f", 3: "#2e7d4f", 4: "#1f6b43"}


class PasswordStrengthMeter(QWidget):
    """Follows a QLineEdit; `user_words` returns the name and username so they can be refused."""

    def __init__(
        self,
        field: QLineEdit,
        user_words: Callable[[], tuple[str, ...]] = tuple,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passwordStrength")
        self._field = field
        self._user_words = user_words
        self.bar = QProgressBar()
        self.bar.setObjectName("strengthBar")
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        self.bar.setAccessibleName("Password strength")
        self.label = QLabel()
        self.label.setObjectName("strengthLabel")
        self.hint = QLabel()
        self.hint.setObjectName("strengthHint")
        self.hint.setProperty("hint", True)
        self.hint.setWordWrap(True)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.bar, 1)
        top.addWidget(self.label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        field.textChanged.connect(self.update_strength)
        self.update_strength()

    def update_strength(self) -> None:
        text = self._field.text()
        result = strength(text, user_words=self._user_words())
        self.score = result.score
        self.bar.setValue(result.score if text else 0)
        colour = _COLOURS[result.score]
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background: {colour}; }}")
        self.label.setText(result.label if text else "")
        self.label.setStyleSheet(f"color: {colour}; font-weight: 600;")
        self.hint.setText(
            result.hint if text else "At least 12 characters. A short sentence is easy to remember."
        )
        self.bar.setAccessibleDescription(result.label)
