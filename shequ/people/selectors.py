"""Reads on the registry, always scoped through ``visible_to`` (core/scope.py)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404
from django.utils import timezone

from shequ.accounts.roles import VIEW_HOUSEHOLD, VIEW_PERSON, VIEW_SENSITIVE_TAGS
from shequ.core import crypto, pii
from shequ.core.pinyin import surname_readings
from shequ.core.scope import scope_paths, subtree_q

from .choices import PersonStatus, ResidenceKind
from .models import Household, HouseholdMember, Person, PersonTag, TagType


def tag_in_force_q(prefix: str = "", today: dt.date | None = None) -> Q:
    """A person's tag in force today (tags have from/to dates, R-PPL-1): the one definition
    used by lists, filters, counts and the person page."""
    today = today or timezone.localdate()
    p = f"{prefix}__" if prefix else ""
    return Q(**{f"{p}valid_from__lte": today}) & (
        Q(**{f"{p}valid_to__isnull": True}) | Q(**{f"{p}valid_to__gte": today})
    )


def persons_with_tag_q(*, user, code: str) -> Q:
    """Persons carrying tag ``code`` today; a tag the user may not see matches nobody."""
    current = PersonTag.objects.filter(
        tag_in_force_q(), person=OuterRef("pk"), tag__in=tag_types_for(user=user).filter(code=code)
    )
    return Q(Exists(current))


def person_list_for(
    *,
    user,
    q: str = "",
    tag: str = "",
    residence_kind: str = "",
    status: str = PersonStatus.RESIDENT,
    node=None,
):
    """Persons the user may see, searched by name, pinyin, initials, masked ID tail, full ID
    or phone (exact, through the blind index), filtered by tag, residence and subtree."""
    qs = Person.objects.visible_to(user, VIEW_PERSON)
    if node is not None:
        qs = qs.filter(subtree_q("node__path", node.path))
    if status:
        qs = qs.filter(status=status)
    if residence_kind:
        qs = qs.filter(residence_kind=residence_kind)
    if tag:
        qs = qs.filter(persons_with_tag_q(user=user, code=tag))
    q = (q or "").strip()
    if q:
        qs = qs.filter(person_search_q(q))
    return qs


def _next_prefix(prefix: str) -> str:
    """The smallest string after every string that begins with ``prefix`` (ASCII pinyin)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def person_search_q(q: str) -> Q:
    cleaned = q.replace(" ", "")
    readings = surname_readings(q)
    if readings is not None:
        # A name beginning with Chinese characters: its pinyin begins with one of the
        # surname's readings, which bounds the walk of the pinyin index (the list order);
        # neither pinyin nor initials can hold a Chinese character pypinyin knows.
        # Each reading as a range, not a LIKE: a range walks the ordered index under any
        # collation (LIKE can only use the pattern index, which is not in order), and the
        # planner, not told the same thing twice, no longer underestimates the rows. Exact:
        # the name's own condition keeps only names whose pinyin begins with a reading.
        same_start = Q()
        for reading in sorted(readings):
            same_start |= Q(name_pinyin__gte=reading, name_pinyin__lt=_next_prefix(reading))
        return Q(name__startswith=q) & same_start
    condition = (
        Q(name__startswith=q)
        | Q(name_pinyin__startswith=cleaned.lower())
        | Q(name_initials__startswith=cleaned.lower())
    )
    try:
        info = pii.validate_id_number(cleaned)
        return Q(id_number_bidx=crypto.blind_index(info.number))
    except ValidationError:
        pass
    try:
        phone = pii.normalize_phone(cleaned)
        if len(cleaned) >= 7:
            return Q(phone_bidx=crypto.blind_index(phone))
    except ValidationError:
        pass
    if 4 <= len(cleaned) <= 4 and cleaned[:3].isdigit():
        # the last four characters of an ID number, as shown in the masked form
        condition |= Q(id_number_masked__endswith=cleaned.upper())
    return condition


def person_get_for(*, user, pk) -> Person:
    return get_object_or_404(Person.objects.visible_to(user, VIEW_PERSON), pk=pk)


def household_list_for(*, user, node=None):
    qs = Household.objects.visible_to(user, VIEW_HOUSEHOLD).filter(dissolved_on__isnull=True)
    if node is not None:
        qs = qs.filter(subtree_q("node__path", node.path))
    return qs


def household_get_for(*, user, pk) -> Household:
    return get_object_or_404(Household.objects.visible_to(user, VIEW_HOUSEHOLD), pk=pk)


def household_members(household: Household):
    return (
        HouseholdMember.objects.filter(household=household, ended_on__isnull=True)
        .select_related("person")
        .order_by("id")
    )


def tag_types_for(*, user):
    """The tag vocabulary, without sensitive tags for roles that may not see them."""
    qs = TagType.objects.filter(is_active=True)
    if not scope_paths(user, VIEW_SENSITIVE_TAGS):
        qs = qs.filter(is_sensitive=False)
    return qs


def person_tags_for(*, user, person: Person):
    return PersonTag.objects.filter(
        tag_in_force_q(), person=person, tag__in=tag_types_for(user=user)
    ).select_related("tag")


def counts_by_child(node) -> dict[str, dict[str, int]]:
    """Residents, floating residents and households under each child of ``node`` (and the
    node itself under key ``""``): two grouped prefix queries, not one per child."""
    cut = len(node.path) + node.steplen
    persons = (
        Person.objects.filter(subtree_q("node__path", node.path), status=PersonStatus.RESIDENT)
        .annotate(prefix=Substr("node__path", 1, cut))
        .values("prefix")
        .annotate(
            residents=Count("id"),
            floating=Count("id", filter=Q(residence_kind=ResidenceKind.FLOATING)),
        )
    )
    households = (
        Household.objects.filter(subtree_q("node__path", node.path), dissolved_on__isnull=True)
        .annotate(prefix=Substr("node__path", 1, cut))
        .values("prefix")
        .annotate(households=Count("id"))
    )
    result: dict[str, dict[str, int]] = {}
    total = {"residents": 0, "floating": 0, "households": 0}
    for row in persons:
        entry = result.setdefault(row["prefix"], {"residents": 0, "floating": 0, "households": 0})
        entry["residents"], entry["floating"] = row["residents"], row["floating"]
        total["residents"] += row["residents"]
        total["floating"] += row["floating"]
    for row in households:
        entry = result.setdefault(row["prefix"], {"residents": 0, "floating": 0, "households": 0})
        entry["households"] = row["households"]
        total["households"] += row["households"]
    result[""] = total
    return result


def tag_counts_by_child(node, *, user) -> dict[str, dict[str, int]]:
    """Open tags per child subtree: {child path: {tag code: count}}."""
    cut = len(node.path) + node.steplen
    rows = (
        PersonTag.objects.filter(
            subtree_q("person__node__path", node.path),
            tag_in_force_q(),
            person__status=PersonStatus.RESIDENT,
            tag__in=tag_types_for(user=user),
        )
        .annotate(prefix=Substr("person__node__path", 1, cut))
        .values("prefix", "tag__code")
        .annotate(n=Count("id"))
    )
    result: dict[str, dict[str, int]] = {}
    for row in rows:
        result.setdefault(row["prefix"], {})[row["tag__code"]] = row["n"]
    return result


def age_on(birth: dt.date | None, today: dt.date | None = None) -> int | None:
    if birth is None:
        return None
    today = today or timezone.localdate()
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
