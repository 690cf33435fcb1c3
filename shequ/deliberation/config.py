"""The numbers of residents' self-government (R-DLB-1 … R-DLB-6, R-ORG-7): the documents'
values as defaults, each changeable by a deployment in a TOML file named by
``SHEQU_DELIBERATION_CONFIG`` (or ``settings.SHEQU_DELIBERATION`` in tests), section by section.
Read them through ``deliberation_config()``, never as constants."""

from __future__ import annotations

from fractions import Fraction

from shequ.core.config import layered_config

DEFAULTS: dict = {
    "bodies": {
        # R-ORG-7 [003]: a residents' committee of 5 members up to 1,000 households, 7 up to
        # 3,000, 9 above (upper bound of households → size; the last entry has no bound).
        "committee_sizes": [[1000, 5], [3000, 7], [None, 9]],
        # one residents' representative per 30–50 households
        "households_per_representative": [30, 50],
        "term_years": 3,
        # R-DLB-3 [003]: one-fifth of an assembly's members may require it to be convened
        "convene_ratio": "1/5",
        # R-DLB-3: matters affecting all residents are decided only by these bodies
        "all_residents_bodies": ["residents_assembly"],
        "adult_age": 18,
        # terms ending within this many days are flagged
        "term_warning_days": 90,
    },
    "meetings": {
        # R-DLB-4: share of the eligible who must be present (at least), per body kind, else
        # default; shares are fractions ("2/3"), compared exactly, never rounded
        "quorum": {"default": "1/2", "council": "2/3"},
        # days between the notice and the meeting, per body kind, else default
        "notice_days": {"default": 3, "residents_assembly": 7},
        # bodies whose members may vote by proxy
        "proxy_bodies": ["residents_assembly", "representatives_assembly"],
        # R-DLB-3 [003]: the council meets monthly
        "council_meetings_per_month": 1,
        # R-DLB-4: how many absent members one present member may represent
        "proxies_per_holder": 1,
    },
    # R-DLB-2: a deployment's own procedure templates, by code (procedures.py documents the
    # shape); the built-in 四议两公开 and 五步工作法 are kept in procedures.py
    "procedures": {},
}


def share(value) -> Fraction:
    """A configured share ("2/3", "0.5", 1) as an exact fraction."""
    return Fraction(str(value))


def per_kind(section: str, key: str, kind: str):
    """``[section] key`` for a body kind, else its ``default``."""
    values = deliberation_config()[section][key]
    return values.get(kind, values["default"])


def deliberation_config() -> dict:
    return layered_config(DEFAULTS, "SHEQU_DELIBERATION_CONFIG", "SHEQU_DELIBERATION")
