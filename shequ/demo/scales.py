"""Sizes of the demo district: ``small`` for a laptop, ``district`` for benchmarks, ``city``
for the largest benchmark tier, ``tiny`` (not offered on the command line's help) for tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    subdistricts: int
    communities: tuple[int, int]  # per subdistrict, inclusive range
    households: tuple[int, int]  # per community, inclusive range (R-ORG-1: 1,000–3,000)
    large_share: float  # share of communities drawn above the range ("mostly" in range)
    grid_households: int  # households per grid, on average


# Mean household size is about 2.6, so ~1,200,000 residents need ~460,000 households: kept
# within 1,000–3,000 households per community (R-ORG-1) that makes ~225 communities.
#
# ``city`` (bench tier L, ~9.6 M residents) is one very large district, not several: the
# generator plans a single district root from 20 subdistrict names and 420 community names
# (vocab), so ten million residents fit only as 20 subdistricts of 20–21 communities of
# 8,000–10,000 households, far above R-ORG-1. It measures volume, not a realistic map.
SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", 1, (2, 2), (45, 60), 0.0, 30),
    "small": Scale("small", 1, (8, 8), (2500, 3000), 0.1, 460),
    "district": Scale("district", 10, (20, 25), (1200, 2800), 0.06, 470),
    "city": Scale("city", 20, (20, 21), (8000, 10000), 0.0, 470),
}
PUBLIC_SCALES = ("small", "district")
