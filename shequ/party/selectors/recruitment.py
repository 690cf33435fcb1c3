"""Reads of the recruitment pipeline (发展党员, R-PM-3): the recruits a user may see, one
recruit with what each next step still lacks, the counts by stage for the home dashboard, the
yearly target report per community, and the "my tasks" section of the answerable person and
the sponsors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_RECRUITMENT, VIEW_PARTY, VIEW_PARTY_MEMBER
from shequ.core.scope import subtree_q
from shequ.territory.choices import NodeKind

from .. import workflow_recruitment as wf
from ..choices import SIZED_KINDS
from ..config import party_config
from ..models import PartyMember, PartyOrg
from ..models.recruitment import (
    OPEN_STAGES,
    Recruit,
    RecruitIntroducer,
    RecruitStage,
)

# Reading recruits is reading personal records of the party register: the member register's
# permission (VIEW_PARTY_MEMBER) in scope; writing is MANAGE_RECRUITMENT.
VIEW_RECRUIT = VIEW_PARTY_MEMBER


def recruit_list_for(*, user, q: str = "", stage: str = "", org: PartyOrg | None = None,
                     open_only: bool = False):  # fmt: skip
    """Recruits of branches in the user's scope, searched by name (or pinyin, or number),
    filtered by stage and by organisation (its whole subtree)."""
    recruits = Recruit.objects.visible_to(user, VIEW_RECRUIT)
    if stage:
        recruits = recruits.filter(stage=stage)
    elif open_only:
        recruits = recruits.filter(stage__in=OPEN_STAGES)
    if org is not None:
        recruits = recruits.filter(subtree_q("org__path", org.path))
    q = (q or "").strip()
    if q:
        words = (
            Q(person__name__icontains=q)
            | Q(person__name_pinyin__istartswith=q.lower())
            | Q(answerable_name__icontains=q)
        )
        if q.isdigit():
            words |= Q(pk=int(q))
        recruits = recruits.filter(words)
    return recruits


def with_details(recruits):
    """What the detail page and ``missing`` read, in a fixed number of queries."""
    return recruits.select_related("person", "org__node", "member", "answerable").prefetch_related(
        Prefetch(
            "sponsors",
            queryset=RecruitIntroducer.objects.select_related("member__person").order_by(
                "role", "id"
            ),
        ),
        "notices",
        "resolutions",
    )


def recruit_get_for(*, user, pk) -> Recruit:
    return get_object_or_404(with_details(recruit_list_for(user=user)), pk=pk)


def recruit_orgs_for(*, user):
    """Organisations the user may register applications with."""
    return (
        PartyOrg.objects.visible_to(user, MANAGE_RECRUITMENT)
        .current()
        .filter(kind__in=SIZED_KINDS)
        .select_related("node")
    )


def applicant_person_for(*, user, ref: str):
    """The resident an application is for, named by his number in the registry or his ID
    number, among the residents where the user runs recruitment (a branch secretary holds no
    registry role: he types the number the applicant gives him); None if not found there."""
    from django.core.exceptions import ValidationError

    from shequ.core import crypto, pii
    from shequ.people.choices import PersonStatus
    from shequ.people.models import Person

    ref = (ref or "").strip().replace(" ", "")
    people = Person.objects.visible_to(user, MANAGE_RECRUITMENT).filter(
        status=PersonStatus.RESIDENT
    )
    if ref.isdigit() and len(ref) < 15:
        return people.filter(pk=int(ref)).first()
    try:
        info = pii.validate_id_number(ref)
    except ValidationError:
        return None
    return people.filter(id_number_bidx=crypto.blind_index(info.number)).first()


def sponsor_candidates_for(*, recruit: Recruit):
    """Full members of the recruit's organisation and those above or below it: who may be
    named contact or introducer."""
    return (
        PartyMember.objects.active()
        .filter(stage="full", org__isnull=False)
        .filter(subtree_q("org__path", recruit.org.path[: -PartyOrg.steplen] or recruit.org.path))
        .exclude(person_id=recruit.person_id)
        .select_related("person", "org")
        .order_by("org__path", "person__name", "id")
    )


@dataclass
class NextStep:
    step: object
    missing: dict[str, str]

    @property
    def ready(self) -> bool:
        return not self.missing


def next_steps(*, user, recruit: Recruit, today: dt.date | None = None) -> list[NextStep]:
    """The steps open to the recruit with every precondition still missing, so that the page
    says what is lacking before anyone tries (R-PM-3). The reason and the extension's end
    are asked on the step's form, so they are not listed."""
    today = today or timezone.localdate()
    if not user.has_perm(MANAGE_RECRUITMENT, recruit):
        return []
    is_member = None
    out = []
    for step in wf.transitions_from(recruit.stage):
        if wf.NOT_MEMBER in step.needs:
            if is_member is None:
                is_member = (
                    PartyMember.objects.active().filter(person_id=recruit.person_id).exists()
                )
        # reasons and the extension's end are asked on the form itself
        lacking = wf.missing(step, recruit, today, note="-", is_member=is_member)
        lacking.pop(wf.EXTENSION, None)
        out.append(NextStep(step=step, missing=lacking))
    return out


