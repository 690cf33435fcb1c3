"""API of 四知四访 (R-PM-6): /care-visits/ (the visits in the user's area or addressed to him,
filtered as the page; one visit; POST log), /care-flags/ (POST: record an occasion, which
raises its visit) and /care-circumstances/?member=<id> (VIEW_CIRCUMSTANCES)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.accounts.roles import RECORD_PARTY, VIEW_CIRCUMSTANCES
from shequ.core.api.base import ScopedPrimaryKeyRelatedField, ScopedViewSet

from ..models import CareTrigger, CareVisit, MemberCircumstance, PartyMember, VisitStatus
from ..selectors import care as selectors
from ..selectors.orgs import member_get_for
from ..services import care as services


class CareVisitSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.person.name", read_only=True)
    trigger = serializers.CharField(source="flag.trigger", read_only=True)
    recorded_on = serializers.DateField(source="flag.recorded_on", read_only=True)
    assignee_org_name = serializers.CharField(source="assignee_org.name", read_only=True)

    class Meta:
        model = CareVisit
        fields = [
            "id",
            "member",
            "member_name",
            "trigger",
            "recorded_on",
            "assignee_name",
            "assignee_post",
            "assignee_org_name",
            "due_on",
            "status",
            "visited_on",
            "notes",
            "escalation_level",
            "escalated_at",
        ]


class VisitLogSerializer(serializers.Serializer):
    visited_on = serializers.DateField()
    notes = serializers.CharField()


class FlagRaiseSerializer(serializers.Serializer):
    member = ScopedPrimaryKeyRelatedField(
        selector=lambda user: PartyMember.objects.active().visible_to(user, RECORD_PARTY),
        queryset=PartyMember.objects.none(),
        help_text="An active member where the user records party work.",
    )
    trigger = serializers.ChoiceField(choices=CareTrigger.choices)
    on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CircumstanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = MemberCircumstance
        fields = ["id", "member", "aspect", "text", "recorded_on"]


class CareVisitApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Visit tasks (四访): in the user's area, or addressed to him."""

    queryset = CareVisit.objects.none()
    serializer_class = CareVisitSerializer

    def get_queryset(self):
        return selectors.care_visit_list_for(user=self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=[*VisitStatus.values, selectors.OVERDUE]),
            OpenApiParameter("trigger", str, enum=CareTrigger.values),
            OpenApiParameter("q", str, description="Member, visitor or card number."),
            OpenApiParameter("mine", bool, description="Only visits addressed to me."),
        ]
    )
    def list(self, request):
        params = request.query_params
        status_ = params.get("status", "")
        visits = selectors.care_visit_list_for(
            user=request.user,
            status=status_ if status_ in (*VisitStatus.values, selectors.OVERDUE) else "",
            trigger=params.get("trigger", "")
            if params.get("trigger") in CareTrigger.values
            else "",
            q=params.get("q", ""),
            mine=params.get("mine") in ("1", "true", "True"),
        )
        return self.paginate(visits, CareVisitSerializer, ordering="-id")

    @extend_schema(request=VisitLogSerializer, responses=CareVisitSerializer)
    @action(detail=True, methods=["post"])
    def log(self, request, pk=None):
        """The visit was made: its day and what was found and done."""
        visit = self.get_object()
        data = self.validated(VisitLogSerializer)
        visit = services.care_visit_log(actor=request.user, visit=visit, **data)
        return Response(CareVisitSerializer(self.get_queryset().get(pk=visit.pk)).data)


class CareFlagApi(ScopedViewSet):
    """Record an occasion (hardship, family conflict, hospital, bereavement): one visit."""

    queryset = CareVisit.objects.none()
    serializer_class = CareVisitSerializer
    action_perms = {"create": RECORD_PARTY}

    @extend_schema(request=FlagRaiseSerializer, responses={201: CareVisitSerializer})
    def create(self, request):
        data = self.validated(FlagRaiseSerializer)
        visit = services.care_flag_raise(actor=request.user, **data)
        visit = selectors.care_visit_list_for(user=request.user).get(pk=visit.pk)
        return Response(CareVisitSerializer(visit).data, status=status.HTTP_201_CREATED)


class CircumstanceApi(mixins.ListModelMixin, ScopedViewSet):
    """What is known of one member (四知), newest first per aspect."""

    queryset = MemberCircumstance.objects.none()
    serializer_class = CircumstanceSerializer
    action_perms = {"list": VIEW_CIRCUMSTANCES}

    @extend_schema(parameters=[OpenApiParameter("member", int, required=True)])
    def list(self, request):
        ref = request.query_params.get("member", "")
        try:
            member = member_get_for(user=request.user, pk=int(ref))
        except (ValueError, PartyMember.DoesNotExist):
            raise NotFound from None
        if not request.user.has_perm(VIEW_CIRCUMSTANCES, member):
            raise PermissionDenied
        rows = selectors.circumstance_list_for(user=request.user, member=member)
        return Response(CircumstanceSerializer(rows, many=True).data)


router = SimpleRouter(use_regex_path=False)
router.register("care-visits", CareVisitApi, basename="party-care-visit")
router.register("care-flags", CareFlagApi, basename="party-care-flag")
router.register("care-circumstances", CircumstanceApi, basename="party-care-circumstance")

urlpatterns = router.urls
