"""API of micro-project rounds (R-PB-1, R-PB-3): /rounds/ (the rounds the user sees; POST to
create one), /rounds/<id>/ (with its phases), /rounds/<id>/transition/ (the next phase),
/projects/?round= (POST to propose), /projects/<id>/ (with its money), /projects/<id>/vet/,
/projects/<id>/shortlist/."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.accounts.roles import MANAGE_PB, RECORD_PB
from shequ.core.api.base import ScopedViewSet
from shequ.core.scope import scope_q

from ..choices import Category, Phase, ProjectStatus, VoteType
from ..models import Project, Round, RoundPhase
from ..selectors import rounds as selectors
from ..services import projects as project_services
from ..services import rounds as services


class PbRoundPhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoundPhase
        fields = ["phase", "starts_on", "ends_on"]


class PbRoundSerializer(serializers.ModelSerializer):
    node_name = serializers.CharField(source="node.name", read_only=True)

    class Meta:
        model = Round
        fields = ["id", "node", "node_name", "title", "year", "budget", "phase", "vote_type",
                  "min_length", "max_length", "max_points", "rule", "completion"]  # fmt: skip


class PbRoundDetailSerializer(PbRoundSerializer):
    phases = PbRoundPhaseSerializer(many=True, read_only=True)
    description = serializers.CharField(read_only=True)

    class Meta(PbRoundSerializer.Meta):
        fields = [*PbRoundSerializer.Meta.fields, "description", "phases"]


class PbRoundCreateSerializer(serializers.Serializer):
    node = serializers.IntegerField()
    title = serializers.CharField(max_length=120)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    budget = serializers.DecimalField(max_digits=14, decimal_places=2)
    vote_type = serializers.ChoiceField(choices=VoteType.choices, default=VoteType.APPROVAL)
    min_length = serializers.IntegerField(min_value=1, default=1)
    max_length = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    max_points = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    starts_on = serializers.DateField(required=False)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class PbRoundTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=Phase.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class PbProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["id", "round", "code", "title", "description", "category", "cost", "location",
                  "status", "vet_note", "shortlisted_at"]  # fmt: skip


class PbProjectMoneySerializer(serializers.Serializer):
    public = serializers.DecimalField(max_digits=14, decimal_places=2)
    pledged = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid = serializers.DecimalField(max_digits=14, decimal_places=2)
    total = serializers.DecimalField(max_digits=14, decimal_places=2)


class PbProjectDetailSerializer(PbProjectSerializer):
    money = serializers.SerializerMethodField()

    class Meta(PbProjectSerializer.Meta):
        fields = [*PbProjectSerializer.Meta.fields, "money"]

    @extend_schema(responses=PbProjectMoneySerializer)
    def get_money(self, project) -> dict:
        return PbProjectMoneySerializer(selectors.project_money(project)).data


class PbProposeSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    category = serializers.ChoiceField(choices=Category.choices)
    cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    location = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)


class PbVetSerializer(serializers.Serializer):
    feasible = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    cost = serializers.DecimalField(max_digits=14, decimal_places=2, required=False,
                                    allow_null=True)  # fmt: skip


class PbShortlistSerializer(serializers.Serializer):
    on_ballot = serializers.BooleanField(default=True)


@extend_schema(tags=["micro-projects"])
class RoundApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Rounds public to the user (every phase but the draft) and those of his staff subtree."""

    queryset = Round.objects.none()
    action_perms = {"create": MANAGE_PB, "transition": MANAGE_PB}

    def get_queryset(self):
        params = self.request.query_params
        phase = params.get("phase", "")
        return selectors.round_list_for(
            user=self.request.user, phase=phase if phase in Phase.values else "",
            q=params.get("q", "") if self.action == "list" else "",
        ).prefetch_related("phases")  # fmt: skip

    def get_serializer_class(self):
        return PbRoundDetailSerializer if self.action == "retrieve" else PbRoundSerializer

    @extend_schema(parameters=[OpenApiParameter("phase", str), OpenApiParameter("q", str)])
    def list(self, request, *args, **kwargs):
        return self.paginate(self.get_queryset(), PbRoundSerializer, ordering="-id")

    @extend_schema(request=PbRoundCreateSerializer, responses={201: PbRoundDetailSerializer})
    def create(self, request):
        from shequ.territory.models import Node

        data = dict(self.validated(PbRoundCreateSerializer))
        node = Node.objects.filter(pk=data.pop("node")).first()
        if node is None:
            raise serializers.ValidationError({"node": [_("Unknown territory.")]})
        round = services.round_create(node=node, actor=request.user, **data)
        return Response(PbRoundDetailSerializer(round).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PbRoundTransitionSerializer, responses=PbRoundDetailSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the round to its next phase (the table of pb.workflow)."""
        round = self.get_object()
        self.require(MANAGE_PB, round)
        data = self.validated(PbRoundTransitionSerializer)
        round = services.round_transition(round=round, actor=request.user, **data)
        return Response(PbRoundDetailSerializer(round).data)


@extend_schema(tags=["micro-projects"])
class ProjectApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Projects of the rounds the user sees; proposals turned down only to staff."""

    queryset = Project.objects.none()
    action_perms = {"vet": RECORD_PB}

    def get_queryset(self):
        params = self.request.query_params
        projects = selectors.project_list_for(user=self.request.user,
                                              q=params.get("q", "") if self.action == "list"
                                              else "")  # fmt: skip
        round_id = params.get("round", "")
        if self.action == "list" and round_id.isdigit():
            projects = projects.filter(round_id=int(round_id))
        hidden = Q(status__in=[ProjectStatus.REJECTED, ProjectStatus.WITHDRAWN])
        return projects.exclude(
            hidden & ~scope_q(self.request.user, RECORD_PB, "round__node__path")
        )

    def get_serializer_class(self):
        return PbProjectDetailSerializer if self.action == "retrieve" else PbProjectSerializer

    @extend_schema(parameters=[OpenApiParameter("round", int), OpenApiParameter("q", str)])
    def list(self, request, *args, **kwargs):
        return self.paginate(self.get_queryset(), PbProjectSerializer, ordering="-id")

    @extend_schema(request=PbProposeSerializer, responses={201: PbProjectSerializer})
    def create(self, request):
        """Propose a project (a resident of the round's territory, while it collects)."""
        data = dict(self.validated(PbProposeSerializer))
        round = selectors.round_list_for(user=request.user).filter(pk=data.pop("round")).first()
        if round is None:
            raise serializers.ValidationError({"round": [_("Unknown round.")]})
        project = project_services.project_propose(round=round, actor=request.user, **data)
        return Response(PbProjectSerializer(project).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PbVetSerializer, responses=PbProjectSerializer)
    @action(detail=True, methods=["post"])
    def vet(self, request, pk=None):
        project = self.get_object()
        self.require(RECORD_PB, project.round)
        project = project_services.project_vet(project=project, actor=request.user,
                                               **self.validated(PbVetSerializer))  # fmt: skip
        return Response(PbProjectSerializer(project).data)

    @extend_schema(request=PbShortlistSerializer, responses=PbProjectSerializer)
    @action(detail=True, methods=["post"])
    def shortlist(self, request, pk=None):
        """Put the project on the ballot or take it off (the council, or managers)."""
        project = self.get_object()
        data = self.validated(PbShortlistSerializer)
        project = project_services.project_shortlist(project=project, actor=request.user, **data)
        return Response(PbProjectSerializer(project).data)


router = SimpleRouter(use_regex_path=False)
router.register("rounds", RoundApi, basename="pb-round")
router.register("projects", ProjectApi, basename="pb-project")
urlpatterns = router.urls
