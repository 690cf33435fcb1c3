import datetime as dt

from django.utils import timezone

from shequ.conftest import add_person
from shequ.people import selectors, services
from shequ.people.models import TagType


def test_list_counts_and_person_page_agree_on_which_tags_are_in_force(residents, territory, cast):
    today = timezone.localdate()
    veteran = TagType.objects.get(code="veteran")
    ends_later = residents["C1G1"].head  # in force, ends next year
    starts_later = residents["C1G1"].spouse  # not yet in force
    ended = residents["C1G2"].head  # ended yesterday
    services.person_tag_add(
        person=ends_later,
        tag=veteran,
        valid_from=dt.date(2020, 1, 1),
        valid_to=today + dt.timedelta(days=365),
    )
    services.person_tag_add(
        person=starts_later, tag=veteran, valid_from=today + dt.timedelta(days=10)
    )
    services.person_tag_add(
        person=ended,
        tag=veteran,
        valid_from=dt.date(2020, 1, 1),
        valid_to=today - dt.timedelta(days=1),
    )
    user = cast.district_admin

    listed = set(selectors.person_list_for(user=user, tag="veteran"))
    counts = selectors.tag_counts_by_child(territory.c1, user=user)
    on_page = {
        p
        for p in (ends_later, starts_later, ended)
        if selectors.person_tags_for(user=user, person=p).filter(tag=veteran).exists()
    }

    assert listed == on_page == {ends_later}
    assert sum(c.get("veteran", 0) for c in counts.values()) == 1


def test_search_by_chinese_name_finds_every_name_that_begins_with_it(territory, cast):
    flat = territory.flats["C1G1"][0]
    names = ["万俟卨", "万小明", "尉迟恭", "尉缭", "曾长生", "重庆", "王五", "汪洋", "Anna李"]
    for name in names:
        add_person(flat, name)
    user = cast.district_admin
    for q in ["万", "万俟", "尉", "尉迟", "曾", "重", "王", "汪", "王五", "Anna", "anna", "wang"]:
        found = {p.name for p in selectors.person_list_for(user=user, q=q)}
        lowered = q.lower()
        expected = {
            p.name
            for p in selectors.person_list_for(user=user)
            if p.name.startswith(q)
            or p.name_pinyin.startswith(lowered)
            or p.name_initials.startswith(lowered)
        }
        assert found == expected and found, q
