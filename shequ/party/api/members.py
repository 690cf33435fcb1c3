"""API of the member register (R-PM-1) and of transfers of membership (R-PM-7): /members/
(list with the page's filters, one record, POST to register, POST transfer-out), /transfers/,
and /me/ (the signed-in member's own record).

Personal data: a record carries the member's name — every reader holds VIEW_PARTY_MEMBER over
it (the register's keepers need the name to work) or it is his own — and never an ID number,
a phone or an address; the person's id only to those who may open his registry record."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.accounts.roles import MANAGE_PARTY, VIEW_PARTY_MEMBER, VIEW_PERSON
from shequ.core.api.base import ScopedPrimaryKeyRelatedField, ScopedViewSet
from shequ.people.models import Person

from ..choices import MemberCategory, MembershipStage, MemberState, TransferDirection
from ..forms_members import MemberFilterForm, TransferFilterForm
from ..models import MembershipTransfer, PartyMember, PartyOrg
from ..selectors import members as selectors
from ..selectors.orgs import own_member_record
from ..services import members as services

# ------------------------------------------------------------------------- serializers


class PartyMemberSerializer(serializers.ModelSerializer):
    """A member record: no ID number, phone or address ever (R-PPL-3)."""

    name = serializers.CharField(source="person.name", read_only=True)
    person = serializers.SerializerMethodField()
    org_name = serializers.CharField(source="org.name", read_only=True, default=None)
    node_name = serializers.CharField(source="node.name", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True, default=None)
    management_mode = serializers.CharField(read_only=True)

    class Meta:
        model = PartyMember
        fields = [
            "id",
            "name",
            "person",
            "org",
            "org_name",
            "external_org",
            "node",
            "node_name",
            "group",
            "group_name",
            "category",
            "management_mode",
            "stage",
            "state",
            "joined_on",
            "full_on",
            "left_on",
            "employer",
            "employer_party_org",
            "card_number",
        ]
        read_only_fields = fields

    def get_person(self, member) -> int | None:
        """The person's registry id, only for a reader who may open the registry record."""
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.has_perm(VIEW_PERSON, member.person):
            return member.person_id
        return None


class MembershipTransferSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="member.person.name", read_only=True)
    from_name = serializers.SerializerMethodField()
    to_name = serializers.SerializerMethodField()

    class Meta:
        model = MembershipTransfer
        fields = [
            "id",
            "member",
            "name",
            "direction",
            "from_org",
            "from_name",
            "to_org",
            "to_name",
            "letter_number",
            "issued_on",
            "received_on",
            "note",
        ]
        read_only_fields = fields

    def get_from_name(self, transfer) -> str:
        return transfer.from_org.name if transfer.from_org_id else transfer.from_org_name

    def get_to_name(self, transfer) -> str:
        return transfer.to_org.name if transfer.to_org_id else transfer.to_org_name


class MemberRegisterSerializer(serializers.Serializer):
    person = ScopedPrimaryKeyRelatedField(
        selector=selectors.pickable_persons_for,
        queryset=Person.objects.none(),
        help_text="A resident where the user runs party work.",
    )
    org = ScopedPrimaryKeyRelatedField(
        selector=lambda user: selectors.managed_orgs_for(user=user),
        queryset=PartyOrg.objects.none(),
        required=False,
        allow_null=True,
    )
    external_org = serializers.CharField(max_length=160, required=False, allow_blank=True)
    group = ScopedPrimaryKeyRelatedField(
        selector=lambda user: selectors.managed_orgs_for(user=user, groups=True),
        queryset=PartyOrg.objects.none(),
        required=False,
        allow_null=True,
    )
    category = serializers.ChoiceField(choices=MemberCategory.choices)
    stage = serializers.ChoiceField(choices=MembershipStage.choices)
    joined_on = serializers.DateField()
    full_on = serializers.DateField(required=False, allow_null=True)
    employer = serializers.CharField(max_length=160, required=False, allow_blank=True)
    employer_party_org = serializers.CharField(max_length=160, required=False, allow_blank=True)
    card_number = serializers.CharField(max_length=30, required=False, allow_blank=True)


class MemberTransferOutSerializer(serializers.Serializer):
    to_org_name = serializers.CharField(max_length=160)
    letter_number = serializers.CharField(max_length=60)
    issued_on = serializers.DateField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


# ------------------------------------------------------------------------------- views


def _filter_errors(form) -> ValidationError:
    return ValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})


