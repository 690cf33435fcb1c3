"""Enumerations of the territory tree."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NodeKind(models.TextChoices):
    DISTRICT = "district", _("District")
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    COMMUNITY = "community", _("Community")
    GRID = "grid", _("Grid")
    COMPOUND = "compound", _("Compound")
    BUILDING = "building", _("Building")
    ENTRANCE = "entrance", _("Entrance")
    FLAT = "flat", _("Flat")


# Depth order: a child must be of a later kind than its parent (levels may be skipped,
# e.g. a building straight under a grid where there is no compound).
KIND_ORDER = [k.value for k in NodeKind]


class CommunityType(models.TextChoices):
    """R-ORG-8."""

    GEOGRAPHIC = "geographic", _("Geographic (by streets and rivers)")
    COMPOUND = "compound", _("By compound")
    UNIT = "unit", _("Around a large employer")
    MIXED = "mixed", _("Mixed")


class SizeClass(models.TextChoices):
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")


class Duty(models.TextChoices):
    """Persons in charge of a node (R-ORG-4)."""

    GRID_WORKER = "grid_worker", _("Grid worker")
    GRID_PARTY_SECRETARY = "grid_party_secretary", _("Grid party secretary")
    BUILDING_HEAD = "building_head", _("Building head")
    COMPOUND_MANAGER = "compound_manager", _("Compound manager")
    ENTRANCE_HEAD = "entrance_head", _("Entrance head")


class NodeChangeKind(models.TextChoices):
    CREATE = "create", _("Created")
    RENAME = "rename", _("Renamed")
    MOVE = "move", _("Moved")
    SPLIT = "split", _("Split")
    MERGE = "merge", _("Merged")
    RETIRE = "retire", _("Retired")
