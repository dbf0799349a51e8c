"""folio's seeded random numbers (src/shared/data/rng.ts), bit for bit: mulberry32 and mixSeed in 32-bit math."""

MASK = 0xFFFFFFFF


def _imul(a: int, b: int) -> int:
    """Math.imul as an unsigned 32-bit result."""
    return (a * b) & MASK


class Mulberry32:
    def __init__(self, seed: int):
        self.a = seed & MASK

    def next(self) -> float:
        """Uniform in [0, 1), the same double the app's createRng(seed).next() gives."""
        self.a = (self.a + 0x6D2B79F5) & MASK
        t = self.a
        t = _imul(t ^ (t >> 15), t | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & MASK
        return ((t ^ (t >> 14)) & MASK) / 4294967296

    def int(self, n: int) -> int:
        return int(self.next() * n)  # floor: next() * n is non-negative


def mix_seed(*parts: int) -> int:
    h = 0x9E3779B9
    for p in parts:
        h = _imul(h ^ (p & MASK), 0x85EBCA6B)
        h ^= h >> 13
        h = _imul(h, 0xC2B2AE35)
        h ^= h >> 16
    return h & MASK


def permutation(n: int, rng: Mulberry32) -> list:
    """Fisher–Yates shuffle of 0..n-1, drawing exactly as the app does."""
    p = list(range(n))
    for i in range(n - 1, 0, -1):
        j = rng.int(i + 1)
        p[i], p[j] = p[j], p[i]
    return p
