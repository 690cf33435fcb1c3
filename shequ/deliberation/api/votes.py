"""API of motions, votes, tallies and resolutions (R-DLB-4): /motions/ (POST adds one to a
meeting), /motions/<id>/ with its tally, /motions/<id>/vote/ (one's own vote, a proxy's, or a
paper vote entered by staff; a secret ballot answers with the receipt token, once),
/motions/<id>/open/ and /close/, /motions/<id>/ballots/ (the published list),
/motions/<id>/recount/, and /resolutions/ with /resolutions/<id>/progress/."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.accounts.roles import MANAGE_DELIBERATION, RECORD_DELIBERATION, VIEW_DELIBERATION
from shequ.core.api.base import ScopedPrimaryKeyRelatedField, ScopedViewSet

from ..models import Motion, MotionStatus, Threshold, VoteMethod
from ..models.votes import Resolution, Tally, VoteChannel, VoteChoice
from ..selectors import meetings as selectors
from ..services import resolutions as resolution_services
from ..services import votes as services


class MotionTallySerializer(serializers.ModelSerializer):
    class Meta:
        model = Tally
        fields = ["yes", "no", "abstain", "eligible", "present", "passed", "ballot_hash",
                  "closed_at"]  # fmt: skip


class MotionSerializer(serializers.ModelSerializer):
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    tally = serializers.SerializerMethodField()

    class Meta:
        model = Motion
        fields = ["id", "meeting", "meeting_title", "title", "text", "method", "threshold",
                  "affects_all_residents", "status", "opened_at", "closed_at", "tally"]  # fmt: skip

    @extend_schema_field(MotionTallySerializer(allow_null=True))
    def get_tally(self, motion):
        tally = selectors.tally_of(motion)
        return None if tally is None else MotionTallySerializer(tally).data


@extend_schema_field(OpenApiTypes.INT)
class MeetingPkField(ScopedPrimaryKeyRelatedField):
    """A meeting's id, among those the user sees."""


class MotionCreateSerializer(serializers.Serializer):
    meeting = MeetingPkField(selector=lambda user: selectors.meeting_list_for(user=user))
    title = serializers.CharField(max_length=160)
    text = serializers.CharField(required=False, allow_blank=True, default="")
    method = serializers.ChoiceField(choices=VoteMethod.choices, default=VoteMethod.ROLL_CALL)
    threshold = serializers.ChoiceField(choices=Threshold.choices,
                                        default=Threshold.MAJORITY_PRESENT)  # fmt: skip
    affects_all_residents = serializers.BooleanField(default=False)


class MotionVoteSerializer(serializers.Serializer):
    choice = serializers.ChoiceField(choices=VoteChoice.choices)
    person = serializers.IntegerField(
        required=False, allow_null=True, default=None,
        help_text="The voter on the roll, when not oneself (a proxy, or a paper vote)",
    )  # fmt: skip
    channel = serializers.ChoiceField(choices=VoteChannel.choices, default=VoteChannel.ONLINE)


class MotionCastSerializer(serializers.Serializer):
    motion = serializers.IntegerField(source="motion.pk")
    person = serializers.IntegerField(source="person_id")
    channel = serializers.CharField()
    receipt = serializers.CharField(source="token", help_text="Secret ballots: shown once")


class PublishedBallotSerializer(serializers.Serializer):
    receipt_digest = serializers.CharField()
    choice = serializers.CharField()


class PublishedBallotsSerializer(serializers.Serializer):
    ballot_hash = serializers.CharField()
    ballots = PublishedBallotSerializer(many=True)


class MotionRecountSerializer(serializers.Serializer):
    published = serializers.DictField()
    recounted = serializers.DictField()
    matches = serializers.BooleanField()


