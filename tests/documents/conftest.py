from tests.documents.samples import clinic, front_desk, nurse

__all__ = ["clinic", "front_desk", "nurse"]
