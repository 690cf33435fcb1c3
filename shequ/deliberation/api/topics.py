"""API of topics (议题, R-DLB-2): /topics/ (public to the user, filtered as the page; POST to
open one), /topics/<id>/ (with its steps and rating), /topics/<id>/steps/ (record the next
step, multipart with documents), /topics/<id>/evaluation/ (a resident's rating) and
/topics/procedures/ (the templates)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.accounts.roles import MANAGE_DELIBERATION, RECORD_DELIBERATION, VIEW_PUBLIC
from shequ.core.api.base import ScopedPrimaryKeyRelatedField, ScopedViewSet

from ..models import Motion, Topic
from ..models.topics import TopicState
from ..procedures import procedures
from ..selectors import topics as selectors
from ..services import topics as services


class TopicSerializer(serializers.ModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)
    procedure_name = serializers.SerializerMethodField()
    steps_total = serializers.SerializerMethodField()
    rating_mean = serializers.FloatField(read_only=True, allow_null=True)
    rating_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Topic
        fields = ["id", "community", "community_name", "title", "procedure", "procedure_name",
                  "done", "steps_total", "current_step", "state", "affects_all_residents",
                  "origin", "created_at", "evaluation_opened_at", "rating_mean",
                  "rating_count"]  # fmt: skip

    def get_procedure_name(self, topic) -> str:
        return _(topic.procedure_name)

    def get_steps_total(self, topic) -> int:
        return len(topic.steps)


class StepRecordSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    by = serializers.CharField(source="actor_name")
    decision = serializers.CharField(source="note")
    motion = serializers.IntegerField(source="motion_id", allow_null=True)
    documents = serializers.SerializerMethodField()

    def get_documents(self, event) -> list[str]:
        return [d.original_name for d in event.documents.all()]


class TimelineSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    code = serializers.CharField(source="step.code")
    name = serializers.CharField(source="step.label")
    performer = serializers.CharField(source="step.performer")
    needs_motion = serializers.BooleanField(source="step.motion")
    needs_documents = serializers.BooleanField(source="step.documents")
    publishes = serializers.CharField(source="step.publish")
    status = serializers.CharField()
    record = StepRecordSerializer(source="event", allow_null=True)


class TopicDetailSerializer(TopicSerializer):
    description = serializers.CharField(read_only=True)
    timeline = serializers.SerializerMethodField()

    class Meta(TopicSerializer.Meta):
        fields = [*TopicSerializer.Meta.fields, "description", "timeline"]

    @extend_schema_field(TimelineSerializer(many=True))
    def get_timeline(self, topic):
        return TimelineSerializer(selectors.topic_timeline(topic), many=True).data


@extend_schema_field(OpenApiTypes.INT)
class CommunityPkField(ScopedPrimaryKeyRelatedField):
    """A community's id, among those where the user may open topics."""


@extend_schema_field(OpenApiTypes.INT)
class MotionPkField(ScopedPrimaryKeyRelatedField):
    """A passed motion's id, among those the user sees."""


class TopicCreateSerializer(serializers.Serializer):
    community = CommunityPkField(selector=lambda user: selectors.topic_communities_for(user=user))
    title = serializers.CharField(max_length=160)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    procedure = serializers.CharField(max_length=40)
    affects_all_residents = serializers.BooleanField(required=False, default=False)


def _motions(user):
    from shequ.accounts.roles import VIEW_DELIBERATION

    return Motion.objects.visible_to(user, VIEW_DELIBERATION).select_related("meeting__body__node")


class StepCompleteSerializer(serializers.Serializer):
    step = serializers.CharField(max_length=40)
    decision = serializers.CharField()
    motion = MotionPkField(selector=_motions, required=False, allow_null=True, default=None)
    documents = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class StepDoneSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    step = serializers.CharField(source="verb")
    at = serializers.DateTimeField()


class EvaluateSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class EvaluationSerializer(serializers.Serializer):
    topic = serializers.IntegerField(source="topic_id")
    rating = serializers.IntegerField()
    comment = serializers.CharField()


class ProcedureStepSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="label")
    performer = serializers.CharField()
    motion = serializers.BooleanField()
    decides = serializers.BooleanField()
    publish = serializers.CharField()
    documents = serializers.BooleanField()
    evaluation = serializers.BooleanField()


class ProcedureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="label")
    builtin = serializers.BooleanField()
    steps = ProcedureStepSerializer(many=True)


@extend_schema(tags=["deliberation topics"])
class TopicApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Topics public to the user: his community's, and those at or above his nodes."""

    queryset = Topic.objects.none()
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    action_perms = {"list": VIEW_PUBLIC, "retrieve": VIEW_PUBLIC, "create": MANAGE_DELIBERATION,
                    "procedures": VIEW_PUBLIC, "evaluation": VIEW_PUBLIC,
                    "steps": RECORD_DELIBERATION}  # fmt: skip

    def get_queryset(self):
        params = self.request.query_params
        state = params.get("state", "")
        return selectors.topic_list_for(
            user=self.request.user, q=params.get("q", "") if self.action == "list" else "",
            procedure=params.get("procedure", "") if self.action == "list" else "",
            step=params.get("step", "") if self.action == "list" else "",
            state=state if self.action == "list" and state in TopicState.values else "",
        )  # fmt: skip

    def get_serializer_class(self):
        return TopicDetailSerializer if self.action == "retrieve" else TopicSerializer

    @extend_schema(parameters=[
        OpenApiParameter("q", str), OpenApiParameter("procedure", str),
        OpenApiParameter("step", str, description="Code of the current step"),
        OpenApiParameter("state", str, enum=TopicState.values),
    ])  # fmt: skip
    def list(self, request, *args, **kwargs):
        return self.paginate(self.get_queryset(), TopicSerializer, ordering="-id")

    @extend_schema(request=TopicCreateSerializer, responses={201: TopicSerializer})
    def create(self, request):
        data = self.validated(TopicCreateSerializer)
        topic = services.topic_create(actor=request.user, **data)
        topic = selectors.topic_get_for(user=request.user, pk=topic.pk)
        return Response(TopicSerializer(topic).data, status=status.HTTP_201_CREATED)

    @extend_schema(request={"multipart/form-data": StepCompleteSerializer,
                            "application/json": StepCompleteSerializer},
                   responses={201: StepDoneSerializer})  # fmt: skip
    @action(detail=True, methods=["post"])
    def steps(self, request, pk=None):
        """Record the next step of the topic (the step's code names it: a skipped or
        reordered step is refused naming the one expected)."""
        topic = self.get_object()
        step = services.next_step(topic)
        if step is not None:
            self.require(services.step_perm(step), topic)
        data = self.validated(StepCompleteSerializer)
        documents = request.FILES.getlist("documents") or data["documents"]
        event = services.topic_step_complete(actor=request.user, topic=topic, step=data["step"],
                                             decision=data["decision"], motion=data["motion"],
                                             documents=documents)  # fmt: skip
        return Response(StepDoneSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EvaluateSerializer, responses={201: EvaluationSerializer})
    @action(detail=True, methods=["post"])
    def evaluation(self, request, pk=None):
        """A resident of the topic's community rates its published outcome, once."""
        topic = self.get_object()
        data = self.validated(EvaluateSerializer)
        evaluation = services.topic_evaluate(actor=request.user, topic=topic, **data)
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ProcedureSerializer(many=True))
    @action(detail=False, methods=["get"])
    def procedures(self, request):
        """The procedure templates: the built-in ones and the deployment's."""
        return Response(ProcedureSerializer(list(procedures().values()), many=True).data)


router = SimpleRouter(use_regex_path=False)
router.register("topics", TopicApi, basename="deliberation-topic")
urlpatterns = router.urls
