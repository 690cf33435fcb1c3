import datetime as dt

from django.utils import timezone

from shequ.people import selectors, services
from shequ.people.models import TagType


def test_list_counts_and_person_page_agree_on_which_tags_are_in_force(residents, territory, cast):
    today = timezone.localdate()
    veteran = TagType.objects.get(code="veteran")
    ends_later = residents["C1G1"].head  # in force, ends next year
    starts_later = residents["C1G1"].spouse  # not yet in force
    ended = residents["C1G2"].head  # ended yesterday
    services.person_tag_add(person=ends_later, tag=veteran, valid_from=dt.date(2020, 1, 1),
                            valid_to=today + dt.timedelta(days=365))
    services.person_tag_add(person=starts_later, tag=veteran,
                            valid_from=today + dt.timedelta(days=10))
    services.person_tag_add(person=ended, tag=veteran, valid_from=dt.date(2020, 1, 1),
                            valid_to=today - dt.timedelta(days=1))
    user = cast.district_admin

    listed = set(selectors.person_list_for(user=user, tag="veteran"))
    counts = selectors.tag_counts_by_child(territory.c1, user=user)
    on_page = {p for p in (ends_later, starts_later, ended)
               if selectors.person_tags_for(user=user, person=p).filter(tag=veteran).exists()}

    assert listed == on_page == {ends_later}
    assert sum(c.get("veteran", 0) for c in counts.values()) == 1
