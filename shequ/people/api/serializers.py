"""Serializers of the registry API. Personal data leaves only in masked form (R-PPL-3):
``*_enc`` and ``*_bidx`` are never fields here; full values go in, never out."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from shequ.accounts.roles import VIEW_PERSON
from shequ.core.api.base import ScopedPrimaryKeyRelatedField
from shequ.people.choices import (
    PoliticalStatus,
    Relation,
    ResidenceEnd,
    ResidenceKind,
    Sex,
)
from shequ.people.models import Household, HouseholdMember, Person, PersonTag, Residence, TagType
from shequ.people.selectors import age_on, person_tags_for, tag_types_for
from shequ.people.services import UNMASKABLE_FIELDS
from shequ.territory.api.serializers import NodeField


def visible_persons(user):
    return Person.objects.visible_to(user, VIEW_PERSON)


class PersonField(ScopedPrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        super().__init__(selector=visible_persons, queryset=Person.objects.none(), **kwargs)


class TagCodeField(serializers.SlugRelatedField):
    """A tag by its code, among the tags the user may see (sensitive ones hidden)."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=TagType.objects.none(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return tag_types_for(user=getattr(request, "user", None))


# Reading -----------------------------------------------------------------------------


class PersonSerializer(serializers.ModelSerializer):
    """A person in lists. Birth date is left out on purpose: with the masked ID number's
    region prefix and last four it would give most of the number away; ``age`` is enough."""

    age = serializers.SerializerMethodField()
    node_name = serializers.CharField(source="node.name", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "name_pinyin",
            "sex",
            "age",
            "ethnicity",
            "political_status",
            "id_number_masked",
            "phone_masked",
            "registered_address_masked",
            "node",
            "node_name",
            "residence_kind",
            "status",
            "died_on",
            "updated_at",
        ]
        read_only_fields = fields

    def get_age(self, person) -> int | None:
        return age_on(person.birth_date)


class PersonTagBriefSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="tag.code", read_only=True)
    name = serializers.CharField(source="tag.name", read_only=True)

    class Meta:
        model = PersonTag
        fields = ["id", "code", "name", "valid_from", "valid_to", "note"]
        read_only_fields = fields


class ResidenceSerializer(serializers.ModelSerializer):
    node_name = serializers.CharField(source="node.name", read_only=True)

    class Meta:
        model = Residence
        fields = [
            "id",
            "node",
            "node_name",
            "kind",
            "started_on",
            "ended_on",
            "end_reason",
            "landlord",
            "landlord_name",
            "employer",
            "permit_number",
            "permit_expires_on",
        ]
        read_only_fields = fields


class MembershipSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="household.number", read_only=True)

    class Meta:
        model = HouseholdMember
        fields = ["household", "number", "relation", "started_on"]
        read_only_fields = fields


class PersonDetailSerializer(PersonSerializer):
    tags = serializers.SerializerMethodField()
    residences = serializers.SerializerMethodField()
    household = serializers.SerializerMethodField()

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "tags", "residences", "household"]
        read_only_fields = fields

    @extend_schema_field(PersonTagBriefSerializer(many=True))
    def get_tags(self, person):
        user = self.context["request"].user
        return PersonTagBriefSerializer(person_tags_for(user=user, person=person), many=True).data

    @extend_schema_field(ResidenceSerializer(many=True))
    def get_residences(self, person):
        rows = person.residences.select_related("node").order_by("-started_on", "-id")
        return ResidenceSerializer(rows, many=True).data

    @extend_schema_field(MembershipSerializer(allow_null=True))
    def get_household(self, person):
        membership = (
            person.memberships.filter(ended_on__isnull=True).select_related("household").first()
        )
        return MembershipSerializer(membership).data if membership else None


# Writing -----------------------------------------------------------------------------


