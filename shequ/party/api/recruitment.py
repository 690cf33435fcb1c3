"""API of the recruitment pipeline (发展党员, R-PM-3): /api/v1/party/recruits/ (list, filters
``q``, ``stage``), /recruits/<pk>/ (with what each next step lacks) and POST
/recruits/<pk>/transition/ (400 naming every missing precondition)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.accounts.roles import MANAGE_RECRUITMENT
from shequ.core.api.base import ScopedViewSet
from shequ.core.pii import mask_name

from ..models.recruitment import Recruit, RecruitStage
from ..selectors import recruitment as selectors
from ..services import recruitment as services


class RecruitSerializer(serializers.ModelSerializer):
    """A recruit: the person's name only (no ID number, no phone)."""

    name = serializers.SerializerMethodField()
    org_name = serializers.CharField(source="org.name", read_only=True)
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = Recruit
        fields = [
            "id", "name", "org", "org_name", "stage", "stage_display", "applied_on",
            "talked_on", "activist_on", "candidate_on", "probationary_on", "extended_until",
            "full_on", "closed_on", "close_reason", "answerable_name", "political_review_done_on",
            "training_hours", "member",
        ]  # fmt: skip
        read_only_fields = fields

    def get_name(self, recruit) -> str:
        request = self.context.get("request")
        # staff who read the member register see names; the name is the only personal field
        if request is not None and request.user.has_perm(selectors.VIEW_RECRUIT, recruit):
            return recruit.person.name
        return mask_name(recruit.person.name)


class NextStepSerializer(serializers.Serializer):
    verb = serializers.CharField()
    target = serializers.CharField()
    label = serializers.CharField()
    ready = serializers.BooleanField()
    missing = serializers.DictField(child=serializers.CharField())


class RecruitDetailSerializer(RecruitSerializer):
    next_steps = serializers.SerializerMethodField()

    class Meta(RecruitSerializer.Meta):
        fields = [*RecruitSerializer.Meta.fields, "next_steps"]
        read_only_fields = fields

    @extend_schema_field(NextStepSerializer(many=True))
    def get_next_steps(self, recruit) -> list[dict]:
        request = self.context["request"]
        return [
            {"verb": s.step.verb, "target": s.step.target, "label": str(s.step.label),
             "ready": s.ready, "missing": s.missing}
            for s in selectors.next_steps(user=request.user, recruit=recruit)
        ]  # fmt: skip


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=RecruitStage.choices)
    on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    extended_until = serializers.DateField(required=False, allow_null=True)


@extend_schema_view(
    list=extend_schema(
        description="Recruits of the branches in the user's scope.",
        parameters=[
            OpenApiParameter("q", str, description="Name, pinyin or number"),
            OpenApiParameter("stage", str, enum=RecruitStage.values),
        ],
    ),
    retrieve=extend_schema(description="One recruit with what each next step still lacks."),
)
class RecruitApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The recruitment pipeline; ``transition`` takes one step or answers 400 with every
    missing precondition under its key (``interval``, ``notice``, ``introducers`` …)."""

    queryset = Recruit.objects.none()
    action_perms = {
        "list": selectors.VIEW_RECRUIT,
        "retrieve": selectors.VIEW_RECRUIT,
        "transition": MANAGE_RECRUITMENT,
    }

    def get_queryset(self):
        params = self.request.query_params if self.action == "list" else {}
        stage = params.get("stage", "")
        recruits = selectors.recruit_list_for(
            user=self.request.user,
            q=params.get("q", ""),
            stage=stage if stage in RecruitStage.values else "",
        )
        if self.action == "list":
            return recruits.select_related("person", "org")
        return selectors.with_details(recruits)

    def get_serializer_class(self):
        return RecruitSerializer if self.action == "list" else RecruitDetailSerializer

    def _detail(self, recruit):
        recruit = self.get_queryset().get(pk=recruit.pk)
        context = self.get_serializer_context()
        return Response(RecruitDetailSerializer(recruit, context=context).data)

    @extend_schema(request=TransitionSerializer, responses=RecruitDetailSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Take one step of the pipeline (MANAGE_RECRUITMENT over the branch)."""
        recruit = self.get_object()
        self.require(MANAGE_RECRUITMENT, recruit)
        data = self.validated(TransitionSerializer)
        services.recruit_transition(
            recruit=recruit, to=data["to"], actor=request.user,
            on=data.get("on") or timezone.localdate(), note=data.get("note", ""),
            extended_until=data.get("extended_until"),
        )  # fmt: skip
        return self._detail(recruit)


router = SimpleRouter(use_regex_path=False)
router.register("recruits", RecruitApi, basename="party-recruit")
urlpatterns = router.urls
