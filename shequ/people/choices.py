"""Enumerations of the residents' registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class ResidenceKind(models.TextChoices):
    REGISTERED = "registered", _("Registered (hukou)")
    FLOATING = "floating", _("Floating")


class PersonStatus(models.TextChoices):
    RESIDENT = "resident", _("Living here")
    MOVED_OUT = "moved_out", _("Moved out")
    DECEASED = "deceased", _("Deceased")


class ResidenceEnd(models.TextChoices):
    MOVED_OUT = "moved_out", _("Moved out")
    MOVED_WITHIN = "moved_within", _("Moved within the district")
    DECEASED = "deceased", _("Deceased")


class Relation(models.TextChoices):
    """Relation to the head of the household (与户主关系)."""

    HEAD = "head", _("Head")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    GRANDPARENT = "grandparent", _("Grandparent")
    SIBLING = "sibling", _("Sibling")
    CHILD_IN_LAW = "child_in_law", _("Child-in-law")
    OTHER = "other", _("Other")


class PoliticalStatus(models.TextChoices):
    MASSES = "masses", _("Masses")
    PARTY_MEMBER = "party_member", _("CPC member")
    PROBATIONARY = "probationary", _("Probationary CPC member")
    LEAGUE_MEMBER = "league_member", _("Youth League member")
    OTHER_PARTY = "other_party", _("Member of another party")