class FloatingFieldsSerializer(serializers.Serializer):
    """Landlord, employer and permit of a floating resident (R-PPL-2)."""

    landlord = PersonField(required=False, allow_null=True)
    landlord_name = serializers.CharField(required=False, allow_blank=True, max_length=60)
    employer = serializers.CharField(required=False, allow_blank=True, max_length=120)
    permit_number = serializers.CharField(required=False, allow_blank=True, max_length=40)
    permit_expires_on = serializers.DateField(required=False, allow_null=True)


class PersonCreateSerializer(FloatingFieldsSerializer):
    name = serializers.CharField(max_length=60)
    id_number = serializers.CharField(write_only=True, max_length=40)
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=30)
    registered_address = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=200
    )
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    birth_date = serializers.DateField(
        write_only=True,
        required=False,
        allow_null=True,
        help_text="Checked against the ID number when given.",
    )
    node = NodeField(help_text="The flat where the person lives.")
    residence_kind = serializers.ChoiceField(
        choices=ResidenceKind.choices, required=False, default=ResidenceKind.REGISTERED
    )
    started_on = serializers.DateField(required=False, allow_null=True)
    ethnicity = serializers.CharField(required=False, allow_blank=True, max_length=20)
    political_status = serializers.ChoiceField(
        choices=PoliticalStatus.choices, required=False, allow_blank=True
    )


class PersonUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, max_length=60)
    id_number = serializers.CharField(write_only=True, required=False, max_length=40)
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=30)
    registered_address = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=200
    )
    sex = serializers.ChoiceField(
        choices=Sex.choices, required=False, help_text="Only together with id_number."
    )
    birth_date = serializers.DateField(
        write_only=True, required=False, help_text="Only together with id_number."
    )
    ethnicity = serializers.CharField(required=False, allow_blank=True, max_length=20)
    political_status = serializers.ChoiceField(
        choices=PoliticalStatus.choices, required=False, allow_blank=True
    )


class UnmaskRequestSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=sorted(UNMASKABLE_FIELDS))
    reason = serializers.CharField(max_length=500)


class UnmaskResponseSerializer(serializers.Serializer):
    field = serializers.CharField()
    value = serializers.CharField()


class EndResidenceSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ResidenceEnd.choices)
    on = serializers.DateField()


class MoveInSerializer(FloatingFieldsSerializer):
    node = NodeField(help_text="The flat moved into.")
    kind = serializers.ChoiceField(choices=ResidenceKind.choices)
    on = serializers.DateField()


# Households ---------------------------------------------------------------------------


class MemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = HouseholdMember
        fields = ["person", "name", "relation", "started_on"]
        read_only_fields = fields


class HouseholdSerializer(serializers.ModelSerializer):
    node_name = serializers.CharField(source="node.name", read_only=True)
    members = MemberSerializer(source="open_members", many=True, read_only=True)

    class Meta:
        model = Household
        fields = ["id", "node", "node_name", "number", "dissolved_on", "members"]
        read_only_fields = fields


class HouseholdCreateSerializer(serializers.Serializer):
    node = NodeField(help_text="The flat of the household.")
    head = PersonField()
    number = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    started_on = serializers.DateField(required=False, allow_null=True)


class HouseholdAddMemberSerializer(serializers.Serializer):
    person = PersonField()
    relation = serializers.ChoiceField(choices=Relation.choices)
    started_on = serializers.DateField(required=False, allow_null=True)


class HouseholdRemoveMemberSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    on = serializers.DateField(required=False, allow_null=True)


# Tags ---------------------------------------------------------------------------------


class TagTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = TagType
        fields = ["id", "code", "name", "name_en", "is_sensitive", "order"]
        read_only_fields = fields


class PersonTagSerializer(serializers.ModelSerializer):
    tag = serializers.SlugRelatedField(slug_field="code", read_only=True)
    tag_name = serializers.CharField(source="tag.name", read_only=True)

    class Meta:
        model = PersonTag
        fields = ["id", "person", "tag", "tag_name", "valid_from", "valid_to", "note"]
        read_only_fields = fields


class PersonTagCreateSerializer(serializers.Serializer):
    person = PersonField()
    tag = TagCodeField()
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class PersonTagEndSerializer(serializers.Serializer):
    on = serializers.DateField()
