"""The residents' registry (R-PPL-1, R-PPL-2): persons, residences, households, tags."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.core.models import AuditedModel, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

from .choices import (
    PersonStatus,
    PoliticalStatus,
    Relation,
    ResidenceEnd,
    ResidenceKind,
    Sex,
)


class Person(AuditedModel, TimeStampedModel):
    """A resident (居民). ID number, phone and registered address are stored encrypted with
    a blind index for exact lookup and a masked copy for display (R-PPL-3)."""

    audit_secret = (
        "id_number_enc",
        "id_number_bidx",
        "phone_enc",
        "phone_bidx",
        "registered_address_enc",
    )

    name = models.CharField(_("full name"), max_length=60, db_index=True)
    name_pinyin = models.CharField(_("pinyin"), max_length=200, db_index=True, blank=True)
    name_initials = models.CharField(_("initials"), max_length=30, db_index=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    political_status = models.CharField(
        _("political status"), max_length=20, blank=True, choices=PoliticalStatus.choices
    )

    id_number_enc = models.TextField(_("ID number (encrypted)"), blank=True)
    id_number_bidx = models.CharField(
        _("ID number index"), max_length=64, null=True, blank=True, unique=True
    )
    id_number_masked = models.CharField(_("ID number"), max_length=18, blank=True)
    phone_enc = models.TextField(_("phone (encrypted)"), blank=True)
    phone_bidx = models.CharField(_("phone index"), max_length=64, blank=True, db_index=True)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True)
    registered_address_enc = models.TextField(_("registered address (encrypted)"), blank=True)
    registered_address_masked = models.CharField(_("registered address"), max_length=20, blank=True)

    # The node the person currently belongs to (the flat of the open residence, else the
    # last one): every person belongs to a node of the tree (R-ORG-1).
    node = models.ForeignKey(
        "territory.Node",
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("address"),
    )
    residence_kind = models.CharField(
        _("residence kind"),
        max_length=12,
        choices=ResidenceKind.choices,
        default=ResidenceKind.REGISTERED,
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PersonStatus.choices,
        default=PersonStatus.RESIDENT,
        db_index=True,
    )
    died_on = models.DateField(_("date of death"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "node__path"

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["node", "status"], name="person_node_status_idx")]

    def __str__(self) -> str:
        return self.name

    def audit_node_path(self) -> str:
        return self.node.path if self.node_id else ""

    def audit_person_id(self):
        return self.pk


class Residence(AuditedModel, TimeStampedModel):
    """A period of living at a flat, registered or floating (居住登记). Ending it (moving out,
    death) keeps the person. Floating residents carry landlord, employer and permit
    (以房管人、以业管人、以证管人, R-PPL-2)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="residences", verbose_name=_("person")
    )
    node = models.ForeignKey(
        "territory.Node",
        on_delete=models.PROTECT,
        related_name="residences",
        verbose_name=_("flat"),
    )
    kind = models.CharField(_("residence kind"), max_length=12, choices=ResidenceKind.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=15, blank=True, choices=ResidenceEnd.choices
    )
    landlord = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tenancies",
        verbose_name=_("landlord"),
    )
    landlord_name = models.CharField(_("landlord name"), max_length=60, blank=True)
    employer = models.CharField(_("employer"), max_length=120, blank=True)
    permit_number = models.CharField(_("residence permit number"), max_length=40, blank=True)
    permit_expires_on = models.DateField(_("residence permit expiry"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "node__path"

    class Meta:
        verbose_name = _("residence")
        verbose_name_plural = _("residences")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="one_open_residence_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.node}"

    def audit_node_path(self) -> str:
        return self.node.path

    def audit_person_id(self):
        return self.person_id


class Household(AuditedModel, TimeStampedModel):
    """A household (户) living at a flat."""

    node = models.ForeignKey(
        "territory.Node",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("flat"),
    )
    number = models.CharField(_("household number"), max_length=40, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "node__path"

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    def audit_node_path(self) -> str:
        return self.node.path


class HouseholdMember(AuditedModel, models.Model):
    """A person's membership of a household with the relation to its head; at most one open
    membership per person and one open head per household (database constraints)."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("household")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    relation = models.CharField(_("relation to head"), max_length=15, choices=Relation.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "household__node__path"

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="one_open_household_per_person",
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(ended_on__isnull=True, relation="head"),
                name="one_open_head_per_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relation_display()})"

    def audit_node_path(self) -> str:
        return self.household.node.path

    def audit_person_id(self):
        return self.person_id


class TagType(TimeStampedModel):
    """A configurable vocabulary of groups (elderly, disabled, 低保 …). Sensitive ones are
    hidden from roles without ``people.view_sensitive_tags``."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    is_sensitive = models.BooleanField(_("sensitive"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class PersonTag(AuditedModel, models.Model):
    """A tag on a person for a period (人员类别)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="tags", verbose_name=_("person")
    )
    tag = models.ForeignKey(
        TagType, on_delete=models.PROTECT, related_name="person_tags", verbose_name=_("tag")
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "person__node__path"

    class Meta:
        verbose_name = _("person tag")
        verbose_name_plural = _("person tags")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "tag"],
                condition=Q(valid_to__isnull=True),
                name="one_open_tag_per_person",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="tag_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["tag", "valid_to"], name="persontag_tag_idx")]

    def __str__(self) -> str:
        return f"{self.person} · {self.tag}"

    def audit_node_path(self) -> str:
        return self.person.node.path

    def audit_person_id(self):
        return self.person_id
