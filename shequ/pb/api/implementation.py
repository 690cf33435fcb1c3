"""API of carrying out funded micro-projects (R-PB-1) under /api/v1/pb/implementation/:
``projects/`` (staff: funded projects of the subtree with progress, spending and acceptance,
keyset paged, ``q``/``round``/``state``/``overdue``), ``projects/<id>/`` (public: milestones,
progress with photos, spending totals, acceptance, ratings), and the writes on a project:
``milestones``, ``progress`` (multipart with ``photos``), ``spending`` (GET: the ledger),
``acceptance``, ``rating``; ``milestones/<id>/done/`` and ``spending/<id>/reverse/``.
Amounts are decimal strings; services check the rules."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.accounts.roles import MANAGE_PB, RECORD_PB, VIEW_PB, VIEW_PUBLIC
from shequ.core.api.base import ScopedViewSet
from shequ.core.api.pagination import KeysetPagination

from ..choices import ProjectStatus
from ..models import (
    AcceptanceCheck,
    AcceptanceResult,
    Milestone,
    ProgressReport,
    Project,
    SpendingEntry,
)
from ..selectors import implementation as selectors
from ..services import implementation as services

MONEY = {"max_digits": 14, "decimal_places": 2}


class PbFundedProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    round = serializers.IntegerField(source="round_id")
    round_title = serializers.CharField(source="round.title")
    territory = serializers.CharField(source="round.node.name")
    code = serializers.CharField()
    title = serializers.CharField()
    cost = serializers.DecimalField(**MONEY)
    money = serializers.DecimalField(**MONEY, help_text="Cost and co-funding received.")
    spent = serializers.DecimalField(**MONEY)
    left = serializers.DecimalField(**MONEY)
    percent = serializers.IntegerField(help_text="Progress of the latest report, 0–100.")
    overdue_milestones = serializers.IntegerField(source="overdue")
    accepted = serializers.BooleanField()


class ImplMilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "due_on", "done_on"]
        read_only_fields = ["done_on"]


class ImplMilestoneDoneSerializer(serializers.Serializer):
    done_on = serializers.DateField()


class ImplProgressSerializer(serializers.ModelSerializer):
    photos = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = ["id", "reported_on", "percent", "note", "decrease_reason", "photos"]

    def get_photos(self, report) -> list[str]:
        return [reverse("pb:implementation_photo", args=[p.pk]) for p in report.photos.all()]


class ImplProgressInSerializer(serializers.Serializer):
    percent = serializers.IntegerField(min_value=0, max_value=100)
    reported_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    decrease_reason = serializers.CharField(required=False, allow_blank=True, default="",
                                            max_length=200)  # fmt: skip
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ImplSpendingSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpendingEntry
        fields = ["id", "kind", "amount", "paid_on", "voucher", "payee", "note", "reverses",
                  "recorded_at"]  # fmt: skip


class ImplSpendingInSerializer(serializers.Serializer):
    amount = serializers.DecimalField(**MONEY)
    paid_on = serializers.DateField()
    voucher = serializers.CharField(max_length=40)
    payee = serializers.CharField(max_length=120)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ImplReverseSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200)


class ImplCheckSerializer(serializers.ModelSerializer):
    participants = serializers.SerializerMethodField()

    class Meta:
        model = AcceptanceCheck
        fields = ["id", "checked_on", "result", "findings", "conditions", "checked_by",
                  "participants", "other_participants"]  # fmt: skip

    def get_participants(self, check) -> list[str]:
        return [p.name for p in check.participants.all()]


class ImplCheckInSerializer(serializers.Serializer):
    checked_on = serializers.DateField()
    result = serializers.ChoiceField(choices=AcceptanceResult.choices)
    findings = serializers.CharField()
    conditions = serializers.CharField(required=False, allow_blank=True, default="")
    checked_by = serializers.CharField(max_length=200)
    participants = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list,
        help_text="Persons seated in the territory's bodies.",
    )  # fmt: skip
    other_participants = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                               default="")  # fmt: skip


class ImplRatingInSerializer(serializers.Serializer):
    stars = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ImplRatingOutSerializer(serializers.Serializer):
    stars = serializers.IntegerField()
    comment = serializers.CharField()


class ImplDeliverySerializer(serializers.Serializer):
    """The public record of a project: no voucher or payee details."""

    id = serializers.IntegerField(source="project.pk")
    round = serializers.IntegerField(source="project.round_id")
    code = serializers.CharField(source="project.code")
    title = serializers.CharField(source="project.title")
    money = serializers.DecimalField(**MONEY)
    spent = serializers.DecimalField(**MONEY)
    left = serializers.DecimalField(**MONEY)
    percent = serializers.IntegerField()
    accepted = serializers.SerializerMethodField()
    milestones = ImplMilestoneSerializer(many=True)
    progress = ImplProgressSerializer(source="reports", many=True)
    checks = ImplCheckSerializer(many=True)
    rating_mean = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True)
    rating_count = serializers.IntegerField()
    ratings = ImplRatingOutSerializer(many=True, help_text="Ratings with a comment, newest first.")

    def get_accepted(self, delivery) -> bool:
        return delivery.accepted is not None


_LIST_FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Micro-project, number or round."),
    OpenApiParameter("round", OpenApiTypes.INT),
    OpenApiParameter("state", OpenApiTypes.STR, enum=["implementing", "accepted"]),
    OpenApiParameter("overdue", OpenApiTypes.BOOL, description="Only with overdue milestones."),
]


@extend_schema_view(
    list=extend_schema(description="Funded micro-projects of the user's subtree.",
                       parameters=_LIST_FILTERS),
    retrieve=extend_schema(description="The public record of a funded micro-project.",
                           responses=ImplDeliverySerializer),
)  # fmt: skip
class FundedProjectApi(ScopedViewSet):
    queryset = Project.objects.none()
    serializer_class = PbFundedProjectSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    action_perms = {
        "list": VIEW_PB, "retrieve": VIEW_PUBLIC, "milestones": RECORD_PB,
        "progress": RECORD_PB, "spending": VIEW_PB, "acceptance": MANAGE_PB,
        "rating": VIEW_PUBLIC,
    }  # fmt: skip

    def get_queryset(self):
        user = self.request.user
        if self.action == "list":
            params = self.request.query_params
            rnd = params.get("round", "")
            rounds = selectors.funded_rounds_for(user=user)
            return selectors.funded_list_for(
                user=user, q=params.get("q", ""), state=params.get("state", ""),
                round=rounds.filter(pk=int(rnd)).first() if rnd.isdigit() else None,
                overdue=params.get("overdue", "").lower() in ("1", "true", "yes"),
            )  # fmt: skip
        return (
            Project.objects.public_to(user, VIEW_PUBLIC)
            .filter(status=ProjectStatus.FUNDED)
            .select_related("round__node")
        )

    def list(self, request):
        paginator = KeysetPagination()
        rows = selectors.with_money(paginator.paginate_queryset(self.get_queryset(), request, self))
        return paginator.get_paginated_response(PbFundedProjectSerializer(rows, many=True).data)

    def retrieve(self, request, pk=None):
        project = self.get_object()
        return Response(ImplDeliverySerializer(selectors.delivery_for(project)).data)

    def _created(self, serializer_class, row):
        return Response(serializer_class(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ImplMilestoneSerializer, responses={201: ImplMilestoneSerializer})
    @action(detail=True, methods=["post"])
    def milestones(self, request, pk=None):
        """Add a milestone (pb.record)."""
        project = self.get_object()
        self.require(RECORD_PB, project)
        data = self.validated(ImplMilestoneSerializer)
        row = services.milestone_add(actor=request.user, project=project, title=data["title"],
                                     due_on=data["due_on"])  # fmt: skip
        return self._created(ImplMilestoneSerializer, row)

    @extend_schema(request={"multipart/form-data": ImplProgressInSerializer,
                            "application/json": ImplProgressInSerializer},
                   responses={201: ImplProgressSerializer})  # fmt: skip
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        """Report progress with photos (pb.record); lower than before needs ``decrease_reason``."""
        project = self.get_object()
        self.require(RECORD_PB, project)
        data = self.validated(ImplProgressInSerializer)
        row = services.progress_report(actor=request.user, project=project, **data)
        return self._created(ImplProgressSerializer, row)

    @extend_schema(methods=["GET"], request=None, responses=ImplSpendingSerializer(many=True))
    @extend_schema(methods=["POST"], request=ImplSpendingInSerializer,
                   responses={201: ImplSpendingSerializer})  # fmt: skip
    @action(detail=True, methods=["get", "post"])
    def spending(self, request, pk=None):
        """GET: the ledger with voucher details (pb.view); POST: record a payment (pb.record),
        refused when it would overspend the project's money."""
        project = self.get_object()
        if request.method == "GET":
            self.require(VIEW_PB, project)
            return Response(ImplSpendingSerializer(selectors.ledger_for(project), many=True).data)
        self.require(RECORD_PB, project)
        data = self.validated(ImplSpendingInSerializer)
        row = services.spending_record(actor=request.user, project=project, **data)
        return self._created(ImplSpendingSerializer, row)

    @extend_schema(request=ImplCheckInSerializer, responses={201: ImplCheckSerializer})
    @action(detail=True, methods=["post"])
    def acceptance(self, request, pk=None):
        """Record an acceptance check (pb.manage); it is posted on the board."""
        project = self.get_object()
        self.require(MANAGE_PB, project)
        data = self.validated(ImplCheckInSerializer)
        allowed = selectors.participant_choices(project)
        people = list(allowed.filter(pk__in=data["participants"]))
        if len(people) != len(set(data["participants"])):
            raise serializers.ValidationError(
                {"participants": [_("Choose residents seated in the bodies of the territory.")]}
            )
        row = services.acceptance_record(actor=request.user, project=project,
                                         **{**data, "participants": people})  # fmt: skip
        return self._created(ImplCheckSerializer, row)

    @extend_schema(request=ImplRatingInSerializer, responses={201: ImplRatingOutSerializer})
    @action(detail=True, methods=["post"])
    def rating(self, request, pk=None):
        """Rate an accepted project, once, as a resident of the round's territory."""
        project = self.get_object()
        data = self.validated(ImplRatingInSerializer)
        row = services.rating_give(actor=request.user, project=project, **data)
        return self._created(ImplRatingOutSerializer, row)