def stage_counts_for(*, user) -> dict[str, int]:
    """Recruits in each open stage visible to the user (home dashboard): one grouped query."""
    rows = (
        recruit_list_for(user=user, open_only=True)
        .order_by()
        .values("stage")
        .annotate(n=Count("id"))
    )
    counts = {str(stage): 0 for stage in OPEN_STAGES}
    for row in rows:
        counts[row["stage"]] = row["n"]
    return counts


@dataclass
class TargetRow:
    org: PartyOrg
    admitted: int
    target: int
    in_pipeline: dict[str, int] = field(default_factory=dict)

    @property
    def below(self) -> bool:
        return self.admitted < self.target


@dataclass
class TargetReport:
    year: int
    target: int
    rows: list[TargetRow] = field(default_factory=list)

    @property
    def below(self) -> int:
        return sum(1 for row in self.rows if row.below)

    @property
    def admitted(self) -> int:
        return sum(row.admitted for row in self.rows)


def yearly_target_report(*, user, year: int) -> TargetReport:
    """R-PM-3 "each community branch develops ≥1 member a year" [003]: one line per party
    organisation whose territory is a community (the community's committee, general branch
    or branch); it counts the recruits admitted as probationary members in ``year`` by it
    and every organisation under it (the grid branches of a community committee count for
    the community), against ``yearly_target_per_branch``, and the recruits now in the
    pipeline there. Admissions later cancelled still count: the branch developed them that
    year. Two queries."""
    target = party_config()["recruitment"]["yearly_target_per_branch"]
    orgs = list(
        PartyOrg.objects.visible_to(user, VIEW_PARTY)
        .current()
        .filter(kind__in=SIZED_KINDS, node__kind=NodeKind.COMMUNITY)
        .select_related("node")
        .order_by("path")
    )
    report = TargetReport(year=year, target=target)
    if not orgs:
        return report
    within = Q(pk__in=[])
    for org in orgs:
        within |= subtree_q("org__path", org.path)
    rows = (
        Recruit.objects.filter(within)
        .filter(
            Q(probationary_on__year=year)
            | Q(stage__in=[RecruitStage.APPLICANT, RecruitStage.ACTIVIST, RecruitStage.CANDIDATE])
        )
        .order_by()
        .values("org__path", "stage")
        .annotate(
            admitted=Count("id", filter=Q(probationary_on__year=year)),
            n=Count("id"),
        )
    )
    rows = list(rows)
    for org in orgs:
        line = TargetRow(org=org, admitted=0, target=target,
                         in_pipeline={RecruitStage.ACTIVIST.value: 0,
                                      RecruitStage.CANDIDATE.value: 0,
                                      RecruitStage.APPLICANT.value: 0})  # fmt: skip
        for row in rows:
            if row["org__path"].startswith(org.path):
                line.admitted += row["admitted"]
                if row["stage"] in line.in_pipeline:
                    line.in_pipeline[row["stage"]] += row["n"]
        report.rows.append(line)
    return report


def recruit_tasks_for(*, user, member: PartyMember | None = None):
    """Open recruits the user answers for (责任人) or sponsors as contact or introducer."""
    who = Q(answerable=user)
    if member is not None:
        who |= Q(sponsors__member=member)
    return (
        Recruit.objects.filter(who, stage__in=OPEN_STAGES)
        .select_related("person", "org")
        .distinct()
        .order_by("applied_on", "id")
    )


try:
    from shequ.party.selectors.mine import register_my_section
except ImportError:  # pragma: no cover - the members area is not there yet
    register_my_section = None


def my_recruits(user, member):
    """ "My tasks": the recruits the member answers for or sponsors."""
    rows = list(recruit_tasks_for(user=user, member=member)[:50])
    if not rows:
        return None
    return {
        "title": _("Recruits I answer for or sponsor"),
        "template": "party/recruitment/mine.html",
        "context": {"recruits": rows},
    }


if register_my_section is not None:
    register_my_section(my_recruits)
