"""Staff roles, in the clinic's words."""

from __future__ import annotations

from enum import StrEnum

from carecoord_desktop.domain.errors import ValidationFailed


class Role(StrEnum):
    ADMIN = "admin"
    PROVIDER = "provider"
    NURSE_COORDINATOR = "nurse_coordinator"
    FRONT_DESK = "front_desk"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Role:
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        key = {"nurse": "nurse_coordinator", "frontdesk": "front_desk", "administrator": "admin"}.get(
            key, key
        )
        for role in cls:
            if key in (role.value, role.label.lower().replace(" ", "_")):
                return role
        names = ", ".join(r.value for r in cls)
        raise ValidationFailed(f"Unknown role '{text}'. Choose one of: {names}.")


_LABELS = {
    Role.ADMIN: "Administrator",
    Role.PROVIDER: "Provider",
    Role.NURSE_COORDINATOR: "Nurse coordinator",
    Role.FRONT_DESK: "Front desk",
}