class MilestoneApi(ScopedViewSet):
    queryset = Milestone.objects.none()
    serializer_class = ImplMilestoneSerializer
    action_perms = {"done": RECORD_PB}

    def get_queryset(self):
        return Milestone.objects.visible_to(self.request.user, VIEW_PB).select_related("project")

    @extend_schema(request=ImplMilestoneDoneSerializer, responses=ImplMilestoneSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        """Mark a milestone done (pb.record)."""
        milestone = self.get_object()
        self.require(RECORD_PB, milestone.project)
        data = self.validated(ImplMilestoneDoneSerializer)
        row = services.milestone_done(actor=request.user, milestone=milestone, **data)
        return Response(ImplMilestoneSerializer(row).data)


class SpendingEntryApi(ScopedViewSet):
    queryset = SpendingEntry.objects.none()
    serializer_class = ImplSpendingSerializer
    action_perms = {"reverse": RECORD_PB}

    def get_queryset(self):
        return SpendingEntry.objects.visible_to(self.request.user, VIEW_PB).select_related(
            "project"
        )

    @extend_schema(request=ImplReverseSerializer, responses={201: ImplSpendingSerializer})
    @action(detail=True, methods=["post"])
    def reverse(self, request, pk=None):
        """Reverse a payment with the reason (pb.record)."""
        entry = self.get_object()
        self.require(RECORD_PB, entry.project)
        data = self.validated(ImplReverseSerializer)
        row = services.spending_reverse(actor=request.user, entry=entry, note=data["note"])
        return Response(ImplSpendingSerializer(row).data, status=status.HTTP_201_CREATED)


router = SimpleRouter(use_regex_path=False)
router.register("implementation/projects", FundedProjectApi, basename="pb-funded-project")
router.register("implementation/milestones", MilestoneApi, basename="pb-milestone")
router.register("implementation/spending", SpendingEntryApi, basename="pb-spending")
urlpatterns = router.urls
