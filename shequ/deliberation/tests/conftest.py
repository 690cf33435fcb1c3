"""Bodies of 东一社区 (c1) on the shared test territory (shequ/conftest.py):

    ``bodies.committee``  居民委员会, 5 seats (chair first)
    ``bodies.council``    居民议事会, 9 seats, quorum 2/3 (configured for councils)
    ``bodies.assembly``   居民会议 of all adult residents of c1
    ``bodies.reps``       居民代表会议, 6 seats
    ``bodies.people``     the 9 councillors' persons (residents of C1G1 and C1G2)

``bodies.seat(body, name)`` seats a new resident of c1 in a body.
"""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

import pytest

from shequ.conftest import add_person
from shequ.deliberation.choices import AssemblyMode, BodyKind, SeatPost
from shequ.deliberation.services.bodies import body_create, seat_add

SEATED_ON = dt.date(2024, 6, 1)


@pytest.fixture
def bodies(territory):
    t = territory
    b = SimpleNamespace()
    flats = itertools.cycle(t.flats["C1G1"] + t.flats["C1G2"])

    def seat(body, name, **kwargs):
        person = add_person(next(flats), name)
        return seat_add(body=body, person=person, started_on=SEATED_ON, **kwargs)

    b.seat = seat
    b.committee = body_create(
        node=t.c1, kind=BodyKind.RESIDENTS_COMMITTEE, name="东一社区居民委员会",
        term_started_on=SEATED_ON, term_ends_on=dt.date(2027, 5, 31),
    )  # fmt: skip
    for i in range(5):
        seat(b.committee, f"委员{i}", post=SeatPost.CHAIR if i == 0 else SeatPost.MEMBER)
    b.council = body_create(node=t.c1, kind=BodyKind.COUNCIL, name="东一社区居民议事会")
    b.people = [seat(b.council, f"议事员{i}").person for i in range(9)]
    b.assembly = body_create(
        node=t.c1, kind=BodyKind.RESIDENTS_ASSEMBLY, name="东一社区居民会议",
        assembly_mode=AssemblyMode.ALL_ADULTS,
    )  # fmt: skip
    b.reps = body_create(node=t.c1, kind=BodyKind.REPRESENTATIVES_ASSEMBLY,
                         name="东一社区居民代表会议")  # fmt: skip
    for i in range(6):
        seat(b.reps, f"代表{i}")
    return b
