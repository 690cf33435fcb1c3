"""API of the residents' registry (R-PPL-1..3): persons, households, tags."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from shequ.accounts.roles import CHANGE_PERSON, UNMASK_PERSON, VIEW_PERSON
from shequ.core.api.base import ScopedViewSet, rename_fields
from shequ.people import services
from shequ.people.filters import HouseholdFilterSet, PersonFilterSet, PersonTagFilterSet
from shequ.people.models import Household, HouseholdMember, Person, PersonTag, TagType
from shequ.people.selectors import (
    household_list_for,
    household_members,
    person_list_for,
    tag_types_for,
)

from .serializers import (
    EndResidenceSerializer,
    HouseholdAddMemberSerializer,
    HouseholdCreateSerializer,
    HouseholdRemoveMemberSerializer,
    HouseholdSerializer,
    MoveInSerializer,
    PersonCreateSerializer,
    PersonDetailSerializer,
    PersonSerializer,
    PersonTagCreateSerializer,
    PersonTagEndSerializer,
    PersonTagSerializer,
    PersonUpdateSerializer,
    TagTypeSerializer,
    UnmaskRequestSerializer,
    UnmaskResponseSerializer,
)

FLOATING_FIELDS = ("landlord", "landlord_name", "employer", "permit_number", "permit_expires_on")


@extend_schema_view(
    list=extend_schema(description="Persons the user sees, searched and filtered."),
    retrieve=extend_schema(description="One person with current tags, residences, household."),
)
class PersonApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Persons the user sees; personal data masked, full values only through ``unmask``."""

    queryset = Person.objects.none()  # the model, for the schema; rows: get_queryset()
    filterset_class = PersonFilterSet
    action_perms = {
        "create": CHANGE_PERSON,
        "partial_update": CHANGE_PERSON,
        "end_residence": CHANGE_PERSON,
        "move_in": CHANGE_PERSON,
        "unmask": UNMASK_PERSON,
    }

    def get_queryset(self):
        # status="": the list filter decides; a detail shows moved-out and deceased too.
        return person_list_for(user=self.request.user, status="").select_related("node")

    def get_serializer_class(self):
        return PersonSerializer if self.action == "list" else PersonDetailSerializer

    def _detail(self, person, http_status=status.HTTP_200_OK):
        person = self.get_queryset().get(pk=person.pk)
        data = PersonDetailSerializer(person, context=self.get_serializer_context()).data
        return Response(data, status=http_status)

    @extend_schema(request=PersonCreateSerializer, responses={201: PersonDetailSerializer})
    def create(self, request):
        """Register a person at a flat; the ID number is checked, stored encrypted."""
        data = self.validated(PersonCreateSerializer)
        self.require(CHANGE_PERSON, data["node"])
        person = services.person_create(**data)
        return self._detail(person, status.HTTP_201_CREATED)

    @extend_schema(request=PersonUpdateSerializer, responses=PersonDetailSerializer)
    def partial_update(self, request, pk=None):
        """Change the given fields only; a new ID number or phone is checked again."""
        person = self.get_object()
        self.require(CHANGE_PERSON, person)
        data = self.validated(PersonUpdateSerializer)
        services.person_update(person=person, **data)
        return self._detail(person)

    @extend_schema(request=UnmaskRequestSerializer, responses=UnmaskResponseSerializer)
    @action(detail=True, methods=["post"])
    def unmask(self, request, pk=None):
        """One personal field in full, for a stated reason; the view is logged (R-PPL-3)."""
        person = self.get_object()
        data = self.validated(UnmaskRequestSerializer)
        value = services.person_unmask(
            user=request.user, person=person, field=data["field"], reason=data["reason"]
        )
        response = Response({"field": data["field"], "value": value})
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(request=EndResidenceSerializer, responses=PersonDetailSerializer)
    @action(detail=True, methods=["post"], url_path="end-residence")
    def end_residence(self, request, pk=None):
        """Moving out or death: the residence and household membership end, the person stays."""
        person = self.get_object()
        self.require(CHANGE_PERSON, person)
        data = self.validated(EndResidenceSerializer)
        services.person_end_residence(person=person, reason=data["reason"], on=data["on"])
        return self._detail(person)

    @extend_schema(request=MoveInSerializer, responses=PersonDetailSerializer)
    @action(detail=True, methods=["post"], url_path="move-in")
    def move_in(self, request, pk=None):
        """A new residence at a flat; the open one ends as a move within the district."""
        person = self.get_object()
        self.require(CHANGE_PERSON, person)
        data = self.validated(MoveInSerializer)
        self.require(CHANGE_PERSON, data["node"])
        floating = {key: data[key] for key in FLOATING_FIELDS if key in data}
        services.person_move_in(
            person=person, node=data["node"], kind=data["kind"], on=data["on"], **floating
        )
        return self._detail(person)


