"""The numbers of party work (R-ORG-3, R-PM-2 … R-PM-6): the documents' values as defaults, each
changeable by a deployment (R-ORG-3: "rules and thresholds live in configuration").

A deployment overrides any of them in a TOML file named by ``SHEQU_PARTY_CONFIG`` (or in
``settings.SHEQU_PARTY``), section by section: ``[structure] branch_min_full_members = 3``.
Read them through ``party_config()``, never as constants.
"""

from __future__ import annotations

from decimal import Decimal

from shequ.core.config import layered_config

DEFAULTS: dict = {
    # R-ORG-3 [000][003]: ≥3 full members may form a branch, ≥50 members a general branch,
    # ≥100 a committee; a committee has 3–5 members and a term of 3 years.
    "structure": {
        "branch_min_full_members": 3,
        "general_branch_min_members": 50,
        "committee_min_members": 100,
        "committee_size_min": 3,
        "committee_size_max": 5,
        "term_years": 3,
        "term_expiring_days": 90,
        "compound_min_resident_members": 3,
        "building_min_members": 1,
        # 支部工作条例 art. 12: a branch with fewer full members elects no committee (a
        # secretary, perhaps a deputy), so its committee is not sized.
        "branch_committee_min_full_members": 7,
        # committee_size_min/max above size a branch committee (支委会, R-ORG-3); the larger
        # forms elect larger committees (基层组织选举工作条例: 总支 5–7, 党委 5–9).
        "committee_size_ranges": {"general_branch": [5, 7], "committee": [5, 9]},
        # Rule codes (shequ/party/structure.py) a deployment does not check.
        "disabled_rules": [],
    },
    # R-PM-3 (发展党员工作细则): minimum intervals in days, public notice in working days.
    "recruitment": {
        "min_age": 18,
        "application_to_activist_days": 30,
        "activist_min_days": 365,
        "probation_days": 365,
        "extension_max_days": 365,
        "notice_workdays": 5,
        "introducers": 2,
        "training_min_hours": 24,
        "yearly_target_per_branch": 1,
        # two contacts (培养联系人) train an activist; an extension lasts at least half a year
        "contacts": 2,
        "extension_min_days": 180,
    },
    # R-PM-2: report-in of in-service members and the half-yearly feedback letter.
    "report_in": {
        "feedback_months": 6,
        "min_hours_per_period": 0,
        # a confirmed record is rated 1..rating_scale; the letter's grade from the mean
        "rating_scale": 5,
        "grade_excellent_min": Decimal("4.5"),
        "grade_good_min": Decimal("3.5"),
        "grade_fair_min": Decimal("2.5"),
    },
    # R-PM-5 dues (中组部 2008 standard): monthly rate by income band; flat amount for
    # students, unemployed members and those on subsistence allowances.
    "dues": {
        "in_service_bands": [
            [Decimal("3000"), Decimal("0.005")],
            [Decimal("5000"), Decimal("0.01")],
            [Decimal("10000"), Decimal("0.015")],
            [None, Decimal("0.02")],
        ],
        "retired_bands": [
            [Decimal("5000"), Decimal("0.005")],
            [None, Decimal("0.01")],
        ],
        "flat_monthly": Decimal("0.20"),
        "arrears_months": 3,
        # 预交: how many months ahead of the current one a member may pay.
        "advance_months_max": 12,
    },
    # R-PM-5 三会一课 and the rest: at least so many meetings per period (months).
    "meetings": {
        "branch_assembly": {"every_months": 3, "at_least": 1},
        "branch_committee": {"every_months": 1, "at_least": 1},
        "group_meeting": {"every_months": 1, "at_least": 1},
        "party_lecture": {"every_months": 3, "at_least": 1},
        "organisational_life": {"every_months": 12, "at_least": 1},
        "theme_day": {"every_months": 1, "at_least": 1},
        "democratic_evaluation": {"every_months": 12, "at_least": 1},
    },
    # R-PM-4: criteria members are rated on (1–5 each) and the grade cut-offs of the mean.
    "evaluation": {
        "criteria": ["political_stance", "duty_performance", "service_to_residents", "conduct"],
        "excellent_min": Decimal("4.5"),
        "competent_min": Decimal("3.5"),
        "basically_competent_min": Decimal("2.5"),
        "excellent_max_share": Decimal("0.3"),
        "board_days": 7,
    },
    # R-ORG-5 四联四包: how many households one member answers for before he is overloaded.
    "chain": {
        "households_per_member_max": 15,
    },
    # R-PM-6 四知四访: days to make the visit, by trigger; escalate every N days overdue.
    "care": {
        "due_days": {"hardship": 7, "family_conflict": 3, "hospitalised": 3, "bereaved": 3},
        "escalate_every_days": 2,
        # 党员服务卡 numbers: {org} the code of his organisation, {year} the year issued,
        # {seq} the running number among the cards of that org and year.
        "card_number_format": "{org}-{year}-{seq:04d}",
    },
}


def party_config() -> dict:
    """Defaults, then the deployment's file, then ``settings.SHEQU_PARTY`` (tests)."""
    return layered_config(DEFAULTS, "SHEQU_PARTY_CONFIG", "SHEQU_PARTY")
