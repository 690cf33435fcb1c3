"""API of proposals (提案, R-DLB-5): /proposals/ (those the user sees; POST to submit one),
/proposals/<id>/ (with its path to a decision), /proposals/<id>/accept/ and /decline/ (the
community party organisation's answer) and /proposals/sign/ (co-sign with a signing link's
token)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.accounts.roles import MANAGE_DELIBERATION, PROPOSE
from shequ.core.api.base import ScopedViewSet

from ..models import Proposal
from ..models.proposals import ProposalKind, ProposalStatus
from ..selectors import proposals as selectors
from ..services import proposals as services


class ProposalSerializer(serializers.ModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)
    proposer_name = serializers.CharField(source="proposer.name", read_only=True)
    signature_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "community", "community_name", "kind", "title", "text",
                  "proposer_name", "signature_count", "status", "created_at", "decided_at",
                  "decline_reason", "topic"]  # fmt: skip


class PathStageSerializer(serializers.Serializer):
    label = serializers.CharField()
    done = serializers.BooleanField()
    at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()


class ProposalDetailSerializer(ProposalSerializer):
    path = serializers.SerializerMethodField()
    co_signers = serializers.SerializerMethodField()

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "path", "co_signers"]

    def get_path(self, proposal) -> list[dict]:
        return PathStageSerializer(selectors.proposal_path(proposal), many=True).data

    def get_co_signers(self, proposal) -> list[str]:
        return [s.person.name for s in selectors.proposal_signatures(proposal)]


class SubmitSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=160)
    text = serializers.CharField()


class AcceptSerializer(serializers.Serializer):
    procedure = serializers.CharField(max_length=40)
    title = serializers.CharField(max_length=160, required=False, allow_blank=True, default="")
    affects_all_residents = serializers.BooleanField(required=False, default=False)


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField()


class SignSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=32)


class SignedSerializer(serializers.Serializer):
    proposal = serializers.IntegerField(source="proposal_id")
    signed_at = serializers.DateTimeField()


@extend_schema(tags=["deliberation proposals"])
class ProposalApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Answered proposals of the user's community, his own in any state, and for staff those
    of their subtree."""

    queryset = Proposal.objects.none()
    action_perms = {"create": PROPOSE, "sign": PROPOSE, "accept": MANAGE_DELIBERATION,
                    "decline": MANAGE_DELIBERATION}  # fmt: skip

    def get_queryset(self):
        params = self.request.query_params
        listing = self.action == "list"
        status_, kind = params.get("status", ""), params.get("kind", "")
        return selectors.proposal_list_for(
            user=self.request.user, q=params.get("q", "") if listing else "",
            status=status_ if listing and status_ in ProposalStatus.values else "",
            kind=kind if listing and kind in ProposalKind.values else "",
            mine=listing and params.get("mine") == "1",
        )  # fmt: skip

    def get_serializer_class(self):
        return ProposalDetailSerializer if self.action == "retrieve" else ProposalSerializer

    @extend_schema(parameters=[
        OpenApiParameter("q", str), OpenApiParameter("status", str, enum=ProposalStatus.values),
        OpenApiParameter("kind", str, enum=ProposalKind.values),
        OpenApiParameter("mine", str, description="1: only the user's own"),
    ])  # fmt: skip
    def list(self, request, *args, **kwargs):
        return self.paginate(self.get_queryset(), ProposalSerializer, ordering="-id")

    def _answer(self, proposal):
        proposal = selectors.proposal_get_for(user=self.request.user, pk=proposal.pk)
        return Response(ProposalSerializer(proposal).data)

    @extend_schema(request=SubmitSerializer, responses={201: ProposalSerializer})
    def create(self, request):
        data = self.validated(SubmitSerializer)
        proposal = services.proposal_submit(actor=request.user, **data)
        proposal = selectors.proposal_get_for(user=request.user, pk=proposal.pk)
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AcceptSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept the proposal: it becomes a topic under the chosen procedure."""
        proposal = self.get_object()
        self.require(MANAGE_DELIBERATION, proposal)
        data = self.validated(AcceptSerializer)
        return self._answer(services.proposal_accept(actor=request.user, proposal=proposal,
                                                     **data))  # fmt: skip

    @extend_schema(request=DeclineSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """Decline the proposal; the reason is required."""
        proposal = self.get_object()
        self.require(MANAGE_DELIBERATION, proposal)
        data = self.validated(DeclineSerializer)
        return self._answer(services.proposal_decline(actor=request.user, proposal=proposal,
                                                      **data))  # fmt: skip

    @extend_schema(request=SignSerializer, responses={201: SignedSerializer})
    @action(detail=False, methods=["post"])
    def sign(self, request):
        """Co-sign the proposal a signing link names (its token)."""
        data = self.validated(SignSerializer)
        try:
            proposal = selectors.proposal_for_signing(user=request.user, token=data["token"])
        except Proposal.DoesNotExist:
            raise NotFound() from None
        signature = services.proposal_sign(actor=request.user, proposal=proposal)
        return Response(SignedSerializer(signature).data, status=status.HTTP_201_CREATED)


router = SimpleRouter(use_regex_path=False)
router.register("proposals", ProposalApi, basename="deliberation-proposal")
urlpatterns = router.urls
