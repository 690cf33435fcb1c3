"""Writes of the annual evaluation (R-PM-4): rounds and their one transition service, raters,
duty reports, ratings, outcomes with the organisation's adjustments, the democratic
evaluation record, and the xlsx exports."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import RoleAssignment
from shequ.accounts.roles import MANAGE_PARTY, RECORD_PARTY, VIEW_PARTY
from shequ.core.models import AuditAction, audit_record
from shequ.core.scope import subtree_q
from shequ.core.xlsx import xlsx_book

from ..choices import MemberState, OrgKind
from ..config import party_config
from ..models import (
    DemocraticEvaluation,
    DutyReport,
    EvaluationRound,
    Grade,
    Outcome,
    PartyMember,
    PartyOrg,
    RaterKind,
    Rating,
    RoundRater,
    RoundStatus,
)
from . import check_perm

SCORE_MIN, SCORE_MAX = 1, 5
CENT = Decimal("0.01")

# The round's states (STYLE.md: explicit state machine): ratings while open, the
# organisation's adjustments while closed, the board once published.
TRANSITIONS = {
    RoundStatus.OPEN: {RoundStatus.CLOSED},
    RoundStatus.CLOSED: {RoundStatus.PUBLISHED},
    RoundStatus.PUBLISHED: set(),
}


# — pure rules: grades and the cap on excellent grades —


def mean_of(ratings) -> Decimal | None:
    """The mean of every criterion of every rating, to the cent (half up)."""
    total = count = 0
    for scores in ratings:
        for value in scores.values():
            total += int(value)
            count += 1
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(CENT, rounding=ROUND_HALF_UP)


def grade_for(mean: Decimal | None, config: dict | None = None) -> str:
    """The grade a mean reaches with the configured cut-offs (each a minimum, inclusive)."""
    if mean is None:
        return ""
    config = config or party_config()["evaluation"]
    if mean >= config["excellent_min"]:
        return Grade.EXCELLENT
    if mean >= config["competent_min"]:
        return Grade.COMPETENT
    if mean >= config["basically_competent_min"]:
        return Grade.BASICALLY_COMPETENT
    return Grade.NOT_COMPETENT


def excellent_cap(evaluated: int, config: dict | None = None) -> int:
    """How many members of a round may be excellent: the configured share of the members
    evaluated, rounded down (优秀比例一般不超过 …: a ceiling, never exceeded)."""
    config = config or party_config()["evaluation"]
    return int((Decimal(evaluated) * config["excellent_max_share"]).to_integral_value(ROUND_FLOOR))


def apply_excellent_cap(means: dict, cap: int) -> set:
    """The keys of ``means`` (key → mean of a member reaching the excellent cut-off) that
    keep the grade: the highest means, at most ``cap`` of them. Ties at the boundary: when
    members with the same mean would straddle the cap, none of them keeps it — the cap is a
    ceiling and a tie cannot be split fairly; the branch may still adjust one with a reason
    if the cap leaves room."""
    if len(means) <= cap:
        return set(means)
    ordered = sorted(means.values(), reverse=True)
    boundary = ordered[cap]  # the best mean that does not fit
    return {key for key, mean in means.items() if mean > boundary}


# — rounds —


@transaction.atomic
def round_open(
    *, actor=None, org: PartyOrg, year: int, opens_on: dt.date, closes_on: dt.date
) -> EvaluationRound:
    """Open a year's evaluation of an organisation's members (a branch, or a community's
    organisation evaluating all its branches' members at once)."""
    check_perm(actor, MANAGE_PARTY, org)
    errors: dict[str, str] = {}
    if org.kind == OrgKind.GROUP:
        errors["org"] = _("A party group is evaluated with its branch.")
    if opens_on and closes_on and closes_on < opens_on:
        errors["closes_on"] = _("The round must close on or after the day it opens.")
    if not 2000 <= (year or 0) <= 2100:
        errors["year"] = _("Enter a year between 2000 and 2100.")
    elif EvaluationRound.objects.filter(org=org, year=year).exists():
        errors["year"] = _("%(org)s already has a round for %(year)s.") % {
            "org": org.name,
            "year": year,
        }
    if errors:
        raise ValidationError(errors)
    return EvaluationRound.objects.create(
        org=org, year=year, opens_on=opens_on, closes_on=closes_on
    )


def _community_path(org: PartyOrg) -> str:
    from ..selectors.evaluation import community_or_self

    return community_or_self(org.node).path


@transaction.atomic
def round_rater_register(*, actor=None, round: EvaluationRound, user, kind: str) -> RoundRater:
    """Register someone to rate a round's members: an active member of the organisation
    (kind member), or a residents' representative holding a role in the community."""
    check_perm(actor, MANAGE_PARTY, round.org)
    errors: dict[str, str] = {}
    if round.status != RoundStatus.OPEN:
        errors["round"] = _("The round is no longer open.")
    if user is None:
        errors["user"] = _("Choose the rater.")
    elif kind == RaterKind.MEMBER:
        if not _active_member_of(user, round.org):
            errors["user"] = _("%(user)s is not an active member of %(org)s.") % {
                "user": user.get_username(),
                "org": round.org.name,
            }
    elif kind == RaterKind.RESIDENT_REPRESENTATIVE:
        held = RoleAssignment.objects.active().filter(
            subtree_q("node__path", _community_path(round.org)), user=user
        )
        if not held.exists():
            errors["user"] = _("%(user)s holds no role in this community.") % {
                "user": user.get_username()
            }
    else:
        errors["kind"] = _("Choose the kind of rater.")
    if not errors and RoundRater.objects.filter(round=round, user=user).exists():
        errors["user"] = _("%(user)s is already registered for this round.") % {
            "user": user.get_username()
        }
    if errors:
        raise ValidationError(errors)
    return RoundRater.objects.create(round=round, user=user, kind=kind, registered_by=actor)


def _active_member_of(user, org: PartyOrg) -> PartyMember | None:
    if not getattr(user, "person_id", None):
        return None
    return (
        PartyMember.objects.filter(
            person_id=user.person_id,
            state=MemberState.ACTIVE,
            org__in=PartyOrg.objects.subtree(org),
        )
        .select_related("person")
        .first()
    )


def _locked(round: EvaluationRound) -> EvaluationRound:
    return (
        EvaluationRound.objects.select_for_update()
        .select_related("org", "org__node")
        .get(pk=round.pk)
    )


@transaction.atomic
def round_transition(
    *,
    actor=None,
    round: EvaluationRound,
    to: str,
    published_on: dt.date | None = None,
    board_until: dt.date | None = None,
) -> EvaluationRound:
    """The one service that moves a round: closing computes the outcomes, publishing puts
    them on the board for the posting period (R-PM-4)."""
    round = _locked(round)
    check_perm(actor, MANAGE_PARTY, round.org)
    if to not in TRANSITIONS[round.status]:
        raise ValidationError(
            {
                "status": _("A round that is %(status)s cannot become %(to)s.")
                % {"status": round.get_status_display(), "to": RoundStatus(to).label}
            }
        )
    if to == RoundStatus.CLOSED:
        _compute_outcomes(round)
        round.closed_at = timezone.now()
    elif to == RoundStatus.PUBLISHED:
        missing = list(
            Outcome.objects.filter(round=round, grade="").select_related("member__person")[:10]
        )
        if missing:
            raise ValidationError(
                {
                    "grade": _("Decide the grade of %(names)s first: they received no rating.")
                    % {"names": "、".join(o.member.person.name for o in missing)}
                }
            )
        published_on = published_on or timezone.localdate()
        board_until = board_until or published_on + dt.timedelta(
            days=party_config()["evaluation"]["board_days"]
        )
        if board_until < published_on:
            raise ValidationError(
                {"board_until": _("The posting must end on or after the day it is published.")}
            )
        round.published_on, round.board_until = published_on, board_until
    round.status = to
    round.save(update_fields=["status", "closed_at", "published_on", "board_until", "updated_at"])
    return round


def _compute_outcomes(round: EvaluationRound) -> None:
    from ..selectors.evaluation import round_members

    config = party_config()["evaluation"]
    scores: dict[int, list] = {}
    for member_id, given in Rating.objects.filter(round=round).values_list("member_id", "scores"):
        scores.setdefault(member_id, []).append(given)
    members = list(round_members(round))
    means = {m.pk: mean_of(scores.get(m.pk, [])) for m in members}
    computed = {pk: grade_for(mean, config) for pk, mean in means.items()}
    candidates = {pk: means[pk] for pk, grade in computed.items() if grade == Grade.EXCELLENT}
    keep = apply_excellent_cap(candidates, excellent_cap(len(members), config))
    Outcome.objects.filter(round=round).delete()
    rows = []
    for member in members:
        grade = computed[member.pk]
        capped = grade == Grade.EXCELLENT and member.pk not in keep
        if capped:
            grade = Grade.COMPETENT
        rows.append(
            Outcome(
                round=round,
                member=member,
                mean=means[member.pk],
                ratings_count=len(scores.get(member.pk, [])),
                computed_grade=grade,
                capped=capped,
                grade=grade,
            )
        )
    Outcome.objects.bulk_create(rows)


def round_close(*, actor=None, round: EvaluationRound) -> EvaluationRound:
    return round_transition(actor=actor, round=round, to=RoundStatus.CLOSED)


def round_publish(
    *,
    actor=None,
    round: EvaluationRound,
    published_on: dt.date | None = None,
    board_until: dt.date | None = None,
) -> EvaluationRound:
    return round_transition(
        actor=actor,
        round=round,
        to=RoundStatus.PUBLISHED,
        published_on=published_on,
        board_until=board_until,
    )


@transaction.atomic
def outcome_adjust(*, actor=None, outcome: Outcome, grade: str, reason: str) -> Outcome:
    """The organisation decides a member's final grade other than the computed one, with
    its reason; both stay on record. The cap on excellent grades holds here too."""
    round = _locked(outcome.round)
    check_perm(actor, MANAGE_PARTY, round.org)
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if round.status != RoundStatus.CLOSED:
        errors["grade"] = _("Grades are decided after the round closes and before publishing.")
    if grade not in Grade.values:
        errors["grade"] = _("Choose a grade.")
    if grade != outcome.computed_grade and not reason:
        errors["reason"] = _("Give the reason for deciding another grade than the computed one.")
    if not errors and grade == Grade.EXCELLENT and outcome.grade != Grade.EXCELLENT:
        outcomes = Outcome.objects.filter(round=round)
        excellent = outcomes.filter(grade=Grade.EXCELLENT).count()
        cap = excellent_cap(outcomes.count())
        if excellent + 1 > cap:
            errors["grade"] = _(
                "At most %(cap)s members of this round may be excellent; %(n)s already are."
            ) % {"cap": cap, "n": excellent}
    if errors:
        raise ValidationError(errors)
    outcome.grade = grade
    outcome.adjustment_reason = reason[:300] if grade != outcome.computed_grade else ""
    outcome.decided_by = actor
    outcome.save(update_fields=["grade", "adjustment_reason", "decided_by", "updated_at"])
    return outcome


# — reports and ratings —


def _round_is_running(round: EvaluationRound, today: dt.date) -> bool:
    return round.status == RoundStatus.OPEN and round.opens_on <= today <= round.closes_on


@transaction.atomic
def duty_report_submit(
    *, actor, round: EvaluationRound, member: PartyMember, text: str
) -> DutyReport:
    """A member's duty report (述职), by himself or entered by a worker on his behalf; he
    may rewrite it while the round runs."""
    own = actor is not None and getattr(actor, "person_id", None) == member.person_id
    if not own:
        check_perm(actor, RECORD_PARTY, member)
    from ..selectors.evaluation import round_members

    errors: dict[str, str] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = _("Write the report.")
    if not _round_is_running(round, timezone.localdate()):
        errors["round"] = _("The round is not open for reports today.")
    elif not round_members(round).filter(pk=member.pk).exists():
        errors["member"] = _("%(name)s is not evaluated in this round.") % {
            "name": member.person.name
        }
    if errors:
        raise ValidationError(errors)
    report, _created = DutyReport.objects.update_or_create(
        round=round,
        member=member,
        defaults={"text": text, "submitted_at": timezone.now(), "submitted_by": actor},
    )
    return report


def _check_scores(scores, criteria) -> dict:
    if not isinstance(scores, dict):
        raise ValidationError({"scores": _("Give a score for every criterion.")})
    missing = [c for c in criteria if c not in scores]
    unknown = [c for c in scores if c not in criteria]
    if missing or unknown:
        raise ValidationError(
            {
                "scores": _("Give a score for every criterion: %(names)s.")
                % {"names": ", ".join(criteria)}
            }  # fmt: skip
        )
    clean = {}
    for criterion in criteria:
        value = scores[criterion]
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if (
            number is None
            or str(number) != str(value).strip()
            or not (SCORE_MIN <= number <= SCORE_MAX)
        ):
            raise ValidationError(
                {
                    "scores": _("Score %(criterion)s from %(low)s to %(high)s.")
                    % {"criterion": criterion, "low": SCORE_MIN, "high": SCORE_MAX}
                }  # fmt: skip
            )
        clean[criterion] = number
    return clean


@transaction.atomic
def rating_submit(*, actor, round: EvaluationRound, member: PartyMember, scores: dict) -> Rating:
    """A registered rater's scores of one member. One rating per rater and member (the
    database refuses a second, even from two requests at once); nobody rates himself."""
    from ..selectors.evaluation import round_members

    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("You may not do this here."))
    registration = RoundRater.objects.filter(round=round, user=actor).first()
    if registration is None:
        raise PermissionDenied(_("You are not registered to rate in this round."))
    if not _round_is_running(round, timezone.localdate()):
        raise ValidationError({"round": _("The round is not open for rating today.")})
    if getattr(actor, "person_id", None) == member.person_id:
        raise ValidationError({"member": _("Nobody rates himself.")})
    if not round_members(round).filter(pk=member.pk).exists():
        raise ValidationError(
            {"member": _("%(name)s is not evaluated in this round.") % {"name": member.person.name}}
        )
    clean = _check_scores(scores, list(party_config()["evaluation"]["criteria"]))
    if Rating.objects.filter(round=round, member=member, rater=actor).exists():
        raise ValidationError(
            {"member": _("You have already rated %(name)s.") % {"name": member.person.name}}
        )
    rater_member = (
        PartyMember.objects.filter(person_id=actor.person_id, state=MemberState.ACTIVE).first()
        if getattr(actor, "person_id", None)
        else None
    )
    try:
        with transaction.atomic():
            return Rating.objects.create(
                round=round,
                member=member,
                rater=actor,
                rater_kind=registration.kind,
                rater_member=rater_member,
                scores=clean,
                submitted_at=timezone.now(),
            )
    except IntegrityError:
        # two submissions at once: the constraint kept one (R-PM-4, one rating per rater)
        raise ValidationError(
            {"member": _("You have already rated %(name)s.") % {"name": member.person.name}}
        ) from None


