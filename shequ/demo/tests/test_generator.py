"""The generator alone (no database): determinism, realistic proportions, pinyin."""

import datetime as dt
import random
import statistics
from collections import Counter

import pytest
from stdnum.cn import ric

from shequ.core import crypto
from shequ.core.pinyin import SURNAME_READINGS, name_pinyin
from shequ.demo import vocab
from shequ.demo.generator import COLUMNS, DistrictGenerator, fast_name_pinyin, path_step
from shequ.demo.scales import SCALES, Scale

AS_OF = dt.date(2026, 6, 30)
TAGS = {
    code: n
    for n, code in enumerate(
        [
            "elderly", "living_alone_elderly", "disabled", "low_income", "unemployed",
            "left_behind_child", "veteran", "community_correction", "released_prisoner",
            "party_member", "volunteer",
        ],
        1,
    )
}  # fmt: skip
PERSON = COLUMNS["people.person"]
ENCRYPTED = [PERSON.index(c) for c in ("id_number_enc", "phone_enc", "registered_address_enc")]


def _generator(scale=SCALES["tiny"], seed=7):
    return DistrictGenerator(
        scale=scale, seed=seed, as_of=AS_OF, keyring=crypto.keyring(), tag_ids=TAGS
    )


def _rows(generator):
    rows = {label: [] for label in COLUMNS}
    for batch in generator.batches():
        for label, batch_rows in batch.rows.items():
            rows[label].extend(batch_rows)
    return rows


def _without_nonces(rows):
    """Person rows with each ciphertext replaced by its plaintext."""
    out = []
    for row in rows["people.person"]:
        row = list(row)
        for i in ENCRYPTED:
            row[i] = crypto.decrypt(row[i])
        out.append(tuple(row))
    return out


def test_same_seed_gives_the_same_rows_apart_from_ciphertext_nonces():
    first, second = _rows(_generator()), _rows(_generator())
    for label in COLUMNS:
        if label != "people.person":
            assert first[label] == second[label], label
    assert _without_nonces(first) == _without_nonces(second)
    assert first["people.person"] != second["people.person"]  # fresh nonces
    other = _rows(_generator(seed=8))
    assert _without_nonces(other) != _without_nonces(first)


def test_mean_household_size_and_shares_are_realistic():
    scale = Scale("test", 1, (1, 1), (1500, 1500), 0.0, 500)
    rows = _rows(_generator(scale))
    sizes = Counter(row[1] for row in rows["people.householdmember"])
    assert 2.45 <= statistics.mean(sizes.values()) <= 2.75
    persons = rows["people.person"]
    births = [dt.date.fromisoformat(row[PERSON.index("birth_date")]) for row in persons]
    ages = [AS_OF.year - b.year - ((AS_OF.month, AS_OF.day) < (b.month, b.day)) for b in births]
    elderly = sum(a >= 60 for a in ages) / len(ages)
    children = sum(a < 15 for a in ages) / len(ages)
    assert 0.14 <= elderly <= 0.26 and 0.12 <= children <= 0.26
    floating = sum(row[PERSON.index("residence_kind")] == "floating" for row in persons)
    assert 0.12 <= floating / len(persons) <= 0.22
    adults = [row for row, age in zip(persons, ages, strict=True) if age >= 19]
    party = sum(
        row[PERSON.index("political_status")] in ("party_member", "probationary") for row in adults
    )
    assert 0.04 <= party / len(adults) <= 0.09
    tags = Counter(row[2] for row in rows["people.persontag"])
    assert tags[TAGS["elderly"]] == sum(a >= 60 for a in ages)
    assert tags[TAGS["party_member"]] == sum(
        row[PERSON.index("political_status")] in ("party_member", "probationary") for row in persons
    )


@pytest.mark.parametrize("scale", ["small", "district"])
def test_communities_are_mostly_of_the_size_r_org_1_names(scale):
    plan = _generator(SCALES[scale]).subdistricts
    sizes = [c.households for sub in plan for c in sub.communities]
    assert sum(1000 <= n <= 3000 for n in sizes) / len(sizes) >= 0.75
    codes = [c.code for sub in plan for c in sub.communities]
    assert len(set(codes)) == len(codes) and all(len(c) == 12 for c in codes)
    names = [c.name for sub in plan for c in sub.communities]
    assert len(set(names)) == len(names)
    residents = sum(sizes) * 2.6
    expected = {"small": 60_000, "district": 1_200_000}[scale]
    assert 0.85 * expected <= residents <= 1.15 * expected


def test_id_numbers_are_checksum_valid_and_unique_even_when_crowded():
    generator = _generator()
    day = dt.date(1985, 3, 1)
    numbers = [generator._id_number(vocab.DISTRICT_REGION, day, "F") for _ in range(600)]
    assert len({n for n, _ in numbers}) == 600
    assert all(ric.is_valid(n) for n, _ in numbers)
    # 499 order codes per day and sex: the rest move on to the next day, number and birth
    assert {birth for _, birth in numbers} == {day, day + dt.timedelta(days=1)}
    assert all(n[6:14] == f"{b:%Y%m%d}" and int(n[16]) % 2 == 0 for n, b in numbers)


def test_fast_pinyin_is_the_pinyin_the_services_store():
    rng = random.Random(5)
    chars = "".join(vocab.GIVEN_CHARS.values())
    surnames = [s for s, _ in vocab.SURNAMES] + list(SURNAME_READINGS)
    for _ in range(3000):
        name = rng.choice(surnames) + "".join(rng.choice(chars) for _ in range(rng.randint(1, 2)))
        assert fast_name_pinyin(name) == name_pinyin(name), name


def test_path_steps_follow_treebeard():
    from shequ.territory.models import Node

    for n in (1, 35, 36, 1295, 50_000):
        assert path_step(n) == Node._get_path("", 1, n)
