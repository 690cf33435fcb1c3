"""API of the report-in loop (R-PM-2): /service-posts/ (list with free places; POST
/service-posts/<pk>/claim/), /my-service-records/ (the member's own service: list, POST to
record one) and /feedback-letters/ (the register of letters). A letter names the member and
his employer, never an ID number, a phone or an address."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.accounts.roles import VIEW_PARTY, VIEW_PARTY_MEMBER
from shequ.core.api.base import ScopedViewSet

from ..forms_reportin import PostFilterForm
from ..models import FeedbackLetter, PostClaim, ReportIn, ServicePost, ServiceRecord
from ..selectors import reportin as selectors
from ..services import reportin as services

# ------------------------------------------------------------------------- serializers


class ServicePostSerializer(serializers.ModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True, default=None)
    taken = serializers.IntegerField(read_only=True, help_text="Places taken by open claims.")
    free = serializers.IntegerField(read_only=True, help_text="Places still free.")

    class Meta:
        model = ServicePost
        fields = ["id", "community", "community_name", "title", "duties", "capacity", "taken",
                  "free", "starts_on", "ends_on", "team", "team_name", "is_open"]  # fmt: skip
        read_only_fields = fields


class ClaimRequestSerializer(serializers.Serializer):
    report_in = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="A worker claims for this report-in; left out, the member claims for himself.",
    )


class PostClaimSerializer(serializers.ModelSerializer):
    post_title = serializers.CharField(source="post.title", read_only=True)

    class Meta:
        model = PostClaim
        fields = ["id", "post", "post_title", "report_in", "claimed_on", "released_on"]
        read_only_fields = fields


class ServiceRecordSerializer(serializers.ModelSerializer):
    community_name = serializers.CharField(source="report_in.community.name", read_only=True)
    post_title = serializers.CharField(source="post.title", read_only=True, default=None)

    class Meta:
        model = ServiceRecord
        fields = ["id", "report_in", "community_name", "post", "post_title", "activity",
                  "served_on", "hours", "status", "rating", "note", "confirmed_at"]  # fmt: skip
        read_only_fields = fields


class ServiceRecordCreateSerializer(serializers.Serializer):
    activity = serializers.CharField(max_length=200)
    served_on = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    post = serializers.IntegerField(required=False, allow_null=True)


class FeedbackLetterSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="member.person.name", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True)
    posts = serializers.ListField(source="post_list", child=serializers.CharField(),
                                  read_only=True)  # fmt: skip

    class Meta:
        model = FeedbackLetter
        fields = ["id", "letter_number", "member", "name", "community", "community_name",
                  "employer", "employer_party_org", "period_start", "period_end", "hours",
                  "activities", "posts", "rating", "grade", "issued_on", "sent_on"]  # fmt: skip
        read_only_fields = fields


# ------------------------------------------------------------------------------- views


@extend_schema_view(
    list=extend_schema(
        description="Service posts (设岗定责) with their free places: staff see those of their "
        "scope, a reported-in member those of his community open today.",
        parameters=[
            OpenApiParameter("q", str, description="Title or duties."),
            OpenApiParameter(
                "state", str, enum=["open", "closed", ""], description="Default: open; empty: all."
            ),
        ],  # fmt: skip
    )
)
class ServicePostApi(mixins.ListModelMixin, ScopedViewSet):
    """Service posts and their claims (R-PM-2)."""

    queryset = ServicePost.objects.none()
    serializer_class = ServicePostSerializer

    def list(self, request):
        user = request.user
        if user.has_perm(VIEW_PARTY):
            form = PostFilterForm(request.query_params)
            data = form.cleaned_data if form.is_valid() else {}
            posts = selectors.post_list_for(
                user=user, q=data.get("q", ""), state=data.get("state", "open")
            ).select_related("community", "team")
        else:
            own = selectors.own_report_in(user=user)
            if own is None:
                raise PermissionDenied(_("You may not do this here."))
            posts = selectors.posts_for_report_in(own).select_related("community", "team")
        return self.paginate(posts, ServicePostSerializer, ordering="-id")

    @extend_schema(request=ClaimRequestSerializer, responses={201: PostClaimSerializer})
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        """Claim a place on the post: the member for himself, a worker for a report-in. A
        full post answers 400 on ``post``."""
        user = request.user
        data = self.validated(ClaimRequestSerializer)
        if data.get("report_in"):
            try:
                report_in = selectors.report_in_get_for(user=user, pk=data["report_in"])
            except ReportIn.DoesNotExist:
                raise ValidationError({"report_in": [_("No such report-in.")]}) from None
        else:
            report_in = selectors.own_report_in(user=user)
            if report_in is None:
                raise ValidationError(
                    {"report_in": [_("You have not reported in to a community.")]}
                )
        post = selectors.posts_for_report_in(report_in).filter(pk=pk).first()
        if post is None:
            raise NotFound()
        claim = services.post_claim(actor=user, post=post, report_in=report_in)
        return Response(PostClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


class MyServiceRecordApi(mixins.ListModelMixin, ScopedViewSet):
    """The signed-in member's own service records, in every community he reported to."""

    queryset = ServiceRecord.objects.none()
    serializer_class = ServiceRecordSerializer

    @extend_schema(description="My service records, newest first.")
    def list(self, request):
        records = selectors.own_service_records(user=request.user)
        return self.paginate(records, ServiceRecordSerializer, ordering="-id")

    @extend_schema(request=ServiceRecordCreateSerializer, responses={201: ServiceRecordSerializer})
    def create(self, request):
        """Record a piece of my service (it counts once confirmed)."""
        report_in = selectors.own_report_in(user=request.user)
        if report_in is None:
            raise ValidationError({"report_in": [_("You have not reported in to a community.")]})
        data = self.validated(ServiceRecordCreateSerializer)
        post = None
        if data.get("post"):
            post = ServicePost.objects.filter(pk=data["post"], claims__report_in=report_in).first()
            if post is None:
                raise ValidationError({"post": [_("He did not hold this post on that day.")]})
        record = services.service_record(
            actor=request.user, report_in=report_in, activity=data["activity"],
            served_on=data["served_on"], hours=data["hours"], post=post,
        )  # fmt: skip
        record = ServiceRecord.objects.select_related("report_in__community", "post").get(
            pk=record.pk
        )
        return Response(ServiceRecordSerializer(record).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        description="The register of feedback letters (反馈函) the user may read.",
        parameters=[
            OpenApiParameter("q", str, description="Name, letter number, employer."),
            OpenApiParameter("period", str, description="First day of the period (ISO)."),
            OpenApiParameter("sent", str, enum=["yes", "no", ""]),
        ],
    )
)
class FeedbackLetterApi(mixins.ListModelMixin, ScopedViewSet):
    queryset = FeedbackLetter.objects.none()
    serializer_class = FeedbackLetterSerializer
    action_perms = {"list": VIEW_PARTY_MEMBER}

    def list(self, request):
        params = request.query_params
        period = None
        if params.get("period"):
            try:
                period = dt.date.fromisoformat(params["period"])
            except ValueError:
                raise ValidationError({"period": [_("Give a date as YYYY-MM-DD.")]}) from None
        letters = selectors.feedback_letter_list_for(
            user=request.user, q=params.get("q", "")[:60], sent=params.get("sent", ""),
            period_start=period,
        )  # fmt: skip
        return self.paginate(letters, FeedbackLetterSerializer, ordering="-id")


router = SimpleRouter(use_regex_path=False)
router.register("service-posts", ServicePostApi, basename="party-service-post")
router.register("my-service-records", MyServiceRecordApi, basename="party-my-service-record")
router.register("feedback-letters", FeedbackLetterApi, basename="party-feedback-letter")

urlpatterns = router.urls