@transaction.atomic
def ratings_submit(*, actor, round: EvaluationRound, sheet: dict) -> int:
    """The rating page: scores for several members at once (``{member: {criterion: n}}``),
    all or none; errors are named by the member's row (``member_<pk>``)."""
    errors: dict[str, list] = {}
    saved = 0
    for member, scores in sheet.items():
        try:
            with transaction.atomic():
                rating_submit(actor=actor, round=round, member=member, scores=scores)
            saved += 1
        except ValidationError as exc:
            errors[f"member_{member.pk}"] = [f"{member.person.name}: {m}" for m in exc.messages]
    if errors:
        raise ValidationError(errors)
    return saved


# — democratic evaluation —


def democratic_evaluation_record(
    *,
    actor=None,
    org: PartyOrg,
    held_on: dt.date,
    participants: int,
    summary: str,
    round: EvaluationRound | None = None,
) -> DemocraticEvaluation:
    """Record a democratic evaluation meeting (民主评议, R-PM-4 / R-PM-5)."""
    check_perm(actor, RECORD_PARTY, org)
    errors: dict[str, str] = {}
    summary = (summary or "").strip()
    if not summary:
        errors["summary"] = _("Summarise the meeting.")
    if participants is None or participants < 1:
        errors["participants"] = _("At least one person took part.")
    if held_on is None:
        errors["held_on"] = _("Enter the day of the meeting.")
    elif held_on > timezone.localdate():
        errors["held_on"] = _("Record a meeting once it has been held.")
    if round is not None and round.org_id != org.pk:
        errors["round"] = _("The round belongs to another organisation.")
    if errors:
        raise ValidationError(errors)
    return DemocraticEvaluation.objects.create(
        org=org,
        round=round,
        held_on=held_on,
        participants=participants,
        summary=summary,
        recorded_by=actor,
    )


