"""The numbers of 民生微实事 rounds (R-PB-1 … R-PB-3): the documents' values as defaults, each
changeable by a deployment in a TOML file named by ``SHEQU_PB_CONFIG`` (or ``settings.SHEQU_PB``
in tests). Read them through ``pb_config()``, never as constants."""

from __future__ import annotations

from decimal import Decimal

from shequ.core.config import layered_config

DEFAULTS: dict = {
    "projects": {
        # cost caps per category in yuan [001]: services and goods ≤200 k, works ≤500 k
        "cost_caps": {
            "service": Decimal("200000"),
            "goods": Decimal("200000"),
            "works": Decimal("500000"),
        },
        "max_photos": 6,
        "photo_max_mb": 10,
    },
    "voting": {
        # who may vote: residents of the round's territory of at least this age
        "min_age": 16,
        # approval ballots: at most this many projects (0: no limit)
        "approval_max": 0,
        # cumulative ballots: points to spread
        "cumulative_points": 10,
        # a paper ballot's code: letters and digits, this long
        "paper_code_length": 8,
    },
    "allocation": {
        "rule": "equal_shares",
        "completion": "add_one",
    },
    # each phase's default length in days, in order (the round's dates shift together)
    "phases": {
        "collect": 21,
        "vet": 14,
        "shortlist": 7,
        "vote": 14,
        "allocate": 3,
        "publish": 7,
        "implement": 180,
        "accept": 14,
        "evaluate": 30,
    },
}


def pb_config() -> dict:
    return layered_config(DEFAULTS, "SHEQU_PB_CONFIG", "SHEQU_PB")
