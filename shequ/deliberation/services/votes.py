"""Motions and their votes (R-DLB-4): putting a motion to the vote (only with a quorum),
casting a roll-call vote or a secret ballot — one person, one vote across online, paper and
proxy entry, held by database constraints —, closing the vote into a tally with its
ballot-set hash, and the recount that must reproduce both."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_DELIBERATION, RECORD_DELIBERATION
from shequ.core.receipts import ballot_set_hash, receipt_digest, receipt_new

from ..models import Meeting, MeetingStatus, Motion, MotionStatus, Threshold, VoteMethod
from ..models.meetings import Attendance, MeetingRoll
from ..models.votes import BallotCast, RollCallVote, SecretBallot, Tally, VoteChannel, VoteChoice
from .bodies import all_residents_refusal, may_decide_all_residents
from .meetings import check_perm, meeting_quorum, refusal


def threshold_met(threshold: str, *, yes: int, present: int, eligible: int) -> bool:
    """Whether ``yes`` votes carry a motion: more than half (a tie fails) or at least
    two-thirds, of those present (in person and by proxy) or of all on the roll. Integers
    only, never a rounded share."""
    if yes <= 0:
        return False
    if threshold == Threshold.MAJORITY_PRESENT:
        return 2 * yes > present
    if threshold == Threshold.MAJORITY_MEMBERS:
        return 2 * yes > eligible
    if threshold == Threshold.TWO_THIRDS_PRESENT:
        return 3 * yes >= 2 * present
    if threshold == Threshold.TWO_THIRDS_MEMBERS:
        return 3 * yes >= 2 * eligible
    raise ValueError(f"unknown threshold {threshold!r}")


# ----------------------------------------------------------------------------- motions


@transaction.atomic
def motion_create(
    *, meeting: Meeting, title: str, text: str = "", method: str = VoteMethod.ROLL_CALL,
    threshold: str = Threshold.MAJORITY_PRESENT, affects_all_residents: bool = False,
    actor=None,
) -> Motion:  # fmt: skip
    check_perm(actor, MANAGE_DELIBERATION, meeting)
    errors: dict[str, object] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Enter a title.")
    if method not in VoteMethod.values:
        errors["method"] = _("Choose roll-call or secret ballot.")
    if threshold not in Threshold.values:
        errors["threshold"] = _("Choose the threshold the motion needs.")
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.OPEN):
        errors["meeting"] = _("Motions are put to a meeting before it closes.")
    if affects_all_residents and not may_decide_all_residents(meeting.body):
        # R-DLB-3: a matter affecting all residents goes to the assembly
        errors["affects_all_residents"] = all_residents_refusal(meeting.body)
    if errors:
        raise ValidationError(errors)
    return Motion.objects.create(
        meeting=meeting, title=title[:160], text=(text or "").strip(), method=method,
        threshold=threshold, affects_all_residents=affects_all_residents,
    )  # fmt: skip


def _locked(motion: Motion, *, share: bool = False) -> Motion:
    """The motion's row locked: exclusively to open or close the vote; for casting, in a mode
    that only waits for opening and closing (FOR NO KEY UPDATE, one voter at a time per
    motion on PostgreSQL: the check "has he voted?" then sees every earlier vote)."""
    rows = Motion.objects.select_for_update(no_key=share, of=("self",))
    return rows.select_related("meeting__body").get(pk=motion.pk)


def _not_status(motion: Motion) -> ValidationError:
    message = _("The motion is %(status)s.") % {"status": MotionStatus(motion.status).label}
    return refusal("status", message, "status")


@transaction.atomic
def motion_open_vote(*, motion: Motion, actor=None) -> Motion:
    """Put the motion to the vote: the meeting in session and quorate (R-DLB-4)."""
    check_perm(actor, MANAGE_DELIBERATION, motion)
    motion = _locked(motion)
    if motion.status != MotionStatus.DRAFT:
        raise _not_status(motion)
    if motion.meeting.status != MeetingStatus.OPEN:
        raise ValidationError({"meeting": _("The meeting is not in session.")})
    quorum = meeting_quorum(motion.meeting)
    if not quorum.met:
        message = _("No quorum: %(counted)d of %(roll)d counted, %(needed)d needed.") % {
            "counted": quorum.counted, "roll": quorum.roll, "needed": quorum.needed,
        }  # fmt: skip
        raise refusal("quorum", message, "quorum")
    motion.status = MotionStatus.VOTING
    motion.opened_at = timezone.now()
    motion.save(update_fields=["status", "opened_at", "updated_at"])
    return motion


@transaction.atomic
def motion_withdraw(*, motion: Motion, actor=None) -> Motion:
    check_perm(actor, MANAGE_DELIBERATION, motion)
    motion = _locked(motion)
    if motion.status != MotionStatus.DRAFT:
        raise _not_status(motion)
    motion.status = MotionStatus.WITHDRAWN
    motion.save(update_fields=["status", "updated_at"])
    return motion


# ----------------------------------------------------------------------------- casting


@dataclass
class Cast:
    """What casting returns: the voter's receipt token (secret ballots: shown once, never
    stored) or the recorded roll-call vote."""

    motion: Motion
    person_id: int
    channel: str
    token: str = ""
    vote: RollCallVote | None = None


def _already(motion: Motion, person_id: int, name: str) -> ValidationError | None:
    model = BallotCast if motion.method == VoteMethod.SECRET else RollCallVote
    rows = model.objects.filter(motion=motion, person_id=person_id)
    channel = rows.values_list("channel", flat=True).first()
    if channel is None:
        return None
    message = _("%(name)s has already voted on this motion (%(channel)s).") % {
        "name": name, "channel": VoteChannel(channel).label,
    }  # fmt: skip
    return refusal("person", message, "already_voted")


def vote_cast(*, motion: Motion, person, choice: str, channel: str, actor=None) -> Cast:
    """One vote of ``person`` on ``motion``: online by himself, on paper entered by staff
    (RECORD_DELIBERATION), or by the present member holding his proxy. A second vote by any
    channel is refused ("already voted"); the unique constraints decide between concurrent
    attempts."""
    if choice not in VoteChoice.values:
        raise refusal("choice", _("Choose yes, no or abstain."), "choice")
    if channel not in VoteChannel.values:
        raise refusal("channel", _("Choose how the vote was cast."), "channel")
    own = getattr(actor, "person_id", None)
    if channel == VoteChannel.PAPER:
        check_perm(actor, RECORD_DELIBERATION, motion)
    elif channel == VoteChannel.ONLINE and actor is not None and own != person.pk:
        raise PermissionDenied(_("You may vote online only for yourself."))
    try:
        with transaction.atomic():
            return _cast(motion=motion, person=person, choice=choice, channel=channel,
                         actor=actor, own=own)  # fmt: skip
    except IntegrityError:
        # a concurrent attempt committed first (the constraint held): the same refusal
        already = _already(motion, person.pk, person.name)
        if already is None:
            raise
        raise already from None


def _cast(*, motion, person, choice, channel, actor, own) -> Cast:
    motion = _locked(motion, share=True)
    if motion.status != MotionStatus.VOTING:
        raise refusal("status", _("The vote on this motion is not open."), "not_voting")
    line = MeetingRoll.objects.filter(meeting_id=motion.meeting_id, person_id=person.pk).first()
    names = {"name": person.name}
    if line is None:
        raise refusal("person", _("%(name)s is not on the roll of this meeting.") % names,
                      "not_on_roll")  # fmt: skip
    already = _already(motion, person.pk, person.name)
    if already is not None:
        raise already
    if channel == VoteChannel.PROXY:
        holder = line.proxy_holder_id
        if line.attendance != Attendance.PROXY or (actor is not None and holder != own):
            raise refusal("person", _("You do not hold %(name)s's proxy.") % names, "no_proxy")
    elif line.attendance == Attendance.PROXY and channel == VoteChannel.ONLINE:
        raise refusal("person", _("%(name)s is represented by proxy: the holder votes.") % names,
                      "by_proxy")  # fmt: skip
    elif line.attendance not in (Attendance.PRESENT, Attendance.PROXY):
        raise refusal("person", _("%(name)s is not marked present at the meeting.") % names,
                      "not_present")  # fmt: skip
    if motion.method == VoteMethod.SECRET:
        token, digest = receipt_new()
        # who and what, in one transaction, with nothing in common but the motion
        BallotCast.objects.create(motion=motion, person=person, channel=channel)
        SecretBallot.objects.create(motion=motion, choice=choice, receipt_digest=digest)
        return Cast(motion=motion, person_id=person.pk, channel=channel, token=token)
    vote = RollCallVote.objects.create(
        motion=motion, person=person, choice=choice, channel=channel, cast_at=timezone.now(),
        entered_by=actor if channel != VoteChannel.ONLINE else None,
    )  # fmt: skip
    return Cast(motion=motion, person_id=person.pk, channel=channel, vote=vote)


# ----------------------------------------------------------------------------- tally


@dataclass(frozen=True)
class VoteCount:
    yes: int
    no: int
    abstain: int
    eligible: int
    present: int
    passed: bool
    ballot_hash: str

    def as_dict(self) -> dict:
        return {
            k: getattr(self, k)
            for k in ("yes", "no", "abstain", "eligible", "present", "passed", "ballot_hash")
        }


def ballot_lines(motion: Motion) -> list[str]:
    """The canonical line of every stored ballot: ``<receipt digest>:<choice>`` (secret) or
    ``<person id>:<choice>`` (roll-call)."""
    if motion.method == VoteMethod.SECRET:
        rows = SecretBallot.objects.filter(motion=motion).values_list("receipt_digest", "choice")
    else:
        rows = RollCallVote.objects.filter(motion=motion).values_list("person_id", "choice")
    return [f"{key}:{choice}" for key, choice in rows]


def count_votes(motion: Motion) -> VoteCount:
    """The tally from what is stored: the ballots, the roll and the threshold."""
    lines = ballot_lines(motion)
    choices = {VoteChoice.YES: 0, VoteChoice.NO: 0, VoteChoice.ABSTAIN: 0}
    for line in lines:
        choice = line.rsplit(":", 1)[1]
        choices[choice] = choices.get(choice, 0) + 1
    roll = dict(
        MeetingRoll.objects.filter(meeting_id=motion.meeting_id)
        .order_by()
        .values_list("attendance")
        .annotate(n=Count("id"))
    )
    eligible = sum(roll.values())
    present = roll.get(Attendance.PRESENT, 0) + roll.get(Attendance.PROXY, 0)
    yes = choices[VoteChoice.YES]
    return VoteCount(
        yes=yes, no=choices[VoteChoice.NO], abstain=choices[VoteChoice.ABSTAIN],
        eligible=eligible, present=present,
        passed=threshold_met(motion.threshold, yes=yes, present=present, eligible=eligible),
        ballot_hash=ballot_set_hash(lines),
    )  # fmt: skip


@transaction.atomic
def vote_close(*, motion: Motion, actor=None) -> Tally:
    """Close the vote: store the tally and the ballot-set hash, publish the ballots (secret:
    the list of receipt digest and choice), and, if the motion passed, its resolution on the
    disclosure board."""
    check_perm(actor, MANAGE_DELIBERATION, motion)
    motion = _locked(motion)
    if motion.status != MotionStatus.VOTING:
        raise _not_status(motion)
    if motion.method == VoteMethod.SECRET:
        cast = BallotCast.objects.filter(motion=motion).count()
        stored = SecretBallot.objects.filter(motion=motion).count()
        if cast != stored:  # one transaction writes both: this never happens unless tampered
            raise ValidationError({"status": _("Ballots and voters do not match: recount.")})
        _rewrite_in_digest_order(motion)
    count = count_votes(motion)
    now = timezone.now()
    tally = Tally.objects.create(motion=motion, closed_at=now, closed_by=actor, **count.as_dict())
    motion.status = MotionStatus.PASSED if count.passed else MotionStatus.FAILED
    motion.closed_at = now
    motion.save(update_fields=["status", "closed_at", "updated_at"])
    if count.passed:
        from .resolutions import resolution_from_motion

        resolution_from_motion(motion=motion, tally=tally, actor=actor)
    return tally


def _rewrite_in_digest_order(motion: Motion) -> None:
    """Store the ballots again in the order of their digests, so that the order rows were
    written in (the table's physical order) does not follow the order of the voters."""
    ballots = list(SecretBallot.objects.filter(motion=motion).order_by("receipt_digest"))
    SecretBallot.objects.filter(motion=motion).delete()
    SecretBallot.objects.bulk_create(ballots)


@dataclass(frozen=True)
class Recount:
    count: VoteCount
    tally: Tally

    @property
    def matches(self) -> bool:
        t = self.tally
        return self.count.as_dict() == {
            "yes": t.yes, "no": t.no, "abstain": t.abstain, "eligible": t.eligible,
            "present": t.present, "passed": t.passed, "ballot_hash": t.ballot_hash,
        }  # fmt: skip


def recount(motion: Motion) -> Recount:
    """Count the stored ballots again and compare with the published tally and hash."""
    tally = Tally.objects.get(motion=motion)
    return Recount(count=count_votes(motion), tally=tally)


def published_ballots(motion: Motion) -> list[tuple[str, str]]:
    """The published list of a closed secret vote: (receipt digest, choice), by digest."""
    if motion.method != VoteMethod.SECRET or motion.status not in (
        MotionStatus.PASSED, MotionStatus.FAILED
    ):  # fmt: skip
        return []
    return list(
        SecretBallot.objects.filter(motion=motion)
        .order_by("receipt_digest")
        .values_list("receipt_digest", "choice")
    )


def receipt_check(motion: Motion, token: str) -> str | None:
    """The choice the published list shows for this receipt token, or None."""
    if not token or motion.status not in (MotionStatus.PASSED, MotionStatus.FAILED):
        return None
    return (
        SecretBallot.objects.filter(motion=motion, receipt_digest=receipt_digest(token))
        .values_list("choice", flat=True)
        .first()
    )