# — exports —


def outcome_export(*, user, round: EvaluationRound) -> bytes:
    """A round's outcomes as an xlsx workbook (means and grades, never a rater's scores);
    audit-logged with its row count."""
    check_perm(user, VIEW_PARTY, round.org)
    from ..selectors.evaluation import outcome_list

    columns = [
        (_("Member"), 14),
        (_("Organisation"), 24),
        (_("Ratings"), 8),
        (_("Mean score"), 10),
        (_("Computed grade"), 14),
        (_("Lowered by the cap"), 10),
        (_("Grade"), 14),
        (_("Reason of the adjustment"), 30),
    ]
    out, book, sheet, _fmt = xlsx_book(_("Evaluation outcomes"), columns)
    yes, no = _("Yes"), _("No")
    row = 0
    for row, outcome in enumerate(outcome_list(round), start=1):
        sheet.write_string(row, 0, outcome.member.person.name)
        sheet.write_string(row, 1, outcome.member.org.name if outcome.member.org else "")
        sheet.write_number(row, 2, outcome.ratings_count)
        if outcome.mean is not None:
            sheet.write_number(row, 3, float(outcome.mean))
        sheet.write_string(row, 4, outcome.get_computed_grade_display())
        sheet.write_string(row, 5, yes if outcome.capped else no)
        sheet.write_string(row, 6, outcome.get_grade_display())
        sheet.write_string(row, 7, outcome.adjustment_reason)
    book.close()
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(round), row_count=row)
    return out.getvalue()


def democratic_evaluation_export(*, user, rows) -> bytes:
    columns = [
        (_("Organisation"), 24),
        (_("Held on"), 12),
        (_("Participants"), 10),
        (_("Summary"), 60),
    ]
    out, book, sheet, _fmt = xlsx_book(_("Democratic evaluations"), columns)
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    row = 0
    for row, record in enumerate(rows.iterator(chunk_size=500), start=1):
        sheet.write_string(row, 0, record.org.name)
        sheet.write_datetime(row, 1, record.held_on, day)
        sheet.write_number(row, 2, record.participants)
        sheet.write_string(row, 3, record.summary)
    book.close()
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Democratic evaluations")),
                 row_count=row)  # fmt: skip
    return out.getvalue()