_MEMBER_FILTERS = [
    OpenApiParameter("q", str, description="Name, pinyin or member service card number."),
    OpenApiParameter("org", int, description="An organisation: members held in its subtree."),
    OpenApiParameter("category", str, enum=MemberCategory.values),
    OpenApiParameter("stage", str, enum=MembershipStage.values),
    OpenApiParameter(
        "state",
        str,
        enum=["", *MemberState.values],
        description="Default: active; empty: every state.",
    ),  # fmt: skip
    OpenApiParameter("held", str, enum=[selectors.HELD_HERE, selectors.HELD_ELSEWHERE]),
]


@extend_schema_view(
    list=extend_schema(
        description="The member register the user may read, searched and filtered as the "
        "register page.",
        parameters=_MEMBER_FILTERS,
    ),
    retrieve=extend_schema(description="One member record, whatever its state."),
)
class MemberApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The member register (R-PM-1): read it, register a resident, transfer a member out."""

    queryset = PartyMember.objects.none()
    serializer_class = PartyMemberSerializer
    action_perms = {
        "list": VIEW_PARTY_MEMBER,
        "retrieve": VIEW_PARTY_MEMBER,
        "create": MANAGE_PARTY,
        "transfer_out": MANAGE_PARTY,
    }

    def get_queryset(self):
        return selectors.member_register_for(user=self.request.user, state="")

    def list(self, request):
        form = MemberFilterForm(
            request.query_params, orgs=selectors.readable_orgs_for(user=request.user)
        )
        if not form.is_valid():
            raise _filter_errors(form)
        data = form.cleaned_data
        members = selectors.member_register_for(user=request.user, **data)
        return self.paginate(members, PartyMemberSerializer, ordering="-id")

    def _detail(self, member, http_status=status.HTTP_200_OK):
        member = self.get_queryset().get(pk=member.pk)
        return Response(
            PartyMemberSerializer(member, context=self.get_serializer_context()).data,
            status=http_status,
        )

    @extend_schema(request=MemberRegisterSerializer, responses={201: PartyMemberSerializer})
    def create(self, request):
        """Register a resident where the user runs party work (R-PM-1)."""
        data = self.validated(MemberRegisterSerializer)
        # The person must live where the user runs party work (the field's scope); the
        # organisation must be his too (the service checks it).
        self.require(MANAGE_PARTY, data["person"])
        member = services.member_register(actor=request.user, **data)
        return self._detail(member, status.HTTP_201_CREATED)

    @extend_schema(request=MemberTransferOutSerializer, responses=PartyMemberSerializer)
    @action(detail=True, methods=["post"], url_path="transfer-out")
    def transfer_out(self, request, pk=None):
        """His membership leaves for an organisation elsewhere (R-PM-7); the record stays."""
        member = self.get_object()
        self.require(MANAGE_PARTY, member)
        data = self.validated(MemberTransferOutSerializer)
        services.member_transfer_out(actor=request.user, member=member, **data)
        return self._detail(member)


@extend_schema_view(
    list=extend_schema(
        description="The transfers of membership the user may read, by letter date.",
        parameters=[
            OpenApiParameter("q", str, description="Name, letter number or organisation."),
            OpenApiParameter("direction", str, enum=TransferDirection.values),
            OpenApiParameter("start", str, description="Letter issued on or after (ISO)."),
            OpenApiParameter("end", str, description="Letter issued on or before (ISO)."),
        ],
    )
)
class TransferApi(mixins.ListModelMixin, ScopedViewSet):
    """The register of transfers of membership (组织关系转接, R-PM-7)."""

    queryset = MembershipTransfer.objects.none()
    serializer_class = MembershipTransferSerializer
    action_perms = {"list": VIEW_PARTY_MEMBER}

    def list(self, request):
        form = TransferFilterForm(request.query_params)
        if not form.is_valid():
            raise _filter_errors(form)
        transfers = selectors.transfer_list_for(user=request.user, **form.cleaned_data)
        return self.paginate(transfers, MembershipTransferSerializer, ordering="-id")


class MeApi(ScopedViewSet):
    """The signed-in member's own record (item 12): any signed-in user, 404 if he is not an
    active member."""

    queryset = PartyMember.objects.none()
    serializer_class = PartyMemberSerializer

    @extend_schema(responses=PartyMemberSerializer, description="My own member record.")
    def list(self, request):
        member = own_member_record(user=request.user)
        if member is None:
            raise NotFound(_("You are not in the party member register."))
        member = PartyMember.objects.select_related("person", "org", "node", "group").get(
            pk=member.pk
        )
        return Response(PartyMemberSerializer(member, context=self.get_serializer_context()).data)


router = SimpleRouter(use_regex_path=False)
router.register("members", MemberApi, basename="party-member")
router.register("transfers", TransferApi, basename="party-transfer")
router.register("me", MeApi, basename="party-me")

urlpatterns = router.urls