@extend_schema(tags=["deliberation votes"])
class MotionApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Motions of the meetings the user sees."""

    queryset = Motion.objects.none()
    serializer_class = MotionSerializer
    action_perms = {"create": MANAGE_DELIBERATION, "open": MANAGE_DELIBERATION,
                    "close": MANAGE_DELIBERATION}  # fmt: skip

    def get_queryset(self):
        params = self.request.query_params
        status_ = params.get("status", "")
        return selectors.motion_list_for(
            user=self.request.user,
            status=status_ if status_ in MotionStatus.values else "",
            q=params.get("q", "") if self.action == "list" else "",
        ).select_related("tally")

    @extend_schema(parameters=[OpenApiParameter("status", str), OpenApiParameter("q", str)])
    def list(self, request, *args, **kwargs):
        return self.paginate(self.get_queryset(), MotionSerializer, ordering="-id")

    @extend_schema(request=MotionCreateSerializer, responses={201: MotionSerializer})
    def create(self, request):
        data = self.validated(MotionCreateSerializer)
        motion = services.motion_create(actor=request.user, **data)
        return Response(MotionSerializer(motion).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MotionVoteSerializer, responses={201: MotionCastSerializer})
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        """Vote online for oneself (default); ``person`` with channel ``proxy`` for one whose
        proxy one holds, or ``paper`` to enter a paper vote (RECORD_DELIBERATION)."""
        motion = self.get_object()
        data = self.validated(MotionVoteSerializer)
        person_id = data["person"] or request.user.person_id
        line = motion.meeting.roll.select_related("person").filter(person_id=person_id).first()
        if data["channel"] == VoteChannel.PAPER:
            self.require(RECORD_DELIBERATION, motion)
        if line is None:
            raise NotFound()
        cast = services.vote_cast(motion=motion, person=line.person, choice=data["choice"],
                                  channel=data["channel"], actor=request.user)  # fmt: skip
        return Response(MotionCastSerializer(cast).data, status=status.HTTP_201_CREATED)

    def _step(self, fn):
        fn(actor=self.request.user, motion=self.get_object())
        motion = self.get_queryset().get(pk=self.kwargs["pk"])
        return Response(MotionSerializer(motion).data)

    @extend_schema(request=None, responses=MotionSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        """Put the motion to the vote (needs the quorum)."""
        return self._step(services.motion_open_vote)

    @extend_schema(request=None, responses=MotionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the vote: tally, ballot-set hash, resolution if passed."""
        return self._step(services.vote_close)

    @extend_schema(responses=PublishedBallotsSerializer)
    @action(detail=True, methods=["get"])
    def ballots(self, request, pk=None):
        """The published list of a closed secret vote: (receipt digest, choice)."""
        motion = self.get_object()
        tally = selectors.tally_of(motion)
        if tally is None:
            raise NotFound()
        rows = [{"receipt_digest": d, "choice": c} for d, c in services.published_ballots(motion)]
        return Response(
            PublishedBallotsSerializer({"ballot_hash": tally.ballot_hash, "ballots": rows}).data
        )

    @extend_schema(responses=MotionRecountSerializer)
    @action(detail=True, methods=["get"])
    def recount(self, request, pk=None):
        """Count the stored ballots again; ``matches`` says whether the published tally holds."""
        motion = self.get_object()
        if selectors.tally_of(motion) is None:
            raise NotFound()
        result = services.recount(motion)
        published = MotionTallySerializer(result.tally).data
        published.pop("closed_at")
        return Response(MotionRecountSerializer({"published": published,
                                           "recounted": result.count.as_dict(),
                                           "matches": result.matches}).data)  # fmt: skip


class ResolutionProgressSerializer(serializers.Serializer):
    note = serializers.CharField()
    percent = serializers.IntegerField(min_value=0, max_value=100, required=False,
                                       allow_null=True, default=None)  # fmt: skip
    at = serializers.DateTimeField(read_only=True)


class BodyResolutionSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="motion.meeting.body.name", read_only=True)
    progress = ResolutionProgressSerializer(many=True, read_only=True)

    class Meta:
        model = Resolution
        fields = ["id", "motion", "body_name", "title", "text", "responsible", "due_on",
                  "done_on", "progress"]  # fmt: skip


@extend_schema(tags=["deliberation votes"])
class ResolutionApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Resolutions of the bodies the user sees (VIEW_DELIBERATION) with their execution."""

    queryset = Resolution.objects.none()
    serializer_class = BodyResolutionSerializer
    action_perms = {"list": VIEW_DELIBERATION, "progress": RECORD_DELIBERATION}

    def get_queryset(self):
        params = self.request.query_params
        state = params.get("state", "")
        return selectors.resolution_list_for(
            user=self.request.user, q=params.get("q", "") if self.action == "list" else "",
            state=state if state in ("open", "overdue", "done") else "",
        ).prefetch_related("progress")  # fmt: skip

    @extend_schema(parameters=[OpenApiParameter("state", str, enum=["open", "overdue", "done"]),
                               OpenApiParameter("q", str)])  # fmt: skip
    def list(self, request, *args, **kwargs):
        return self.paginate(self.get_queryset(), BodyResolutionSerializer, ordering="-id")

    @extend_schema(request=ResolutionProgressSerializer, responses={201: BodyResolutionSerializer})
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        """Append a progress update."""
        resolution = self.get_object()
        data = self.validated(ResolutionProgressSerializer)
        resolution_services.resolution_progress(actor=request.user, resolution=resolution, **data)
        resolution = self.get_queryset().get(pk=resolution.pk)
        data = BodyResolutionSerializer(resolution).data
        return Response(data, status=status.HTTP_201_CREATED)


router = SimpleRouter(use_regex_path=False)
router.register("motions", MotionApi, basename="deliberation-motion")
router.register("resolutions", ResolutionApi, basename="deliberation-resolution")
urlpatterns = router.urls
