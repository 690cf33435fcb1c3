"""API of the annual evaluation (R-PM-4): rounds with their outcomes, ratings and duty reports
by the people concerned, the party-affairs board of a community, democratic evaluations."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.accounts.roles import RECORD_PARTY, VIEW_PARTY
from shequ.core.api.base import ScopedPrimaryKeyRelatedField, ScopedViewSet
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from ..models import DemocraticEvaluation, EvaluationRound, Outcome, PartyMember
from ..selectors import evaluation as selectors
from ..services import evaluation as services


class RoundSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)

    class Meta:
        model = EvaluationRound
        fields = ["id", "org", "org_name", "year", "opens_on", "closes_on", "status",
                  "published_on", "board_until"]  # fmt: skip


class OutcomeSerializer(serializers.ModelSerializer):
    """A member's result: mean and grades, never a rater's scores."""

    member_name = serializers.CharField(source="member.person.name", read_only=True)

    class Meta:
        model = Outcome
        fields = ["id", "member", "member_name", "ratings_count", "mean", "computed_grade",
                  "capped", "grade", "adjustment_reason"]  # fmt: skip


class BoardOutcomeSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.person.name", read_only=True)

    class Meta:
        model = Outcome
        fields = ["member_name", "grade"]


class RatingInSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    scores = serializers.DictField(child=serializers.IntegerField(min_value=1, max_value=5))


class ReportInSerializer(serializers.Serializer):
    member = serializers.IntegerField(required=False)
    text = serializers.CharField()


class DemocraticEvaluationSerializer(serializers.ModelSerializer):
    org = ScopedPrimaryKeyRelatedField(
        selector=lambda user: selectors.orgs_for_evaluation(user=user, perm=RECORD_PARTY)
    )
    org_name = serializers.CharField(source="org.name", read_only=True)

    class Meta:
        model = DemocraticEvaluation
        fields = ["id", "org", "org_name", "held_on", "participants", "summary"]


@extend_schema_view(
    list=extend_schema(description="Evaluation rounds of the organisations the user sees."),
    retrieve=extend_schema(description="One round."),
)
class EvaluationRoundApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = EvaluationRound.objects.none()
    serializer_class = RoundSerializer
    action_perms = {"list": VIEW_PARTY, "retrieve": VIEW_PARTY, "outcomes": VIEW_PARTY}

    def get_queryset(self):
        if self.action in ("rate", "report"):
            # raters and members act on rounds they need not see as staff
            return EvaluationRound.objects.select_related("org")
        params = self.request.query_params
        year = params.get("year", "")
        return selectors.round_list_for(
            user=self.request.user,
            q=params.get("q", ""),
            year=int(year) if year.isdigit() else None,
            status=params.get("status", ""),
        )

    @extend_schema(responses=OutcomeSerializer(many=True))
    @action(detail=True, methods=["get"])
    def outcomes(self, request, pk=None):
        rnd = self.get_object()
        return Response(OutcomeSerializer(selectors.outcome_list(rnd), many=True).data)

    @extend_schema(request=RatingInSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        """A registered rater's scores of one member (1–5 per configured criterion)."""
        rnd = self.get_object()
        data = self.validated(RatingInSerializer)
        member = selectors.round_members(rnd).filter(pk=data["member"]).first()
        if member is None:
            raise serializers.ValidationError({"member": ["Not evaluated in this round."]})
        services.rating_submit(actor=request.user, round=rnd, member=member, scores=data["scores"])
        return Response(status=status.HTTP_201_CREATED)

    @extend_schema(request=ReportInSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """The member's own duty report (or, with ``member``, one entered on his behalf)."""
        rnd = self.get_object()
        data = self.validated(ReportInSerializer)
        user = request.user
        members = PartyMember.objects.select_related("person", "node")
        if "member" in data:
            member = members.filter(pk=data["member"]).first()
        else:
            member = members.filter(person_id=user.person_id, state="active").first()
        if member is None:
            raise NotFound
        services.duty_report_submit(actor=user, round=rnd, member=member, text=data["text"])
        return Response(status=status.HTTP_201_CREATED)


class EvaluationBoardApi(ScopedViewSet):
    """The party-affairs board of a community: the rounds posted and each member's grade."""

    queryset = Node.objects.none()

    @extend_schema(responses=RoundSerializer(many=True))
    def retrieve(self, request, pk=None):
        community = Node.objects.filter(pk=pk, kind=NodeKind.COMMUNITY).first()
        if community is None or not selectors.board_visible_to(user=request.user,
                                                               community=community):  # fmt: skip
            raise NotFound
        entries = selectors.board_for(user=request.user, community=community)
        return Response(
            {
                "community": community.name,
                "rounds": [
                    {
                        **RoundSerializer(e["round"]).data,
                        "outcomes": BoardOutcomeSerializer(e["outcomes"], many=True).data,
                    }
                    for e in entries
                ],
            }
        )


@extend_schema_view(list=extend_schema(description="Democratic evaluation meetings recorded."))
class DemocraticEvaluationApi(mixins.ListModelMixin, ScopedViewSet):
    queryset = DemocraticEvaluation.objects.none()
    serializer_class = DemocraticEvaluationSerializer
    action_perms = {"list": VIEW_PARTY, "create": RECORD_PARTY}

    def get_queryset(self):
        q = self.request.query_params.get("q", "")
        return selectors.democratic_evaluation_list_for(user=self.request.user, q=q)

    def create(self, request):
        data = self.validated(DemocraticEvaluationSerializer)
        record = services.democratic_evaluation_record(actor=request.user, **data)
        return Response(DemocraticEvaluationSerializer(record).data, status=status.HTTP_201_CREATED)


router = SimpleRouter(use_regex_path=False)
router.register("evaluation-rounds", EvaluationRoundApi, basename="evaluation-round")
router.register("evaluation-board", EvaluationBoardApi, basename="evaluation-board")
router.register("democratic-evaluations", DemocraticEvaluationApi, basename="democratic-evaluation")
urlpatterns = router.urls
