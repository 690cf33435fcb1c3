"""Deterministic generation of the demo district as rows, one batch per community; no I/O.

The same seed, ``as_of`` date, first ids and data key give the same rows, byte for byte,
except the random nonces inside ciphertexts. Personal fields are derived exactly as
``people.services.person_create`` derives them (encrypted value, blind index of the
normalised value, masked copy, pinyin), so a demo person cannot be told from a real one.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from pypinyin import Style, lazy_pinyin

from shequ.core.pii import id_check_char, mask_id_number, mask_phone, mask_text
from shequ.core.pinyin import name_pinyin, surname_head
from shequ.core.scope import ALPHABET
from shequ.people.choices import PersonStatus, PoliticalStatus, Relation, ResidenceKind
from shequ.territory.choices import CommunityType, Duty, NodeKind

from . import vocab
from .scales import Scale

try:  # the segmenter pypinyin itself uses for words (its contrib API)
    from pypinyin.seg.mmseg import seg as _mmseg
except ImportError:  # pragma: no cover
    _mmseg = None

# Columns the generator fills, per model, by attribute name; the writer fills any other
# column with the model field's default, so a field added later does not break the load.
COLUMNS: dict[str, tuple[str, ...]] = {
    "territory.node": (
        "id", "created_at", "updated_at", "path", "depth", "numchild", "kind", "code", "name",
        "is_active", "community_type",
    ),
    "people.person": (
        "id", "created_at", "updated_at", "name", "name_pinyin", "name_initials", "sex",
        "birth_date", "ethnicity", "political_status", "id_number_enc", "id_number_bidx",
        "id_number_masked", "phone_enc", "phone_bidx", "phone_masked", "registered_address_enc",
        "registered_address_masked", "node_id", "residence_kind", "status", "died_on",
    ),
    "people.residence": (
        "id", "created_at", "updated_at", "person_id", "node_id", "kind", "started_on",
        "ended_on", "end_reason", "landlord_id", "landlord_name", "employer", "permit_number",
        "permit_expires_on",
    ),
    "people.household": ("id", "created_at", "updated_at", "node_id", "number", "dissolved_on"),
    "people.householdmember": (
        "id", "household_id", "person_id", "relation", "started_on", "ended_on",
    ),
    "people.persontag": ("id", "person_id", "tag_id", "valid_from", "valid_to", "note"),
    "territory.noderesponsibility": (
        "id", "node_id", "duty", "person_id", "user_id", "started_on", "ended_on",
    ),
}  # fmt: skip

FLOATING_HOUSEHOLD_SHARE = 0.21  # gives ~17 % floating residents (R-PPL-2)
_MOBILE_PREFIXES = [
    ("139", 9), ("138", 9), ("137", 7), ("136", 7), ("135", 8), ("134", 3), ("133", 4),
    ("132", 4), ("131", 4), ("130", 5), ("150", 5), ("151", 5), ("152", 4), ("153", 3),
    ("155", 4), ("156", 4), ("157", 3), ("158", 5), ("159", 5), ("166", 2), ("173", 2),
    ("175", 2), ("176", 2), ("177", 2), ("178", 2), ("180", 3), ("181", 3), ("182", 4),
    ("183", 3), ("184", 1), ("185", 4), ("186", 5), ("187", 4), ("188", 4), ("189", 4),
    ("191", 2), ("198", 2), ("199", 3),
]  # fmt: skip


def path_step(n: int) -> str:
    """The n-th (1-based) step of a treebeard path: base 36, four characters."""
    text = ""
    while n:
        n, r = divmod(n, 36)
        text = ALPHABET[r] + text
    if len(text) > 4:
        raise ValueError("too many children under one node")
    return text.rjust(4, "0")


_SEGMENT_PINYIN: dict[str, list[str]] = {}


def fast_name_pinyin(name: str) -> tuple[str, str]:
    """``core.pinyin.name_pinyin`` at a sixth of the cost: pypinyin reads a name segment by
    segment (longest dictionary words first), so the readings of segments can be cached.
    A test holds it equal to ``name_pinyin``; without the segmenter it falls back."""
    if _mmseg is None:
        return name_pinyin(name)
    name = name.strip()
    head = surname_head(name)
    if not head:
        return name_pinyin(name)
    syllables = [name_pinyin(head)[0]]
    for part in _mmseg.cut(name[len(head) :]):
        readings = _SEGMENT_PINYIN.get(part)
        if readings is None:
            readings = _SEGMENT_PINYIN[part] = [
                s.lower()
                for s in lazy_pinyin(part, style=Style.NORMAL, errors="default")
                if s.strip()
            ]
        syllables.extend(readings)
    return "".join(syllables), "".join(s[0] for s in syllables if s)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class Picker:
    """Weighted choice by bisection (faster than ``random.choices`` in a hot loop)."""

    def __init__(self, items: Sequence, weights: Sequence[float]):
        self.items = list(items)
        self.cum, total = [], 0.0
        for w in weights:
            total += w
            self.cum.append(total)
        self.total = total

    def __call__(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


_SURNAME = Picker([s for s, _ in vocab.SURNAMES], [w for _, w in vocab.SURNAMES])
_ETHNICITY = Picker([e for e, _ in vocab.ETHNICITIES], [w for _, w in vocab.ETHNICITIES])
_MOBILE = Picker([p for p, _ in _MOBILE_PREFIXES], [w for _, w in _MOBILE_PREFIXES])
_COMMUNITY_TYPE = Picker(
    [CommunityType.COMPOUND, CommunityType.GEOGRAPHIC, CommunityType.MIXED, CommunityType.UNIT],
    [50, 25, 20, 5],
)


@dataclass
class Batch:
    """The rows of one unit of work (the district's top, or one community), by model label."""

    label: str
    persons: int
    rows: dict[str, list[tuple]]

    @property
    def row_count(self) -> int:
        return sum(len(r) for r in self.rows.values())


@dataclass
class CommunityPlan:
    code: str
    name: str
    households: int
    community_type: str
    seed: int


@dataclass
class SubdistrictPlan:
    code: str
    name: str
    communities: list[CommunityPlan] = field(default_factory=list)


@dataclass
class Member:
    """A person of a household being composed: relation to the head, sex, age in years."""

    relation: str
    sex: str
    age: int
    surname: str = ""


class DistrictGenerator:
    """Plans the district from the seed, then yields its rows community by community."""

    def __init__(
        self,
        *,
        scale: Scale,
        seed: int,
        as_of: dt.date,
        keyring,
        tag_ids: dict[str, int],
        first_ids: dict[str, int] | None = None,
        stamp=None,
        root_step: int = 1,
        elderly_age: int = 60,
    ):
        self.scale, self.seed, self.as_of = scale, seed, as_of
        self.encrypt, self.blind_index = keyring.encrypt, keyring.blind_index
        self.tag_ids = tag_ids
        self.next_id = {label: (first_ids or {}).get(label, 1) for label in COLUMNS}
        self.stamp = stamp if stamp is not None else dt.datetime.combine(as_of, dt.time())
        self.root_path = path_step(root_step)
        self.elderly_age = elderly_age
        self._pinyin: dict[str, tuple[str, str]] = {}
        self._id_counts: dict[int, int] = {}
        self._phone_counts: dict[str, int] = {}
        self._compound_names: set[str] = set()
        self._permit_seq = 0
        self._household_seq = 0
        self.hometowns = vocab.hometown_counties()
        self.subdistricts = self._plan()

    # ---- plan ---------------------------------------------------------------------------

    def _plan(self) -> list[SubdistrictPlan]:
        rng = random.Random(self.seed)
        scale, region = self.scale, vocab.DISTRICT_REGION
        names = rng.sample(vocab.SUBDISTRICT_WORDS, scale.subdistricts)
        words = list(vocab.COMMUNITY_WORDS)
        rng.shuffle(words)
        pool = words + [w + d for d in vocab.DIRECTIONS for w in words]
        plans = []
        for i, word in enumerate(names, 1):
            sub = SubdistrictPlan(code=f"{region}{i:03d}000", name=f"{word}街道")
            for j in range(1, rng.randint(*scale.communities) + 1):
                low, high = scale.households
                if rng.random() < scale.large_share:
                    households = rng.randint(high + 1, int(high * 1.2))
                else:
                    households = rng.randint(low, high)
                sub.communities.append(
                    CommunityPlan(
                        code=f"{region}{i:03d}{j:03d}",
                        name=f"{pool.pop(0)}社区",
                        households=households,
                        community_type=_COMMUNITY_TYPE(rng),
                        seed=rng.getrandbits(64),
                    )
                )
            plans.append(sub)
        return plans

    @property
    def planned_households(self) -> int:
        return sum(c.households for s in self.subdistricts for c in s.communities)

    # ---- helpers ------------------------------------------------------------------------

    def _take(self, label: str) -> int:
        value = self.next_id[label]
        self.next_id[label] = value + 1
        return value

    def _node(self, rows, path, kind, code, name, numchild, community_type="") -> int:
        node_id = self._take("territory.node")
        s = self.stamp
        depth = len(path) // 4
        rows.append((node_id, s, s, path, depth, numchild, kind, code, name, True, community_type))
        return node_id

    def _rand_date(self, rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
        if end <= start:
            return start
        return start + dt.timedelta(days=int(rng.random() * ((end - start).days + 1)))

    def _full_name(self, rng: random.Random, surname: str, sex: str, birth_year: int) -> str:
        cohort = "old" if birth_year < 1970 else "mid" if birth_year < 2000 else "young"
        chars = vocab.GIVEN_CHARS[(cohort, sex)]
        given = rng.choice(chars)
        if rng.random() < vocab.TWO_CHAR_SHARE[cohort]:
            given += rng.choice(chars)
        return surname + given

    def _id_number(self, region: str, birth: dt.date, sex: str) -> tuple[str, dt.date]:
        """A unique, checksum-valid number; 499 order codes per region, day and sex, after
        which the birth date moves on a day (rare)."""
        while True:
            ymd = birth.year * 10000 + birth.month * 100 + birth.day
            key = (int(region) * 100_000_000 + ymd) * 2 + (sex == "M")
            used = self._id_counts.get(key, 0)
            if used < 499:
                self._id_counts[key] = used + 1
                slot = (ymd * 7 + int(region) + used * 211) % 499
                order = 2 * slot + (1 if sex == "M" else 2)  # odd: male, even: female
                first17 = f"{region}{ymd}{order:03d}"
                return first17 + id_check_char(first17), birth
            birth += dt.timedelta(days=1)

    def _mobile(self, rng: random.Random) -> str:
        prefix = _MOBILE(rng)
        n = self._phone_counts.get(prefix, 0)
        self._phone_counts[prefix] = n + 1
        # an affine permutation of 0..10^8-1: unique, without the look of a counter
        return f"{prefix}{(n * 7_919_317 + int(prefix) * 1_234_567) % 100_000_000:08d}"

    def _pinyin_of(self, name: str) -> tuple[str, str]:
        cached = self._pinyin.get(name)
        if cached is None:
            cached = self._pinyin[name] = fast_name_pinyin(name)
        return cached

    def _compound_name(self, rng: random.Random) -> str:
        for phase in vocab.COMPOUND_PHASES:
            for _ in range(6):
                name = rng.choice(vocab.COMPOUND_WORDS) + rng.choice(vocab.COMPOUND_SUFFIXES)
                name += phase
                if name not in self._compound_names:
                    self._compound_names.add(name)
                    return name
        name = f"{rng.choice(vocab.COMPOUND_WORDS)}{len(self._compound_names)}号院"
        self._compound_names.add(name)
        return name

    # ---- households ---------------------------------------------------------------------

    def _compose(self, rng: random.Random, floating: bool) -> tuple[str, list[Member]]:
        """Household members with relations and ages; mean size ≈ 2.6 over the district."""
        r = rng.random()
        head_sex = "M" if rng.random() < 0.75 else "F"
        other = "F" if head_sex == "M" else "M"

        def couple(low, high):
            age = rng.randint(low, high)
            spouse = max(20, age + rng.randint(-4, 3) * (1 if head_sex == "M" else -1))
            return [Member(Relation.HEAD, head_sex, age), Member(Relation.SPOUSE, other, spouse)]

        def children(parents: list[Member], count: int, max_age: int = 30):
            youngest = min(m.age for m in parents)
            top = max(0, min(max_age, youngest - 22))
            return [
                Member(Relation.CHILD, rng.choice("MF"), rng.randint(0, top)) for _ in range(count)
            ]

        if floating:
            if r < 0.40:
                return "single", [Member(Relation.HEAD, rng.choice("MMMF"), rng.randint(19, 50))]
            if r < 0.60:
                return "couple", couple(22, 45)
            if r < 0.90:
                members = couple(25, 45)
                return "family", members + children(members, rng.choice((1, 1, 2)), 16)
            members = [Member(Relation.HEAD, rng.choice("MF"), rng.randint(19, 35))]
            members += [
                Member(Relation.OTHER, members[0].sex, rng.randint(19, 35))
                for _ in range(rng.randint(1, 2))
            ]
            return "shared", members
        if r < 0.05:
            return "single", [Member(Relation.HEAD, rng.choice("MMF"), rng.randint(20, 39))]
        if r < 0.09:
            return "single", [Member(Relation.HEAD, rng.choice("MF"), rng.randint(40, 59))]
        if r < 0.20:
            sex = "F" if rng.random() < 0.65 else "M"
            return "single_old", [
                Member(Relation.HEAD, sex, min(99, 60 + int(rng.expovariate(1 / 12))))
            ]
        if r < 0.27:
            return "couple", couple(23, 38)
        if r < 0.41:
            return "couple_old", couple(52, 88)
        if r < 0.67:
            members = couple(26, 55)
            return "family", members + children(members, 1)
        if r < 0.76:
            members = couple(30, 55)
            return "family", members + children(members, 2)
        if r < 0.80:
            head = Member(Relation.HEAD, "F" if rng.random() < 0.7 else "M", rng.randint(28, 55))
            return "single_parent", [head] + children([head], 1)
        if r < 0.94:
            members = (
                couple(32, 55)
                if rng.random() < 0.9
                else [Member(Relation.HEAD, head_sex, rng.randint(32, 55))]
            )
            members += children(members, rng.choice((1, 1, 2)), 25)
            head_age = members[0].age
            for sex in rng.sample("MF", rng.choice((1, 2, 2))):
                members.append(
                    Member(Relation.PARENT, sex, min(99, head_age + rng.randint(22, 34)))
                )
            return "three_generations", members
        if r < 0.98:
            members = (
                couple(58, 85)
                if rng.random() < 0.7
                else [Member(Relation.HEAD, head_sex, rng.randint(58, 85))]
            )
            child_age = rng.randint(28, min(55, members[0].age - 22))
            members.append(Member(Relation.CHILD, rng.choice("MF"), child_age))
            if rng.random() < 0.75:
                members.append(
                    Member(Relation.CHILD_IN_LAW, rng.choice("MF"), child_age + rng.randint(-3, 3))
                )
            for _ in range(rng.choice((1, 1, 2))):
                members.append(
                    Member(
                        Relation.GRANDCHILD,
                        rng.choice("MF"),
                        rng.randint(0, max(0, child_age - 22)),
                    )
                )
            return "elder_with_family", members
        members = (
            couple(56, 80)
            if rng.random() < 0.7
            else [Member(Relation.HEAD, head_sex, rng.randint(56, 80))]
        )
        for _ in range(rng.choice((1, 1, 2))):
            members.append(Member(Relation.GRANDCHILD, rng.choice("MF"), rng.randint(3, 15)))
        return "skipped_generation", members

    def _surnames(self, rng: random.Random, members: list[Member]) -> None:
        """Children take the father's surname (mostly); spouses keep their own."""
        head = members[0]
        head.surname = _SURNAME(rng)
        spouse = next((m for m in members if m.relation == Relation.SPOUSE), None)
        if spouse is not None:
            spouse.surname = _SURNAME(rng)
        father = head if head.sex == "M" or spouse is None else spouse
        mother = spouse if father is head else head
        for m in members[1:]:
            if m.relation in (Relation.CHILD, Relation.GRANDCHILD):
                m.surname = father.surname if rng.random() < 0.92 else (mother or father).surname
            elif m.relation == Relation.PARENT:
                m.surname = head.surname if m.sex == "M" else _SURNAME(rng)
            elif m.relation != Relation.SPOUSE:
                m.surname = _SURNAME(rng)

    def _political_status(self, rng: random.Random, age: int) -> str:
        if age < 14:
            return ""
        r = rng.random()
        party = 0.03 if age <= 28 else 0.06 if age <= 35 else 0.065 if age < 60 else 0.085
        if r < party:
            return (
                PoliticalStatus.PROBATIONARY
                if rng.random() < 0.04
                else PoliticalStatus.PARTY_MEMBER
            )
        if age <= 28 and r < party + 0.30:
            return PoliticalStatus.LEAGUE_MEMBER
        if r > 0.999:
            return PoliticalStatus.OTHER_PARTY
        return PoliticalStatus.MASSES

    # ---- batches ------------------------------------------------------------------------

    def batches(self) -> Iterator[Batch]:
        """The district and its subdistricts first, then one batch per community."""
        region = vocab.DISTRICT_REGION
        nodes: list[tuple] = []
        self._node(
            nodes,
            self.root_path,
            NodeKind.DISTRICT,
            f"{region}000000",
            vocab.DISTRICT_NAME,
            len(self.subdistricts),
        )
        sub_paths = []
        for i, sub in enumerate(self.subdistricts, 1):
            path = self.root_path + path_step(i)
            self._node(nodes, path, NodeKind.SUBDISTRICT, sub.code, sub.name, len(sub.communities))
            sub_paths.append(path)
        yield Batch(vocab.DISTRICT_NAME, 0, {"territory.node": nodes})
        for sub, sub_path in zip(self.subdistricts, sub_paths, strict=True):
            for j, plan in enumerate(sub.communities, 1):
                yield self._community(sub, plan, sub_path + path_step(j))

    def _community(self, sub: SubdistrictPlan, plan: CommunityPlan, path: str) -> Batch:
        rng = random.Random(plan.seed)
        rows: dict[str, list[tuple]] = {label: [] for label in COLUMNS}
        nodes = rows["territory.node"]
        n_grids = max(1, round(plan.households / self.scale.grid_households))
        weights = [rng.uniform(0.85, 1.15) for _ in range(n_grids)]
        shares = _split(plan.households, weights)
        self._node(
            nodes, path, NodeKind.COMMUNITY, plan.code, plan.name, n_grids, plan.community_type
        )
        households: list[dict] = []
        buildings: dict[int, list[int]] = {}  # building node id -> person ids living there
        for k, share in enumerate(shares, 1):
            grid_path = path + path_step(k)
            grid_code = f"{plan.code}{k:02d}"
            stock = self._building_stock(rng, share)
            grid_id = self._node(
                nodes, grid_path, NodeKind.GRID, grid_code, f"第{k}网格", len(stock)
            )
            flats = self._emit_buildings(nodes, stock, grid_path, grid_code, sub, plan, buildings)
            grid_households = []
            for index in sorted(rng.sample(range(len(flats)), min(share, len(flats)))):
                household = self._household(rng, rows, flats[index], plan)
                grid_households.append(household)
                buildings[flats[index][1]].extend(household["person_ids"])
            households.extend(grid_households)
            self._grid_worker(rng, rows, grid_id, grid_households)
        self._residences(rng, rows, households)
        self._building_heads(rng, rows, buildings)
        persons = len(rows["people.person"])
        return Batch(f"{sub.name} {plan.name}", persons, rows)

    def _building_stock(self, rng: random.Random, households: int) -> list[tuple[str, list]]:
        """Compounds of buildings (entrances, floors, flats per floor) enough for the grid's
        households at 88–96 % occupancy: old six-storey walk-ups or newer high-rises."""
        need = math.ceil(households / rng.uniform(0.88, 0.96))
        compounds, total = [], 0
        while total < need:
            walkup = rng.random() < 0.55
            planned = rng.randint(4, 16) if walkup else rng.randint(3, 10)
            stock = []
            while len(stock) < planned and total < need:
                if walkup:
                    shape = (
                        rng.randint(2, 4),
                        rng.choice((5, 6, 6, 6, 7)),
                        rng.choice((2, 2, 2, 3)),
                    )
                else:
                    shape = (rng.randint(1, 2), rng.randint(11, 32), rng.randint(2, 4))
                stock.append(shape)
                total += shape[0] * shape[1] * shape[2]
            compounds.append((self._compound_name(rng), stock))
        return compounds

    def _emit_buildings(self, nodes, stock, grid_path, grid_code, sub, plan, buildings):
        """Write compound › building › entrance › flat nodes; return the flats as
        (flat id, building id, address)."""
        flats = []
        prefix = f"{vocab.DISTRICT_NAME}{sub.name}{plan.name}"
        for m, (compound, shapes) in enumerate(stock, 1):
            c_path, c_code = grid_path + path_step(m), f"{grid_code}{m:02d}"
            self._node(nodes, c_path, NodeKind.COMPOUND, c_code, compound, len(shapes))
            for b, (entrances, floors, per_floor) in enumerate(shapes, 1):
                b_path, b_code = c_path + path_step(b), f"{c_code}{b:02d}"
                b_id = self._node(nodes, b_path, NodeKind.BUILDING, b_code, f"{b}号楼", entrances)
                buildings[b_id] = []
                for e in range(1, entrances + 1):
                    e_path, e_code = b_path + path_step(e), f"{b_code}{e}"
                    self._node(
                        nodes, e_path, NodeKind.ENTRANCE, e_code, f"{e}单元", floors * per_floor
                    )
                    step = 0
                    for floor in range(1, floors + 1):
                        for unit in range(1, per_floor + 1):
                            step += 1
                            name = f"{floor}{unit:02d}室"
                            flat_id = self._node(
                                nodes,
                                e_path + path_step(step),
                                NodeKind.FLAT,
                                f"{e_code}{floor:02d}{unit:02d}",
                                name,
                                0,
                            )
                            address = f"{prefix}{compound}{b}号楼{e}单元{name}"
                            flats.append((flat_id, b_id, address))
        return flats

    def _household(self, rng: random.Random, rows, flat, plan: CommunityPlan) -> dict:
        flat_id, _building_id, flat_address = flat
        floating = rng.random() < FLOATING_HOUSEHOLD_SHARE
        kind, members = self._compose(rng, floating)
        self._surnames(rng, members)
        as_of = self.as_of
        if floating:
            region, place = rng.choice(self.hometowns)
            address = (
                f"{place}{rng.choice(vocab.TOWN_WORDS)}镇"
                f"{rng.choice(vocab.VILLAGE_WORDS)}{members[0].surname[0]}庄村"
            )
            started = self._rand_date(rng, as_of - dt.timedelta(days=5 * 365), as_of)
        else:
            region, place = vocab.DISTRICT_REGION, ""
            if rng.random() < 0.75:
                address = flat_address
            else:
                address = f"{vocab.DISTRICT_NAME}{rng.choice(vocab.STREETS)}{rng.randint(1, 300)}号"
            years = max(1, min(35, members[0].age - 18))
            started = self._rand_date(rng, as_of - dt.timedelta(days=365 * years), as_of)
        ethnicity = _ETHNICITY(rng)
        low_income = not floating and rng.random() < 0.015
        household_id = self._take("people.household")
        self._household_seq += 1
        s = self.stamp
        rows["people.household"].append(
            (household_id, s, s, flat_id, f"{plan.code[6:9]}{self._household_seq:06d}", None)
        )
        person_ids, people = [], []
        for member in members:
            person = self._person(
                rng,
                rows,
                member,
                flat_id=flat_id,
                floating=floating,
                region=region if floating or rng.random() < 0.8 else rng.choice(self.hometowns)[0],
                address=address,
                ethnicity=ethnicity if rng.random() < 0.9 else _ETHNICITY(rng),
                started=started,
            )
            rows["people.householdmember"].append(
                (
                    self._take("people.householdmember"),
                    household_id,
                    person["id"],
                    member.relation,
                    person["started"].isoformat(),
                    None,
                )
            )
            tags = person["tags"]
            if low_income:
                tags.append(
                    (
                        "low_income",
                        self._rand_date(
                            rng, max(person["birth"], as_of - dt.timedelta(days=6 * 365)), as_of
                        ),
                    )
                )
            if kind == "single_old" and person["age"] >= self.elderly_age and rng.random() < 0.85:
                tags.append(
                    (
                        "living_alone_elderly",
                        max(add_years(person["birth"], self.elderly_age), person["started"]),
                    )
                )
            if (
                kind == "skipped_generation"
                and member.relation == Relation.GRANDCHILD
                and person["age"] < 16
            ):
                tags.append(("left_behind_child", max(person["birth"], person["started"])))
            self._tags(rows, person)
            person_ids.append(person["id"])
            people.append(person)
        return {
            "floating": floating,
            "people": people,
            "person_ids": person_ids,
            "started": started,
        }

    def _person(
        self, rng, rows, member: Member, *, flat_id, floating, region, address, ethnicity, started
    ) -> dict:
        as_of = self.as_of
        birth = as_of - dt.timedelta(
            days=member.age * 365 + member.age // 4 + int(rng.random() * 365)
        )
        number, birth = self._id_number(region, birth, member.sex)
        age = as_of.year - birth.year - ((as_of.month, as_of.day) < (birth.month, birth.day))
        name = self._full_name(rng, member.surname, member.sex, birth.year)
        pinyin, initials = self._pinyin_of(name)
        political = self._political_status(rng, age)
        if age >= 12 and rng.random() < (0.97 if age < 80 else 0.7):
            national = self._mobile(rng)
            e164 = "+86" + national
            phone = (self.encrypt(e164), self.blind_index(e164), mask_phone(national))
        else:
            phone = ("", "", "")
        person_id = self._take("people.person")
        s = self.stamp
        rows["people.person"].append(
            (
                person_id, s, s, name, pinyin, initials, member.sex, birth.isoformat(),
                ethnicity, political, self.encrypt(number), self.blind_index(number),
                mask_id_number(number), *phone, self.encrypt(address), mask_text(address),
                flat_id,
                ResidenceKind.FLOATING if floating else ResidenceKind.REGISTERED,
                PersonStatus.RESIDENT, None,
            )
        )  # fmt: skip
        person = {
            "id": person_id,
            "name": name,
            "sex": member.sex,
            "age": age,
            "birth": birth,
            "relation": member.relation,
            "floating": floating,
            "political": political,
            "flat_id": flat_id,
            "started": max(started, birth),
            "tags": [],
        }
        person["tags"] = self._person_tags(rng, person)
        return person

    def _person_tags(self, rng: random.Random, p: dict) -> list[tuple[str, dt.date]]:
        """Groups the registry tracks (R-PPL-1), in plausible proportions."""
        as_of, age, birth, sex = self.as_of, p["age"], p["birth"], p["sex"]
        tags = []

        def since(years_back: float, not_before: dt.date = birth) -> dt.date:
            start = max(not_before, as_of - dt.timedelta(days=int(years_back * 365)))
            return self._rand_date(rng, start, as_of)

        if age >= self.elderly_age:
            tags.append(("elderly", add_years(birth, self.elderly_age)))
        if p["political"] in (PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY):
            joined = add_years(birth, 18)
            if p["political"] == PoliticalStatus.PROBATIONARY:
                tags.append(("party_member", since(1, joined)))
            else:
                tags.append(
                    ("party_member", self._rand_date(rng, joined, as_of - dt.timedelta(days=366)))
                )
        r = rng.random()
        disabled = 0.005 if age < 18 else 0.015 if age < 60 else 0.05 if age < 80 else 0.10
        if r < disabled:
            tags.append(("disabled", since(25)))
        r = rng.random()
        if not p["floating"] and 18 <= age < 60 and r < 0.04:
            tags.append(("unemployed", since(2)))
        r = rng.random()
        if age >= 22 and r < (0.05 if sex == "M" else 0.003):
            tags.append(
                (
                    "veteran",
                    self._rand_date(rng, add_years(birth, 20), min(as_of, add_years(birth, 30))),
                )
            )
        r = rng.random()
        if 18 <= age <= 60 and r < 0.0008:
            tags.append(("community_correction", since(2, add_years(birth, 18))))
        elif 20 <= age <= 70 and r < 0.0018:
            tags.append(("released_prisoner", since(5, add_years(birth, 18))))
        if 18 <= age <= 75 and rng.random() < 0.07:
            tags.append(("volunteer", since(8, add_years(birth, 18))))
        return tags

    def _tags(self, rows, person: dict) -> None:
        for code, valid_from in person["tags"]:
            tag_id = self.tag_ids.get(code)
            if tag_id is None:  # the deployment retired this tag
                continue
            rows["people.persontag"].append(
                (
                    self._take("people.persontag"),
                    person["id"],
                    tag_id,
                    valid_from.isoformat(),
                    None,
                    "",
                )
            )

    def _residences(self, rng: random.Random, rows, households: list[dict]) -> None:
        """One open residence per person; floating ones with landlord, employer and permit
        (以房管人、以业管人、以证管人, R-PPL-2). Landlords are registered residents of the
        same community, or named only."""
        landlords = [
            h["people"][0]["id"]
            for h in households
            if not h["floating"] and 30 <= h["people"][0]["age"] <= 80
        ]
        s, as_of = self.stamp, self.as_of
        out = rows["people.residence"]
        for household in households:
            landlord_id, landlord_name = None, ""
            if household["floating"]:
                if landlords and rng.random() < 0.65:
                    landlord_id = rng.choice(landlords)
                else:
                    landlord_name = self._full_name(rng, _SURNAME(rng), rng.choice("MF"), 1965)
            for p in household["people"]:
                kind = ResidenceKind.REGISTERED
                employer = permit = ""
                expires = None
                if p["floating"]:
                    kind = ResidenceKind.FLOATING
                    if 18 <= p["age"] <= 60 and rng.random() < 0.85:
                        employer = rng.choice(vocab.EMPLOYER_HEADS) + rng.choice(
                            vocab.EMPLOYER_TRADES
                        )
                    if p["age"] >= 16:
                        self._permit_seq += 1
                        issued = self._rand_date(
                            rng, max(p["started"], as_of - dt.timedelta(days=3 * 365)), as_of
                        )
                        permit = f"{vocab.DISTRICT_REGION}{issued.year}{self._permit_seq:07d}"
                        expires = add_years(issued, rng.choice((1, 1, 2, 3))).isoformat()
                out.append(
                    (
                        self._take("people.residence"), s, s, p["id"], p["flat_id"], kind,
                        p["started"].isoformat(), None, "",
                        landlord_id if p["floating"] else None,
                        landlord_name if p["floating"] else "",
                        employer, permit, expires,
                    )
                )  # fmt: skip

    def _grid_worker(self, rng, rows, grid_id: int, households: list[dict]) -> None:
        """A grid worker per grid (网格员, R-ORG-4): a working-age resident of the grid."""
        people = [p for h in households for p in h["people"]]
        candidates = [p for p in people if 28 <= p["age"] <= 55 and not p["floating"]]
        candidates = candidates or [p for p in people if p["age"] >= 18]
        if candidates:
            worker = rng.choice(candidates)
            started = self._rand_date(rng, self.as_of - dt.timedelta(days=6 * 365), self.as_of)
            rows["territory.noderesponsibility"].append(
                (
                    self._take("territory.noderesponsibility"),
                    grid_id,
                    Duty.GRID_WORKER,
                    worker["id"],
                    None,
                    started.isoformat(),
                    None,
                )
            )

    def _building_heads(self, rng, rows, buildings: dict[int, list[int]]) -> None:
        """A building head per building (楼栋长), a party member where one lives there
        (R-ORG-4: the building's party-group leader doubles as building head)."""
        by_id = {row[0]: row for row in rows["people.person"]}
        as_of = self.as_of
        for building_id, person_ids in buildings.items():
            adults = [pid for pid in person_ids if 40 <= _age(by_id[pid][7], as_of) <= 75] or [
                pid for pid in person_ids if _age(by_id[pid][7], as_of) >= 18
            ]
            if not adults:
                continue
            members = [pid for pid in adults if by_id[pid][9] == PoliticalStatus.PARTY_MEMBER]
            head = rng.choice(members if members and rng.random() < 0.7 else adults)
            started = self._rand_date(rng, as_of - dt.timedelta(days=10 * 365), as_of)
            rows["territory.noderesponsibility"].append(
                (
                    self._take("territory.noderesponsibility"),
                    building_id,
                    Duty.BUILDING_HEAD,
                    head,
                    None,
                    started.isoformat(),
                    None,
                )
            )


def _age(birth_iso: str, as_of: dt.date) -> int:
    year, month, day = int(birth_iso[:4]), int(birth_iso[5:7]), int(birth_iso[8:10])
    return as_of.year - year - ((as_of.month, as_of.day) < (month, day))


def _split(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder)."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    parts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts
