"""Carrying out funded micro-projects (R-PB-1, issue 6 item 8): milestones, progress that does
not go down without a reason, photos checked by Pillow, the append-only spending ledger within
the project's money, acceptance posted on the board, one rating per resident after acceptance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import translation

from shequ.core.models import AuditAction, AuditEvent
from shequ.deliberation.models import Publication
from shequ.deliberation.models.board import PublicationKind
from shequ.pb.models import (
    AcceptanceResult,
    Milestone,
    ProgressReport,
    ProjectRating,
    SpendingEntry,
    SpendingKind,
)
from shequ.pb.selectors import implementation as selectors
from shequ.pb.services import implementation as services

from . import fixtures_implementation
from .fixtures_implementation import photo

impl = fixtures_implementation.impl
pytestmark = pytest.mark.django_db


def _spend(x, amount, voucher, **kw):
    return services.spending_record(
        actor=kw.pop("actor", x.worker), project=kw.pop("project", x.lift), amount=amount,
        paid_on=kw.pop("paid_on", x.today), voucher=voucher, payee="某某建筑公司", **kw,
    )  # fmt: skip


def _accept(x, result=AcceptanceResult.PASSED, project=None, **kw):
    return services.acceptance_record(
        actor=x.secretary, project=project or x.lift, checked_on=x.today, result=result,
        findings="扶手安装牢固", checked_by="社区两委、街道城管科", **kw,
    )  # fmt: skip


# ----------------------------------------------------------------------------- milestones


def test_milestones_are_recorded_and_done_and_overdue_ones_are_counted(impl):
    x = impl
    old = services.milestone_add(actor=x.worker, project=x.lift, title="采购材料",
                                 due_on=x.today - dt.timedelta(days=3))  # fmt: skip
    services.milestone_add(actor=x.worker, project=x.lift, title="安装",
                           due_on=x.today + dt.timedelta(days=10))  # fmt: skip
    row = selectors.funded_list_for(user=x.worker).get(pk=x.lift.pk)
    assert row.overdue == 1
    services.milestone_done(actor=x.worker, milestone=old, done_on=x.today)
    assert selectors.funded_list_for(user=x.worker).get(pk=x.lift.pk).overdue == 0
    with pytest.raises(ValidationError) as err:
        services.milestone_done(actor=x.worker, milestone=old, done_on=x.today)
    assert "done_on" in err.value.message_dict


def test_a_milestone_of_a_project_not_funded_is_refused(impl):
    with pytest.raises(ValidationError) as err:
        services.milestone_add(project=impl.unfunded, title="x", due_on=impl.today)
    assert "project" in err.value.message_dict


def test_a_grid_worker_records_nothing_and_a_worker_of_another_community_neither(impl, cast):
    x = impl
    with pytest.raises(PermissionDenied):
        services.milestone_add(actor=cast.grid_worker, project=x.lift, title="x", due_on=x.today)
    with pytest.raises(PermissionDenied):
        _spend(x, "10", "V1", actor=x.worker, project=x.far)
    with pytest.raises(PermissionDenied):
        services.acceptance_record(actor=x.worker, project=x.lift, checked_on=x.today,
                                   result="passed", findings="f", checked_by="c")  # fmt: skip


# ----------------------------------------------------------------------------- progress


def test_progress_never_goes_down_without_a_reason(impl):
    x = impl
    services.progress_report(actor=x.worker, project=x.lift, percent=40, note="材料到场")
    with pytest.raises(ValidationError) as err:
        services.progress_report(actor=x.worker, project=x.lift, percent=30)
    assert "decrease_reason" in err.value.message_dict
    report = services.progress_report(actor=x.worker, project=x.lift, percent=30,
                                      decrease_reason="返工一段扶手")  # fmt: skip
    assert report.decrease_reason == "返工一段扶手"
    assert services.progress_report(actor=x.worker, project=x.lift, percent=60).percent == 60
    assert selectors.funded_list_for(user=x.worker).get(pk=x.lift.pk).percent == 60


@pytest.mark.parametrize("percent", [-1, 101, "many"])
def test_progress_outside_0_to_100_is_refused_naming_the_field(impl, percent):
    with pytest.raises(ValidationError) as err:
        services.progress_report(actor=impl.worker, project=impl.lift, percent=percent)
    assert "percent" in err.value.message_dict


def test_progress_reports_are_append_only(impl):
    report = services.progress_report(actor=impl.worker, project=impl.lift, percent=10)
    report.percent = 90
    with pytest.raises(PermissionDenied):
        report.save()
    with pytest.raises(PermissionDenied):
        ProgressReport.objects.filter(pk=report.pk).update(percent=90)
    with pytest.raises(PermissionDenied):
        report.delete()


def test_photos_are_checked_by_pillow_and_stored_without_their_metadata(impl, settings):
    from PIL import Image

    good = photo("现场.jpg")
    report = services.progress_report(actor=impl.worker, project=impl.lift, percent=20,
                                      photos=[good, photo("b.png", "PNG")])  # fmt: skip
    assert report.photos.count() == 2
    stored = report.photos.order_by("id").first()
    assert stored.content_type == "image/jpeg"
    assert Image.open(stored.file.path).format == "JPEG"
    assert Image.open(stored.thumbnail.path).format == "JPEG"
    assert "现场" not in stored.file.name
    fake = SimpleUploadedFile("evil.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    with pytest.raises(ValidationError) as err, translation.override("en"):
        services.progress_report(actor=impl.worker, project=impl.lift, percent=30,
                                 photos=[photo(), fake])  # fmt: skip
    assert "evil.jpg" in " ".join(err.value.message_dict["photos"])
    assert ProgressReport.objects.filter(project=impl.lift).count() == 1  # nothing half-written


def test_too_many_photos_are_refused_by_the_configured_count(impl, settings):
    settings.SHEQU_PB = {"projects": {"max_photos": 1}}
    with pytest.raises(ValidationError) as err:
        services.progress_report(actor=impl.worker, project=impl.lift, percent=20,
                                 photos=[photo(), photo()])  # fmt: skip
    assert "photos" in err.value.message_dict


# ----------------------------------------------------------------------------- spending


def test_spending_stays_within_the_project_money(impl):
    x = impl
    _spend(x, "6000.00", "V001")
    with pytest.raises(ValidationError) as err, translation.override("en"):
        _spend(x, "4000.01", "V002")
    assert "4,000.00" in str(err.value) or "4000.00" in str(err.value)
    assert "amount" in err.value.message_dict
    _spend(x, Decimal("4000"), "V003")
    assert services.project_spent(x.lift) == Decimal("10000.00")


def test_bad_spending_input_names_every_field(impl):
    x = impl
    with pytest.raises(ValidationError) as err:
        services.spending_record(actor=x.worker, project=x.lift, amount="-5", paid_on=None,
                                 voucher=" ", payee="")  # fmt: skip
    assert set(err.value.message_dict) == {"amount", "paid_on", "voucher", "payee"}
    with pytest.raises(ValidationError) as err:
        _spend(x, "1", "V9", paid_on=x.today + dt.timedelta(days=1))
    assert "paid_on" in err.value.message_dict


def test_a_voucher_is_recorded_once_until_its_payment_is_reversed(impl):
    x = impl
    entry = _spend(x, "100", "V001")
    with pytest.raises(ValidationError) as err:
        _spend(x, "100", "V001")
    assert "voucher" in err.value.message_dict
    reversal = services.spending_reverse(actor=x.worker, entry=entry, note="金额录错")
    assert reversal.kind == SpendingKind.REVERSAL and reversal.amount == Decimal("-100.00")
    assert reversal.reverses_id == entry.pk
    assert services.project_spent(x.lift) == Decimal("0.00")
    _spend(x, "110", "V001")
    with pytest.raises(ValidationError):
        services.spending_reverse(actor=x.worker, entry=entry, note="again")
    with pytest.raises(ValidationError):
        services.spending_reverse(actor=x.worker, entry=reversal, note="undo")
    with pytest.raises(ValidationError) as err:
        services.spending_reverse(actor=x.worker, entry=entry, note=" ")
    assert "note" in err.value.message_dict


def test_the_ledger_is_append_only_and_its_constraints_hold(impl):
    x = impl
    entry = _spend(x, "100", "V001")
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        SpendingEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        SpendingEntry.objects.create(project=x.lift, kind=SpendingKind.PAYMENT,
                                     amount=Decimal("-1"), paid_on=x.today)  # fmt: skip
    SpendingEntry.objects.create(project=x.lift, kind=SpendingKind.REVERSAL, amount=-entry.amount,
                                 paid_on=x.today, reverses=entry)  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        SpendingEntry.objects.create(project=x.lift, kind=SpendingKind.REVERSAL,
                                     amount=-entry.amount, paid_on=x.today,
                                     reverses=entry)  # fmt: skip
    # every entry is in the audit trail
    assert AuditEvent.objects.filter(object_type="pb.spendingentry",
                                     action=AuditAction.CREATE).count() == 2  # fmt: skip


def test_spending_after_acceptance_is_allowed_progress_is_not(impl):
    x = impl
    _accept(x)
    _spend(x, "500", "V-尾款")
    with pytest.raises(ValidationError) as err:
        services.progress_report(actor=x.worker, project=x.lift, percent=100)
    assert "percent" in err.value.message_dict


# ----------------------------------------------------------------------------- acceptance


def test_a_failed_check_sends_the_project_back_and_a_passed_one_accepts_it(impl):
    x = impl
    failed = _accept(x, AcceptanceResult.FAILED)
    assert not services.is_accepted(x.lift)
    services.progress_report(actor=x.worker, project=x.lift, percent=100, note="整改完成")
    passed = _accept(x, AcceptanceResult.CONDITIONAL, conditions="三个月内补刷防锈漆",
                     participants=[x.resident])  # fmt: skip
    assert services.is_accepted(x.lift)
    assert list(passed.participants.all()) == [x.resident]
    with pytest.raises(ValidationError) as err:
        _accept(x)
    assert "result" in err.value.message_dict
    posts = Publication.objects.filter(kind=PublicationKind.PB_ACCEPTANCE).order_by("id")
    assert [p.subject for p in posts] == [f"pb.acceptancecheck:{failed.pk}",
                                          f"pb.acceptancecheck:{passed.pk}"]  # fmt: skip
    assert posts[0].node == x.round.node
    assert posts[1].url.endswith(f"/pb/implementation/projects/{x.lift.pk}/")
    assert "三个月内补刷防锈漆" in posts[1].body
    row = selectors.funded_list_for(user=x.worker, state=selectors.State.ACCEPTED).get()
    assert row.pk == x.lift.pk


def test_a_conditional_pass_needs_its_conditions_and_bad_input_names_the_fields(impl):
    x = impl
    with pytest.raises(ValidationError) as err:
        _accept(x, AcceptanceResult.CONDITIONAL)
    assert "conditions" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.acceptance_record(actor=x.secretary, project=x.lift, checked_on=None,
                                   result="maybe", findings="", checked_by="")  # fmt: skip
    assert set(err.value.message_dict) == {"checked_on", "result", "findings", "checked_by"}
    assert not Publication.objects.exists()


# ----------------------------------------------------------------------------- ratings


def test_a_resident_rates_an_accepted_project_once(impl):
    x = impl
    with pytest.raises(ValidationError) as err, translation.override("en"):
        services.rating_give(actor=x.resident_user, project=x.lift, stars=5)
    assert "accepted" in err.value.message_dict["project"][0]
    _accept(x)
    services.rating_give(actor=x.resident_user, project=x.lift, stars=4, comment="很方便")
    with pytest.raises(ValidationError):
        services.rating_give(actor=x.resident_user, project=x.lift, stars=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectRating.objects.create(project=x.lift, person=x.resident, stars=5)
    delivery = selectors.delivery_for(x.lift)
    assert delivery.rating_count == 1 and delivery.rating_mean == Decimal("4.0")


def test_only_residents_of_the_round_territory_rate_and_stars_are_1_to_5(impl):
    x = impl
    _accept(x)
    with pytest.raises(ValidationError) as err:
        services.rating_give(actor=x.outsider_user, project=x.lift, stars=5)
    assert "project" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.rating_give(actor=x.resident_user, project=x.lift, stars=6)
    assert "stars" in err.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectRating.objects.create(project=x.lift, person=x.outsider, stars=0)


def test_the_mean_rating_is_shown_over_every_rating(impl, territory):
    from shequ.conftest import add_person

    x = impl
    _accept(x)
    for stars in (5, 4, 4):
        person = add_person(territory.flats["C1G2"][0], "居民")
        services.rating_give(actor=None, person=person, project=x.lift, stars=stars)
    delivery = selectors.delivery_for(x.lift)
    assert delivery.rating_mean == Decimal("4.3") and delivery.rating_count == 3


def test_my_page_lists_accepted_projects_awaiting_my_rating(impl):
    x = impl
    assert selectors.my_ratings_due(x.resident_user, x.resident) is None
    _accept(x)
    section = selectors.my_ratings_due(x.resident_user, x.resident)
    assert [p.pk for p in section["context"]["projects"]] == [x.lift.pk]
    assert selectors.my_ratings_due(x.outsider_user, x.outsider) is None
    services.rating_give(actor=x.resident_user, project=x.lift, stars=3)
    assert selectors.my_ratings_due(x.resident_user, x.resident) is None


# ----------------------------------------------------------------------------- money


def test_the_list_shows_spent_money_and_left_and_cofunding_counts_when_present(impl):
    x = impl
    _spend(x, "2500", "V1")
    rows = selectors.with_money(selectors.funded_list_for(user=x.worker))
    lift = next(r for r in rows if r.pk == x.lift.pk)
    received = services.cofunding_received([x.lift.pk]).get(x.lift.pk, Decimal("0.00"))
    assert lift.money == Decimal("10000.00") + received
    assert lift.spent == Decimal("2500.00") and lift.left == lift.money - lift.spent
    assert {r.pk for r in rows} == {x.lift.pk, x.benches.pk}  # not the unfunded, not C3's


@override_settings(SHEQU_PB={"projects": {"max_photos": 6}})
def test_search_and_filters_of_the_list(impl):
    x = impl
    assert [p.pk for p in selectors.funded_list_for(user=x.worker, q="座椅")] == [x.benches.pk]
    assert selectors.funded_list_for(user=x.worker, overdue=True).count() == 0
    assert selectors.funded_list_for(user=x.worker, round=x.round).count() == 2
    assert Milestone.objects.count() == 0
