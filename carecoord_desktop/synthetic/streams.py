"""One random stream per feature of each synthetic patient.

Each feature of patient ``index`` (identity, clinical summary, contact preferences, allergies; medications or
referrals later) draws from its own generator derived from ``(seed, feature, index)``. Adding a feature, or
changing how many numbers one feature draws, therefore changes that feature's data only: every other feature
of every patient stays what it was, so the demo practice, its screenshots and the benchmark figures stay
comparable across releases.
"""

from __future__ import annotations

import random


def feature_random(seed: int, feature: str, index: int | None = None) -> random.Random:
    """The random stream of one ``feature`` of patient ``index`` (``None``: practice-wide, e.g. the MRNs).

    Seeded from a string, which ``random`` hashes with SHA-512: the same in every process and on every
    platform (unlike ``hash()``, which is salted per process), and Python keeps that seeding stable across
    versions. ``seed`` and ``index`` are integers, so the key ``"seed/feature/index"`` never collides.
    """
    key = f"{seed}/{feature}" if index is None else f"{seed}/{feature}/{index}"
    return random.Random(key)
