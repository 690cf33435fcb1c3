"""API of party dues (R-PM-5): /dues/ledgers/<org id>/?year= (an organisation's ledger with its
running balance), /dues/arrears/ (members in arrears) and POST /dues/payments/ (record a
payment for one or more months). Services check the rules; amounts are decimal strings."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.accounts.roles import RECORD_PARTY, VIEW_PARTY_MEMBER
from shequ.core.api.base import ScopedPrimaryKeyRelatedField, ScopedViewSet

from ..models import DuesEntry, PartyMember, PartyOrg
from ..selectors import dues as selectors
from ..services import dues as services


class DuesEntrySerializer(serializers.ModelSerializer):
    member_name = serializers.SerializerMethodField()
    month = serializers.DateField(format="%Y-%m")

    class Meta:
        model = DuesEntry
        fields = ["id", "kind", "member", "member_name", "month", "amount", "recorded_at", "note",
                  "reverses"]  # fmt: skip

    def get_member_name(self, entry) -> str:
        return entry.member.person.name if entry.member_id else ""


class LedgerLineSerializer(serializers.Serializer):
    entry = DuesEntrySerializer()
    balance = serializers.DecimalField(max_digits=14, decimal_places=2)


class LedgerSerializer(serializers.Serializer):
    org = serializers.IntegerField(source="org.pk")
    org_name = serializers.CharField(source="org.name")
    year = serializers.IntegerField()
    opening = serializers.DecimalField(max_digits=14, decimal_places=2)
    closing = serializers.DecimalField(max_digits=14, decimal_places=2)
    lines = serializers.SerializerMethodField()

    def get_lines(self, ledger) -> list[dict]:
        return LedgerLineSerializer(
            [{"entry": e, "balance": b} for e, b in ledger.rows], many=True
        ).data


class ArrearsSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member.pk")
    member_name = serializers.CharField(source="member.person.name")
    org_name = serializers.CharField(source="member.org.name")
    months_owed = serializers.IntegerField()
    amount_owed = serializers.DecimalField(max_digits=14, decimal_places=2)
    months = serializers.SerializerMethodField()
    last_paid = serializers.DateField(format="%Y-%m", allow_null=True)

    def get_months(self, row) -> list[str]:
        return [f"{m:%Y-%m}" for m in row.owed]


@extend_schema_field(OpenApiTypes.STR)
class MonthField(serializers.Field):
    """A month as "YYYY-MM"."""

    default_error_messages = {"invalid": "Enter a month as YYYY-MM."}

    def to_internal_value(self, data):
        try:
            year, month = (int(part) for part in str(data).split("-")[:2])
            return dt.date(year, month, 1)
        except (TypeError, ValueError):
            self.fail("invalid")

    def to_representation(self, value):
        return f"{value:%Y-%m}"


@extend_schema_field(OpenApiTypes.INT)
class MemberPkField(ScopedPrimaryKeyRelatedField):
    """A member's id, among those the user may record payments for."""


class PaymentSerializer(serializers.Serializer):
    member = MemberPkField(
        selector=lambda user: PartyMember.objects.active().visible_to(user, RECORD_PARTY)
    )
    months = serializers.ListField(child=MonthField(), min_length=1, max_length=36)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


def _year(request) -> int:
    value = request.query_params.get("year", "")
    return int(value) if value.isdigit() and 1990 <= int(value) <= 2100 else (
        timezone.localdate().year
    )  # fmt: skip


@extend_schema(tags=["party dues"])
class DuesLedgerApi(mixins.RetrieveModelMixin, ScopedViewSet):
    """An organisation's dues ledger (党费账) for a year with the balance after each entry."""

    queryset = PartyOrg.objects.none()
    serializer_class = LedgerSerializer

    def get_queryset(self):
        return selectors.dues_orgs_for(user=self.request.user)

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="Calendar year (default: this)")]
    )
    def retrieve(self, request, pk=None):
        org = self.get_object()
        ledger = selectors.dues_ledger_for(user=request.user, org=org, year=_year(request))
        return Response(LedgerSerializer(ledger).data)


@extend_schema(tags=["party dues"])
class DuesArrearsApi(ScopedViewSet):
    """Members in arrears (configured number of months or more owed), most owed first."""

    queryset = PartyMember.objects.none()  # the model, for the schema
    serializer_class = ArrearsSerializer
    action_perms = {"list": VIEW_PARTY_MEMBER}

    @extend_schema(parameters=[OpenApiParameter("q", str), OpenApiParameter("org", int)])
    def list(self, request):
        org = None
        wanted = request.query_params.get("org", "")
        if wanted.isdigit():
            org = selectors.dues_orgs_for(user=request.user).filter(pk=int(wanted)).first()
        report = selectors.arrears_for(
            user=request.user, today=timezone.localdate(), org=org,
            q=request.query_params.get("q", ""),
        )  # fmt: skip
        return Response(ArrearsSerializer(report.rows, many=True).data)


@extend_schema(tags=["party dues"])
class DuesPaymentApi(ScopedViewSet):
    """Record a member's payment for one or more dues months; the amount must equal the sum
    of the months' standards (400 naming ``amount`` with the expected sum otherwise)."""

    queryset = DuesEntry.objects.none()  # the model, for the schema
    serializer_class = PaymentSerializer
    action_perms = {"create": RECORD_PARTY}

    @extend_schema(request=PaymentSerializer, responses={201: DuesEntrySerializer(many=True)})
    def create(self, request):
        data = self.validated(PaymentSerializer)
        entries = services.dues_pay(
            actor=request.user, member=data["member"], months=data["months"],
            amount=data["amount"], note=data["note"],
        )  # fmt: skip
        return Response(DuesEntrySerializer(entries, many=True).data,
                        status=status.HTTP_201_CREATED)  # fmt: skip


router = SimpleRouter(use_regex_path=False)
router.register("dues/ledgers", DuesLedgerApi, basename="party-dues-ledger")
router.register("dues/arrears", DuesArrearsApi, basename="party-dues-arrears")
router.register("dues/payments", DuesPaymentApi, basename="party-dues-payment")
urlpatterns = router.urls
