"""Finding (and, when allowed, creating) the flat a sheet's row names, inside the area of an
import. Rows name flats by the words of their ancestors (小区, 楼栋, 单元, 房号 …), never by
code, and leave out the levels they do not need."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shequ.core.scope import ancestor_paths
from shequ.territory.choices import KIND_ORDER, NodeKind
from shequ.territory.models import Node

from . import cleaning
from .columns import ADDRESS_FIELDS

# The address columns of a sheet with the node kind each names (the field is the kind's value).
LEVEL_FIELDS = ADDRESS_FIELDS
LEVELS: tuple[tuple[str, str], ...] = tuple((f, NodeKind(f)) for f in ADDRESS_FIELDS)
STEP = 4  # treebeard steplen of territory.Node

_KEYERS = {
    "building": cleaning.building_key,
    "entrance": cleaning.entrance_key,
    "flat": cleaning.flat_key,
}

# 现住址 as free text: "…幸福小区3号楼2单元502室", "3栋502", "幸福苑 3幢 1单元 201".
_ADDRESS = re.compile(
    r"(?P<before>.*?)(?P<building>[0-9一二三四五六七八九十]+)(?:号楼|栋|幢|号|座)"
    r"(?:(?P<entrance>[0-9一二三四五六七八九十]+)单元)?"
    r"(?P<flat>[0-9]+)(?:室|号)?$"
)


@lru_cache(maxsize=65536)
def level_key(level: str, value) -> str:
    """The comparable form of one address word ("3号楼" and "3栋" are the same building)."""
    keyer = _KEYERS.get(level)
    text = keyer(value) if keyer else cleaning.text(value)
    return re.sub(r"\s+", "", text)


@dataclass
class Flat:
    id: int
    path: str
    words: dict[str, str]  # level → key of the ancestor's name ("" when the tree skips it)


@dataclass
class AddressIndex:
    """The active flats of an area, found by any combination of address words."""

    area: Node
    flats: list[Flat] = field(default_factory=list)
    nodes: dict[str, tuple[int, str, str]] = field(default_factory=dict)  # path → id, kind, name
    _by_mask: dict[tuple[str, ...], dict[tuple[str, ...], list[int]]] = field(default_factory=dict)
    _compounds: list[str] = field(default_factory=list)
    # (parent path, kind, name key) → path, built at the first creation
    _children: dict[tuple[str, str, str], str] | None = None

    @classmethod
    def load(cls, area: Node) -> AddressIndex:
        from shequ.core.scope import subtree_q

        index = cls(area=area)
        rows = (
            Node.objects.filter(subtree_q("path", area.path), is_active=True)
            .order_by("path")
            .values_list("id", "path", "kind", "name")
        )
        # the area's own ancestors name the levels above it
        for node in area.ancestors_and_self():
            index.nodes[node.path] = (node.id, node.kind, node.name)
        for node_id, path, kind, name in rows.iterator(chunk_size=5000):
            index.nodes[path] = (node_id, kind, name)
        for path, (node_id, kind, _name) in index.nodes.items():
            if kind == NodeKind.FLAT:
                index.flats.append(Flat(node_id, path, index._words_of(path)))
        index._compounds = sorted(
            {f.words["compound"] for f in index.flats if f.words["compound"]},
            key=len,
            reverse=True,
        )
        return index

    def _words_of(self, path: str) -> dict[str, str]:
        """The name keys of a node's ancestors by address level ("" where the tree skips one);
        a level's field is its node kind's value."""
        words = dict.fromkeys(LEVEL_FIELDS, "")
        for ancestor_path in ancestor_paths(path):
            ancestor = self.nodes.get(ancestor_path)
            if ancestor is not None and ancestor[1] in words:
                words[ancestor[1]] = level_key(ancestor[1], ancestor[2])
        return words

    def _add_flat(self, flat: Flat) -> None:
        """Append a created flat and file it in the lookup tables already built."""
        self.flats.append(flat)
        for mask, table in self._by_mask.items():
            table.setdefault(tuple(flat.words[level] for level in mask), []).append(
                len(self.flats) - 1
            )

    def _child(self, parent_path: str, kind: str, key: str) -> str | None:
        if self._children is None:
            self._children = {
                (path[:-STEP], k, level_key(k, name)): path
                for path, (_id, k, name) in self.nodes.items()
                if k in LEVEL_FIELDS
            }
        return self._children.get((parent_path, kind, key))

    def _lookup(self, given: dict[str, str]) -> list[int]:
        mask = tuple(level for level in LEVEL_FIELDS if given.get(level))
        table = self._by_mask.get(mask)
        if table is None:
            table = {}
            for i, flat in enumerate(self.flats):
                table.setdefault(tuple(flat.words[level] for level in mask), []).append(i)
            self._by_mask[mask] = table
        return table.get(tuple(given[level] for level in mask), [])

    def words_from_text(self, text: str) -> dict[str, str]:
        """Address words read from a free-text current address, or {} when it cannot be read."""
        compact = re.sub(r"\s+", "", cleaning.text(text))
        match = _ADDRESS.match(compact)
        if not match:
            return {}
        words = {
            "building": level_key("building", match["building"]),
            "flat": level_key("flat", match["flat"]),
        }
        if match["entrance"]:
            words["entrance"] = level_key("entrance", match["entrance"])
        before = match["before"]
        for name in self._compounds:  # longest first
            if before.endswith(name):
                words["compound"] = name
                break
        return words

    def find(self, raw: dict[str, object], current_address: str = "") -> tuple[Flat | None, str]:
        """The flat a row names, or (None, why not) with a message for the error report."""
        given = {level: level_key(level, raw[level]) for level in LEVEL_FIELDS if raw.get(level)}
        if not given.get("flat") and current_address:
            given = {**self.words_from_text(current_address), **given}
        if not given.get("flat"):
            return None, _("Give the flat (building and flat number) or the current address.")
        hits = self._lookup(given)
        if len(hits) == 1:
            return self.flats[hits[0]], ""
        if len(hits) > 1:
            return None, _(
                "More than one flat matches this address; add the grid, compound or entrance."
            )
        return None, _(
            "No flat in the area matches this address; check the building, entrance and flat, "
            "or allow creating missing flats."
        )

    def given_words(self, raw: dict[str, object]) -> dict[str, str]:
        return {level: cleaning.text(raw[level]) for level in LEVEL_FIELDS if raw.get(level)}

    def create(self, raw: dict[str, object], *, actor=None) -> Flat:
        """Create the missing nodes down to the flat a row names (the user allowed it). Grids,
        compounds, buildings, entrances and flats may be created; subdistricts and communities
        are set by the district and must exist."""
        from shequ.territory.services import node_create

        words = self.given_words(raw)
        if not words.get("building") or not words.get("flat"):
            raise ValidationError(_("Give at least the building and the flat number."))
        parent_path = self.area.path
        # walk down through the given levels, reusing nodes whose name keys match
        for level, kind in LEVELS:
            value = words.get(level)
            if not value:
                continue
            parent_kind = self.nodes[parent_path][1]
            if KIND_ORDER.index(kind) <= KIND_ORDER.index(parent_kind):
                continue  # a level at or above the area: checked by the lookup, not created
            key = level_key(level, value)
            child = self._child(parent_path, kind, key)
            if child is None:
                if kind in (NodeKind.SUBDISTRICT, NodeKind.COMMUNITY):
                    raise ValidationError(
                        _("The %(level)s named in the row does not exist in the area.")
                        % {"level": NodeKind(kind).label}
                    )
                parent = Node.objects.get(pk=self.nodes[parent_path][0])
                node = node_create(
                    parent=parent,
                    kind=kind,
                    code=_new_code(parent, kind),
                    name=_display_name(level, value),
                    actor=actor,
                )
                self.nodes[node.path] = (node.id, node.kind, node.name)
                self._children[(parent_path, kind, key)] = node.path
                child = node.path
            parent_path = child
        node_id, kind, _name = self.nodes[parent_path]
        if kind != NodeKind.FLAT:
            raise ValidationError(_("Give at least the building and the flat number."))
        flat = Flat(node_id, parent_path, self._words_of(parent_path))
        self._add_flat(flat)
        return flat


def _display_name(level: str, value: str) -> str:
    """How a created node is named: the demo's and most registers' forms (3号楼, 2单元, 502室)."""
    key = level_key(level, value)
    if level == "building" and key.isdigit():
        return f"{key}号楼"
    if level == "entrance" and key.isdigit():
        return f"{key}单元"
    if level == "flat" and key.isdigit():
        return f"{key}室"
    return value


def _new_code(parent: Node, kind: str) -> str:
    """A code unique in the tree for a node created by an import: the parent's code and a
    running number (codes are never reused; a clash takes the next number)."""
    n = Node.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count() + 1
    while True:
        code = f"{parent.code}-{n}"
        if not Node.objects.filter(code=code).exists():
            return code
        n += 1
