"""API of voting (R-PB-1): POST /ballots/ casts the signed-in resident's ballot and answers
with his receipt (shown once); POST /receipts/check/ says whether a receipt's ballot is
counted; GET /my-ballots/ lists the rounds he voted in."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.core.api.base import ScopedViewSet

from ..models import Participation
from ..selectors.rounds import round_list_for
from ..services import ballots as services


class PbBallotCastSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    marks = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        help_text="Project id → points (1 for each chosen project on approval and knapsack "
        "ballots; the rank on ranking ballots).",
    )


class PbReceiptSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    receipt = serializers.CharField(help_text="Shown once: keep it to check the ballot later.")


class PbReceiptCheckSerializer(serializers.Serializer):
    receipt = serializers.CharField(max_length=64)


class PbReceiptCheckResultSerializer(serializers.Serializer):
    found = serializers.BooleanField()
    round_title = serializers.CharField(allow_blank=True)


class PbParticipationSerializer(serializers.ModelSerializer):
    round_title = serializers.CharField(source="round.title", read_only=True)

    class Meta:
        model = Participation
        fields = ["round", "round_title", "channel", "on"]


@extend_schema(tags=["micro-project voting"])
class BallotApi(ScopedViewSet):
    """The signed-in resident's own ballot."""

    queryset = Participation.objects.none()

    @extend_schema(request=PbBallotCastSerializer, responses={201: PbReceiptSerializer})
    def create(self, request):
        data = self.validated(PbBallotCastSerializer)
        round = round_list_for(user=request.user).filter(pk=data["round"]).first()
        if round is None:
            raise serializers.ValidationError({"round": [_("Unknown round.")]})
        _ballot, token = services.ballot_cast_online(round=round, user=request.user,
                                                     marks=data["marks"])  # fmt: skip
        return Response({"round": round.pk, "receipt": token}, status=status.HTTP_201_CREATED)

    @extend_schema(responses=PbParticipationSerializer(many=True))
    def list(self, request):
        """The rounds the resident voted in (not what he voted)."""
        person = getattr(request.user, "person", None)
        rows = (Participation.objects.filter(person=person).select_related("round")
                if person is not None else Participation.objects.none())  # fmt: skip
        return Response(PbParticipationSerializer(rows.order_by("-on", "-id"), many=True).data)


@extend_schema(tags=["micro-project voting"])
class ReceiptApi(ScopedViewSet):
    """Anyone may check a receipt: found or not, never whose or what."""

    permission_classes = [AllowAny]
    authentication_classes = ScopedViewSet.authentication_classes
    queryset = Participation.objects.none()

    @extend_schema(request=PbReceiptCheckSerializer, responses=PbReceiptCheckResultSerializer)
    def create(self, request):
        round = services.receipt_check(self.validated(PbReceiptCheckSerializer)["receipt"])
        return Response({"found": round is not None, "round_title": round.title if round else ""})


router = SimpleRouter(use_regex_path=False)
router.register("ballots", BallotApi, basename="pb-ballot")
router.register("receipts/check", ReceiptApi, basename="pb-receipt-check")
urlpatterns = router.urls
