"""Choices shared across 民生微实事 rounds (R-PB-1 … R-PB-3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """A round's phases, in order (R-PB-1)."""

    DRAFT = "draft", _("Draft")
    COLLECT = "collect", _("Collecting proposals")
    VET = "vet", _("Vetting")
    SHORTLIST = "shortlist", _("Shortlisting by the council")
    VOTE = "vote", _("Voting")
    ALLOCATE = "allocate", _("Allocating")
    PUBLISH = "publish", _("Results published")
    IMPLEMENT = "implement", _("Carrying out")
    ACCEPT = "accept", _("Acceptance")
    EVALUATE = "evaluate", _("Evaluation")
    CLOSED = "closed", _("Closed")


# the phases with dates, in order (DRAFT before, CLOSED after)
PHASE_ORDER = [p for p in Phase.values if p not in (Phase.DRAFT, Phase.CLOSED)]


class VoteType(models.TextChoices):
    APPROVAL = "approval", _("Approval")
    CUMULATIVE = "cumulative", _("Cumulative points")
    KNAPSACK = "knapsack", _("Knapsack (within the budget)")
    ORDINAL = "ordinal", _("Ranking")


class Rule(models.TextChoices):
    GREEDY = "greedy", _("Greedy by votes")
    EQUAL_SHARES = "equal_shares", _("Method of Equal Shares")


class Completion(models.TextChoices):
    """How the Method of Equal Shares spends what it leaves unspent."""

    NONE = "none", _("None")
    GREEDY = "greedy", _("Greedy by votes")
    ADD_ONE = "add_one", _("Raise the budget (add-one) then greedy")


class Category(models.TextChoices):
    SERVICE = "service", _("Services")
    GOODS = "goods", _("Goods")
    WORKS = "works", _("Works")


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    FEASIBLE = "feasible", _("Feasible")
    REJECTED = "rejected", _("Not feasible")
    SHORTLISTED = "shortlisted", _("On the ballot")
    FUNDED = "funded", _("Funded")
    NOT_FUNDED = "not_funded", _("Not funded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper")
    IMPORTED = "imported", _("Imported")
