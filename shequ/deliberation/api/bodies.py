"""API of bodies, seats and convening petitions (R-DLB-1, R-DLB-3, R-DLB-6, R-ORG-7):
/bodies/ (list, filtered as the page; POST to set up; PATCH to change; /dissolve/; /seats/ to
seat a resident; /sizing/ the report), /seats/<id>/ (/end/, /recall/, /by-election/),
/petitions/ (public list; POST to open; /sign/)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.accounts.roles import (
    MANAGE_DELIBERATION,
    RECORD_DELIBERATION,
    VIEW_DELIBERATION,
    VIEW_PUBLIC,
)
from shequ.core.api.base import ScopedPrimaryKeyRelatedField, ScopedViewSet
from shequ.people.choices import PersonStatus
from shequ.people.models import Person
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from ..choices import AssemblyMode, BodyKind, SeatEnd, SeatPost, SeatSource
from ..models import Body, BodyMember, Constituency, Motion, MotionStatus, Petition
from ..models.petitions import SignatureChannel
from ..selectors import bodies as selectors
from ..selectors import petitions as petition_selectors
from ..services import bodies as services
from ..services import petitions as petition_services

# ----------------------------------------------------------------------------- serializers


class SeatSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    constituency_name = serializers.CharField(
        source="constituency.name", read_only=True, default=None
    )

    class Meta:
        model = BodyMember
        fields = ["id", "body", "person", "person_name", "post", "source", "constituency",
                  "constituency_name", "unit_name", "started_on", "ended_on", "end_reason",
                  "recall_reference", "replaces", "note"]  # fmt: skip


class ConstituencyLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="constituency.pk")
    name = serializers.CharField(source="constituency.name")
    covers = serializers.ListField(child=serializers.CharField(), source="nodes")
    households = serializers.IntegerField()
    representatives = serializers.IntegerField()
    finding = serializers.CharField()


class BodySerializer(serializers.ModelSerializer):
    node_name = serializers.CharField(source="node.name", read_only=True)
    seats_open = serializers.IntegerField(source="n_seats", read_only=True)
    must_convene = serializers.BooleanField(read_only=True)
    term_state = serializers.SerializerMethodField()

    class Meta:
        model = Body
        fields = ["id", "node", "node_name", "kind", "name", "assembly_mode", "quorum",
                  "convene_ratio", "proxy_allowed", "term_started_on", "term_ends_on",
                  "dissolved_on", "seats_open", "must_convene", "term_state"]  # fmt: skip

    def get_term_state(self, body) -> str:
        """ "" while the term runs, "ending" near its end, "expired" after it."""
        return selectors.term_state(body, timezone.localdate())


class BodyDetailSerializer(BodySerializer):
    seats = serializers.SerializerMethodField()
    constituencies = serializers.SerializerMethodField()

    class Meta(BodySerializer.Meta):
        fields = [*BodySerializer.Meta.fields, "seats", "constituencies"]

    @extend_schema_field(SeatSerializer(many=True))
    def get_seats(self, body):
        return SeatSerializer(selectors.body_seats(body), many=True).data

    @extend_schema_field(ConstituencyLineSerializer(many=True))
    def get_constituencies(self, body):
        lines = selectors.constituency_lines([body]).get(body.pk, [])
        return ConstituencyLineSerializer(lines, many=True).data


@extend_schema_field(OpenApiTypes.INT)
class NodePkField(ScopedPrimaryKeyRelatedField):
    """A community's or subdistrict's id, among those where the user may set up a body."""


class BodyCreateSerializer(serializers.Serializer):
    node = NodePkField(selector=lambda user: selectors.body_nodes_for(user=user))
    kind = serializers.ChoiceField(choices=BodyKind.choices)
    name = serializers.CharField(max_length=80)
    assembly_mode = serializers.ChoiceField(choices=AssemblyMode.choices, required=False,
                                            default=AssemblyMode.MEMBERS)  # fmt: skip
    quorum = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    convene_ratio = serializers.CharField(max_length=10, required=False, allow_blank=True,
                                          default="")  # fmt: skip
    proxy_allowed = serializers.BooleanField(required=False)
    term_started_on = serializers.DateField(required=False, allow_null=True, default=None)
    term_ends_on = serializers.DateField(required=False, allow_null=True, default=None)


class BodyUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80, required=False)
    assembly_mode = serializers.ChoiceField(choices=AssemblyMode.choices, required=False)
    quorum = serializers.CharField(max_length=10, required=False, allow_blank=True)
    convene_ratio = serializers.CharField(max_length=10, required=False, allow_blank=True)
    proxy_allowed = serializers.BooleanField(required=False)
    term_started_on = serializers.DateField(required=False, allow_null=True)
    term_ends_on = serializers.DateField(required=False, allow_null=True)


class DaySerializer(serializers.Serializer):
    on = serializers.DateField()


class SeatCreateSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text="A resident of the body's territory.")
    post = serializers.ChoiceField(choices=SeatPost.choices, default=SeatPost.MEMBER)
    source = serializers.ChoiceField(choices=SeatSource.choices, default=SeatSource.ELECTED)
    constituency = serializers.IntegerField(required=False, allow_null=True, default=None)
    unit_name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    started_on = serializers.DateField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SeatEndSerializer(serializers.Serializer):
    on = serializers.DateField()
    reason = serializers.ChoiceField(choices=SeatEnd.choices)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RecallSerializer(serializers.Serializer):
    on = serializers.DateField()
    motion = serializers.IntegerField(required=False, allow_null=True, default=None,
                                      help_text="A passed motion deciding the recall.")  # fmt: skip
    reference = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                      default="")  # fmt: skip
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ByElectionSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    started_on = serializers.DateField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SizingFindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class SizingLineSerializer(serializers.Serializer):
    community = serializers.IntegerField(source="community.pk")
    community_name = serializers.CharField(source="community.name")
    households = serializers.IntegerField()
    committee_seats = serializers.IntegerField()
    committee_standard = serializers.IntegerField()
    representatives = serializers.IntegerField()
    representatives_low = serializers.IntegerField()
    representatives_high = serializers.IntegerField()
    constituencies_off = serializers.IntegerField()
    findings = serializers.SerializerMethodField()

    @extend_schema_field(SizingFindingSerializer(many=True))
    def get_findings(self, line):
        return [{"code": code, "message": message} for code, message in line.findings]


def _person_of(body: Body, pk: int) -> Person:
    person = (
        Person.objects.filter(
            pk=pk, status=PersonStatus.RESIDENT, node__path__startswith=body.node.path
        )
        .select_related("node")
        .first()
    )
    if person is None:
        raise ValidationError({"person": _("No resident of this territory has this id.")})
    return person


# ----------------------------------------------------------------------------- bodies


@extend_schema(tags=["deliberation bodies"])
class BodyApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Bodies the user sees (VIEW_DELIBERATION in his subtree)."""

    queryset = Body.objects.none()
    action_perms = {"list": VIEW_DELIBERATION, "retrieve": VIEW_DELIBERATION,
                    "create": MANAGE_DELIBERATION, "partial_update": MANAGE_DELIBERATION,
                    "dissolve": MANAGE_DELIBERATION, "seats": MANAGE_DELIBERATION,
                    "sizing": VIEW_DELIBERATION}  # fmt: skip

    def get_queryset(self):
        params = self.request.query_params
        kind = params.get("kind", "")
        flag = params.get("flag", "")
        return selectors.body_list_for(
            user=self.request.user, kind=kind if kind in BodyKind.values else "",
            flag=flag if flag in ("convene", "term") else "",
            q=params.get("q", "") if self.action == "list" else "",
        )  # fmt: skip

    def get_serializer_class(self):
        return BodyDetailSerializer if self.action == "retrieve" else BodySerializer

    @extend_schema(parameters=[
        OpenApiParameter("q", str), OpenApiParameter("kind", str),
        OpenApiParameter("flag", str, description="convene | term"),
    ])  # fmt: skip
    def list(self, request, *args, **kwargs):
        return self.paginate(self.get_queryset(), BodySerializer, ordering="-id")

    @extend_schema(request=BodyCreateSerializer, responses={201: BodySerializer})
    def create(self, request):
        data = dict(self.validated(BodyCreateSerializer))
        if "proxy_allowed" not in request.data:
            data.pop("proxy_allowed", None)
        body = services.body_set_up(actor=request.user, **data)
        return Response(BodySerializer(self._fresh(body)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BodyUpdateSerializer, responses=BodySerializer)
    def partial_update(self, request, pk=None):
        body = self.get_object()
        self.require(MANAGE_DELIBERATION, body)
        body = services.body_update(actor=request.user, body=body,
                                    **self.validated(BodyUpdateSerializer))  # fmt: skip
        return Response(BodySerializer(self._fresh(body)).data)

    @extend_schema(request=DaySerializer, responses=BodySerializer)
    @action(detail=True, methods=["post"])
    def dissolve(self, request, pk=None):
        body = self.get_object()
        self.require(MANAGE_DELIBERATION, body)
        body = services.body_dissolve(actor=request.user, body=body,
                                      on=self.validated(DaySerializer)["on"])  # fmt: skip
        return Response(BodySerializer(self._fresh(body)).data)

    @extend_schema(request=SeatCreateSerializer, responses={201: SeatSerializer})
    @action(detail=True, methods=["post"])
    def seats(self, request, pk=None):
        """Seat a resident of the body's territory."""
        body = self.get_object()
        self.require(MANAGE_DELIBERATION, body)
        data = dict(self.validated(SeatCreateSerializer))
        data["person"] = _person_of(body, data["person"])
        if data["constituency"] is not None:
            data["constituency"] = Constituency.objects.filter(
                pk=data["constituency"], body=body
            ).first()
            if data["constituency"] is None:
                raise ValidationError({"constituency": _("Not a constituency of this body.")})
        seat = services.seat_take(actor=request.user, body=body, **data)
        return Response(SeatSerializer(seat).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("root", int, description="A node id (default: all)")],
        responses=SizingLineSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def sizing(self, request):
        """Per community: households, committee and representatives against the standard."""
        root = None
        wanted = request.query_params.get("root", "")
        if wanted.isdigit():
            root = Node.objects.visible_to(request.user, VIEW_DELIBERATION).filter(
                pk=int(wanted), kind__in=[NodeKind.DISTRICT, NodeKind.SUBDISTRICT,
                                          NodeKind.COMMUNITY]).first()  # fmt: skip
        report = selectors.sizing_report_for(user=request.user, root=root)
        return Response(SizingLineSerializer(report, many=True).data)

    def _fresh(self, body):
        return selectors.body_list_for(user=self.request.user).get(pk=body.pk)


# ----------------------------------------------------------------------------- seats


@extend_schema(tags=["deliberation bodies"])
class SeatApi(mixins.RetrieveModelMixin, ScopedViewSet):
    """Seats in the bodies the user sees (VIEW_DELIBERATION)."""

    queryset = BodyMember.objects.none()
    serializer_class = SeatSerializer
    action_perms = {"retrieve": VIEW_DELIBERATION, "end": MANAGE_DELIBERATION,
                    "recall": MANAGE_DELIBERATION,
                    "by_election": MANAGE_DELIBERATION}  # fmt: skip

    def get_queryset(self):
        return BodyMember.objects.visible_to(self.request.user, VIEW_DELIBERATION).select_related(
            "body__node", "person", "constituency"
        )

    def _managed(self):
        seat = self.get_object()
        self.require(MANAGE_DELIBERATION, seat.body)
        return seat

    @extend_schema(request=SeatEndSerializer, responses=SeatSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        seat = self._managed()
        data = self.validated(SeatEndSerializer)
        seat = services.seat_end(actor=request.user, seat=seat, on=data["on"],
                                 reason=data["reason"], note=data["note"])  # fmt: skip
        return Response(SeatSerializer(seat).data)

    @extend_schema(request=RecallSerializer, responses=SeatSerializer)
    @action(detail=True, methods=["post"])
    def recall(self, request, pk=None):
        """Recall the member with the decision: a passed motion, or a reference."""
        seat = self._managed()
        data = dict(self.validated(RecallSerializer))
        if data["motion"] is not None:
            motion = Motion.objects.visible_to(request.user, VIEW_DELIBERATION).filter(
                pk=data["motion"], status=MotionStatus.PASSED
            ).select_related("meeting__body__node").first()  # fmt: skip
            if motion is None:
                raise ValidationError({"motion": _("No passed motion you may see has this id.")})
            data["motion"] = motion
        seat = services.seat_recall(actor=request.user, seat=seat, **data)
        return Response(SeatSerializer(seat).data)

    @extend_schema(request=ByElectionSerializer, responses={201: SeatSerializer})
    @action(detail=True, methods=["post"], url_path="by-election")
    def by_election(self, request, pk=None):
        """Fill the vacated seat by a by-election."""
        vacated = self._managed()
        data = self.validated(ByElectionSerializer)
        seat = services.seat_by_elect(
            actor=request.user, vacated=vacated, person=_person_of(vacated.body, data["person"]),
            started_on=data["started_on"], note=data["note"],
        )  # fmt: skip
        return Response(SeatSerializer(seat).data, status=status.HTTP_201_CREATED)


# ----------------------------------------------------------------------------- petitions


class PetitionSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)
    signatures = serializers.IntegerField(source="n_signed", read_only=True)
    waiting = serializers.BooleanField(read_only=True, help_text="Share reached, no meeting yet.")

    class Meta:
        model = Petition
        fields = ["id", "body", "body_name", "title", "reason", "opened_on", "reached_at",
                  "meeting", "withdrawn_on", "signatures", "waiting"]  # fmt: skip


class SignerSerializer(serializers.Serializer):
    person_name = serializers.CharField(source="person.name")
    signed_at = serializers.DateTimeField()
    channel = serializers.CharField()


class PetitionDetailSerializer(PetitionSerializer):
    count = serializers.SerializerMethodField()
    signers = serializers.SerializerMethodField()

    class Meta(PetitionSerializer.Meta):
        fields = [*PetitionSerializer.Meta.fields, "count", "signers"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_count(self, petition) -> dict:
        """Signatures of persons on the roll, the roll, the signatures needed, the state."""
        facts = petition_selectors.petition_facts(petition)
        return {"signed": facts["signed"], "roll": facts["roll"], "needed": facts["needed"],
                "share": str(facts["ratio"]), "state": facts["state"]}  # fmt: skip

    @extend_schema_field(SignerSerializer(many=True, allow_null=True))
    def get_signers(self, petition):
        """Who signed: staff of the place only (null otherwise)."""
        if not petition_selectors.may_see_signers(self.context["request"].user, petition):
            return None
        return SignerSerializer(petition_selectors.petition_signers(petition), many=True).data


@extend_schema_field(OpenApiTypes.INT)
class BodyPkField(ScopedPrimaryKeyRelatedField):
    """A body's id, among those the user may see (public to him, or in his staff subtree)."""


class PetitionOpenSerializer(serializers.Serializer):
    body = BodyPkField(selector=lambda user: Body.objects.public_to(user, VIEW_PUBLIC))
    title = serializers.CharField(max_length=160)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PetitionSignSerializer(serializers.Serializer):
    person = serializers.IntegerField(
        required=False, allow_null=True, default=None,
        help_text="Staff entering a paper signature: the signer; empty: the user himself.",
    )  # fmt: skip


@extend_schema(tags=["deliberation bodies"])
class PetitionApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Convening petitions public to the user (his subtree and the nodes above it)."""

    queryset = Petition.objects.none()
    action_perms = {"list": VIEW_PUBLIC, "retrieve": VIEW_PUBLIC, "sign": VIEW_PUBLIC}

    def get_queryset(self):
        params = self.request.query_params
        return petition_selectors.petition_list_for(
            user=self.request.user, q=params.get("q", "") if self.action == "list" else "",
            state=params.get("state", "") if self.action == "list" else "",
        )  # fmt: skip

    def get_serializer_class(self):
        return PetitionDetailSerializer if self.action == "retrieve" else PetitionSerializer

    @extend_schema(parameters=[
        OpenApiParameter("q", str),
        OpenApiParameter("state", str, description="open | reached | answered | withdrawn"),
    ])  # fmt: skip
    def list(self, request, *args, **kwargs):
        return self.paginate(self.get_queryset(), PetitionSerializer, ordering="-id")

    @extend_schema(request=PetitionOpenSerializer, responses={201: PetitionSerializer})
    def create(self, request):
        """Open a petition: staff for a body of their subtree; a resident on its roll, who
        signs it first."""
        user = request.user
        data = self.validated(PetitionOpenSerializer)
        body = data["body"]
        staff = user.has_perm(RECORD_DELIBERATION, body)
        person = getattr(user, "person", None)
        if not staff and person is None:
            raise PermissionDenied(_("Only those on its roll may ask to convene it."))
        if not staff and person.pk not in services.body_roll(body):
            raise ValidationError({"body": _("Only those on its roll may ask to convene it.")})
        petition = petition_services.petition_open(actor=user, body=body, title=data["title"],
                                                   reason=data["reason"])  # fmt: skip
        if not staff:
            petition_services.petition_sign(actor=user, petition=petition, person=person)
        fresh = self.get_queryset().get(pk=petition.pk)
        return Response(PetitionSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PetitionSignSerializer, responses={201: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        """Sign (the user's own person), or enter a paper signature (staff)."""
        petition = self.get_object()
        wanted = self.validated(PetitionSignSerializer)["person"]
        if wanted is not None:
            self.require(RECORD_DELIBERATION, petition.body)
            person, channel = _person_of(petition.body, wanted), SignatureChannel.PAPER
        else:
            person, channel = getattr(request.user, "person", None), SignatureChannel.ONLINE
            if person is None:
                raise PermissionDenied(_("Your account names no resident."))
        petition_services.petition_sign(actor=request.user, petition=petition, person=person,
                                        channel=channel)  # fmt: skip
        facts = petition_selectors.petition_facts(Petition.objects.get(pk=petition.pk))
        return Response({"signed": facts["signed"], "needed": facts["needed"],
                         "state": facts["state"]}, status=status.HTTP_201_CREATED)  # fmt: skip


router = SimpleRouter(use_regex_path=False)
router.register("bodies", BodyApi, basename="deliberation-body")
router.register("seats", SeatApi, basename="deliberation-seat")
router.register("petitions", PetitionApi, basename="deliberation-petition")
urlpatterns = router.urls
