"""The growing delay after repeated wrong passwords."""

from __future__ import annotations

FREE_ATTEMPTS = 3
MAX_DELAY_S = 300


def delay_after_failures(failures: int) -> int:
    """Seconds to wait before the next try: none for the first three, then 2, 4, 8 ... up to 5 minutes."""
    if failures < FREE_ATTEMPTS:
        return 0
    return int(min(MAX_DELAY_S, 2 ** (failures - FREE_ATTEMPTS + 1)))
