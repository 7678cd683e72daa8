"""One random stream per feature of each synthetic patient.

Each feature of patient ``index`` (identity, clinical summary, contact preferences, allergies; medications or
referrals later) draws from its own stream, seeded from ``(seed, feature, index)``. Adding a feature, or
changing how many numbers one feature draws, therefore changes that feature's data only: every other feature
of every patient stays what it was, so the demo practice, its screenshots and the benchmark figures stay
comparable across releases.
"""

from __future__ import annotations

import random


def stream_key(seed: int, feature: str, index: int | None = None) -> str:
    """The seed of one ``feature`` of patient ``index`` (``None``: practice-wide, e.g. the MRNs).

    A string, which ``random`` turns into a seed with SHA-512: the same in every process and on every platform
    (unlike ``hash()``, which is salted per process), and Python keeps that seeding stable across versions.
    Features are plain names, so ``"seed/feature/index"`` names one stream only.
    """
    if not feature.isidentifier():
        raise ValueError(f"a feature stream needs a plain name, not {feature!r}")
    return f"{seed}/{feature}" if index is None else f"{seed}/{feature}/{index}"


def feature_random(seed: int, feature: str, index: int | None = None) -> random.Random:
    """A new generator on the stream of ``feature`` of patient ``index`` (see ``stream_key``).

    The practice generator reseeds one generator with ``stream_key`` instead (the same stream, without
    building a new object for each of the 400,000 streams of a 100,000-patient practice).
    """
    return random.Random(stream_key(seed, feature, index))
