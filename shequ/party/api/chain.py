"""API of the 四联四包 chain (R-ORG-5): /chain/links/ (the links, filtered as the page),
/chain/households/<id>/ (the chain of people answering for a household) and /chain/report/
(per grid: households, unassigned, overloaded members). Names only, never ID numbers or
phones."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.accounts.roles import VIEW_PARTY
from shequ.core.api.base import ScopedViewSet
from shequ.people.models import Household

from ..models import ChainKind, ChainLink
from ..selectors import chain as selectors


class ChainLinkSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    who = serializers.SerializerMethodField()
    what = serializers.SerializerMethodField()
    where = serializers.CharField(source="node.name", read_only=True)

    class Meta:
        model = ChainLink
        fields = [
            "id",
            "kind",
            "kind_label",
            "who",
            "what",
            "where",
            "started_on",
            "ended_on",
            "note",
        ]

    def get_who(self, link) -> str:
        return str(link.who)

    def get_what(self, link) -> str:
        return str(link.what)


class ChainStepSerializer(serializers.Serializer):
    title = serializers.CharField()
    name = serializers.CharField()
    post = serializers.CharField()
    org = serializers.CharField()
    how = serializers.CharField()
    gap = serializers.BooleanField()
    link = serializers.SerializerMethodField()

    def get_link(self, step) -> int | None:
        return step.link.pk if step.link is not None else None


class HouseholdChainSerializer(serializers.Serializer):
    household = serializers.IntegerField()
    number = serializers.CharField()
    steps = ChainStepSerializer(many=True)


class OverloadedSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member.pk")
    name = serializers.CharField(source="member.person.name")
    households = serializers.IntegerField()
    over_by = serializers.IntegerField()


class GridRowSerializer(serializers.Serializer):
    grid = serializers.IntegerField(source="grid.pk")
    grid_name = serializers.CharField(source="grid.name")
    households = serializers.IntegerField()
    assigned = serializers.IntegerField()
    unassigned = serializers.IntegerField()
    overloaded = OverloadedSerializer(many=True)


class ChainLinkApi(mixins.ListModelMixin, ScopedViewSet):
    """The responsibility links in the user's area (open ones unless ``include_ended``)."""

    queryset = ChainLink.objects.none()
    serializer_class = ChainLinkSerializer
    action_perms = {"list": VIEW_PARTY}

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Name, place or household number."),
            OpenApiParameter("kind", str, enum=ChainKind.values),
            OpenApiParameter("include_ended", bool),
        ]
    )
    def list(self, request):
        params = request.query_params
        links = selectors.link_list_for(
            user=request.user,
            kind=params.get("kind", "") if params.get("kind") in ChainKind.values else "",
            q=params.get("q", ""),
            include_ended=params.get("include_ended") in ("1", "true", "True"),
        )
        return self.paginate(links, ChainLinkSerializer, ordering="-id")


class HouseholdChainApi(ScopedViewSet):
    """The chain of people answering for one household, from it upward; gaps included."""

    queryset = ChainLink.objects.none()
    serializer_class = HouseholdChainSerializer
    action_perms = {"retrieve": VIEW_PARTY}

    def retrieve(self, request, pk=None):
        try:
            household = selectors.household_find_for(user=request.user, pk=int(pk))
            steps = selectors.household_chain(user=request.user, household=household)
        except Household.DoesNotExist:
            raise NotFound from None
        return Response(
            HouseholdChainSerializer(
                {"household": household.pk, "number": household.number, "steps": steps}
            ).data
        )


class ChainReportApi(ScopedViewSet):
    """Per grid the user sees: households, answered for, unassigned, overloaded members."""

    queryset = ChainLink.objects.none()
    serializer_class = GridRowSerializer
    action_perms = {"list": VIEW_PARTY}

    def list(self, request):
        rows = selectors.chain_grid_report(user=request.user)
        return Response(GridRowSerializer(rows, many=True).data)


router = SimpleRouter(use_regex_path=False)
router.register("chain/links", ChainLinkApi, basename="party-chain-link")
router.register("chain/households", HouseholdChainApi, basename="party-household-chain")
router.register("chain/report", ChainReportApi, basename="party-chain-report")

urlpatterns = router.urls