@extend_schema_view(
    list=extend_schema(description="Households the user sees, with their current members."),
    retrieve=extend_schema(description="One household with its current members."),
)
class HouseholdApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Households the user sees, with their current members."""

    queryset = Household.objects.none()
    filterset_class = HouseholdFilterSet
    serializer_class = HouseholdSerializer
    action_perms = {
        "create": CHANGE_PERSON,
        "add_member": CHANGE_PERSON,
        "remove_member": CHANGE_PERSON,
    }

    def get_queryset(self):
        members = (
            HouseholdMember.objects.filter(ended_on__isnull=True)
            .select_related("person")
            .order_by("id")
        )
        return (
            household_list_for(user=self.request.user)
            .select_related("node")
            .prefetch_related(Prefetch("members", queryset=members, to_attr="open_members"))
        )

    def _detail(self, household, http_status=status.HTTP_200_OK):
        household = self.get_queryset().get(pk=household.pk)
        return Response(HouseholdSerializer(household).data, status=http_status)

    @extend_schema(request=HouseholdCreateSerializer, responses={201: HouseholdSerializer})
    def create(self, request):
        """A household at a flat, with its head."""
        data = self.validated(HouseholdCreateSerializer)
        self.require(CHANGE_PERSON, data["node"])
        self.require(CHANGE_PERSON, data["head"])
        try:
            household = services.household_create(
                node=data["node"],
                head=data["head"],
                number=data["number"],
                started_on=data.get("started_on"),
            )
        except DjangoValidationError as exc:
            raise rename_fields(exc, {"person": "head"}) from None
        return self._detail(household, status.HTTP_201_CREATED)

    @extend_schema(request=HouseholdAddMemberSerializer, responses=HouseholdSerializer)
    @action(detail=True, methods=["post"], url_path="add-member")
    def add_member(self, request, pk=None):
        """Add a person with his relation to the head (one head, one household per person)."""
        household = self.get_object()
        self.require(CHANGE_PERSON, household)
        data = self.validated(HouseholdAddMemberSerializer)
        self.require(CHANGE_PERSON, data["person"])
        services.household_add_member(
            household=household,
            person=data["person"],
            relation=data["relation"],
            started_on=data.get("started_on"),
        )
        return self._detail(household)

    @extend_schema(request=HouseholdRemoveMemberSerializer, responses=HouseholdSerializer)
    @action(detail=True, methods=["post"], url_path="remove-member")
    def remove_member(self, request, pk=None):
        """End a person's membership (today, or on the given date)."""
        household = self.get_object()
        self.require(CHANGE_PERSON, household)
        data = self.validated(HouseholdRemoveMemberSerializer)
        membership = household_members(household).filter(person_id=data["person"]).first()
        if membership is None:
            raise ValidationError({"person": [_("This person is not a member of this household.")]})
        services.household_remove_member(
            membership=membership, on=data.get("on") or timezone.localdate()
        )
        return self._detail(household)


class TagTypeApi(mixins.ListModelMixin, ScopedViewSet):
    """The tag vocabulary; sensitive tags only for roles that may see them."""

    queryset = TagType.objects.none()
    serializer_class = TagTypeSerializer
    pagination_class = None  # a short vocabulary, in its own order

    def get_queryset(self):
        return tag_types_for(user=self.request.user)


@extend_schema_view(
    list=extend_schema(description="Tags on persons the user sees."),
    retrieve=extend_schema(description="One tag on a person."),
)
class PersonTagApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Tags on persons the user sees (tags he may not see are left out)."""

    queryset = PersonTag.objects.none()
    serializer_class = PersonTagSerializer
    filterset_class = PersonTagFilterSet
    action_perms = {"create": CHANGE_PERSON, "end": CHANGE_PERSON}

    def get_queryset(self):
        user = self.request.user
        return (
            PersonTag.objects.visible_to(user, VIEW_PERSON)
            .filter(tag__in=tag_types_for(user=user))
            .select_related("tag")
        )

    def _detail(self, person_tag, http_status=status.HTTP_200_OK):
        person_tag = self.get_queryset().get(pk=person_tag.pk)
        return Response(PersonTagSerializer(person_tag).data, status=http_status)

    @extend_schema(request=PersonTagCreateSerializer, responses={201: PersonTagSerializer})
    def create(self, request):
        """Tag a person from a date (one open tag of a kind per person)."""
        data = self.validated(PersonTagCreateSerializer)
        self.require(CHANGE_PERSON, data["person"])
        person_tag = services.person_tag_add(**data)
        return self._detail(person_tag, status.HTTP_201_CREATED)

    @extend_schema(request=PersonTagEndSerializer, responses=PersonTagSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """The tag stops applying on the given date."""
        person_tag = self.get_object()
        self.require(CHANGE_PERSON, person_tag)
        data = self.validated(PersonTagEndSerializer)
        try:
            services.person_tag_end(person_tag=person_tag, on=data["on"])
        except DjangoValidationError as exc:
            raise rename_fields(exc, {"valid_to": "on"}) from None
        return self._detail(person_tag)
