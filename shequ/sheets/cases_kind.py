"""Residents' requests brought in from another system as a sheet (R-CASE-1: a hotline's or an
old platform's export, .xlsx or GBK CSV): the same reader, column mapping, batches, progress
and error report as the registers' sheets, and each row recorded through the cases' own
import service with the times it carries (``shequ.cases.imports``).

A row is found again by its number in the other system (ImportedNumber): importing the same
file twice changes nothing, and a later export in which a case has moved on takes it further
along the same steps. A row is rejected with what is wrong, by column; the others go in."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.accounts.roles import RECORD_CASE
from shequ.cases import routing
from shequ.cases.choices import FINAL_STATUSES, CaseStatus, Channel, Rating
from shequ.cases.imports import (
    PastStep,
    case_import,
    case_import_steps,
    statuses_between,
)
from shequ.cases.models import Case, CaseCategory, CaseEvent, Handler
from shequ.core.scope import ancestor_paths, subtree_q
from shequ.territory.choices import KIND_ORDER, NodeKind
from shequ.territory.models import Node

from . import cleaning
from .addresses import level_key
from .choices import SheetKind
from .columns import ADDRESS_FIELDS, Column, kind_register
from .importing import KIND_HANDLERS, Row
from .models import ImportedNumber

NUMBER_MAX = ImportedNumber._meta.get_field("number").max_length

COLUMNS = (
    Column(
        "external_number",
        "外部编号",
        ("编号", "工单编号", "工单号", "原编号", "诉求编号", "案件编号", "原工单编号"),
        gettext_lazy("Number in the other system"),
    ),
    Column(
        "channel",
        "渠道",
        ("来源", "诉求来源", "来源渠道", "反映渠道", "诉求渠道", "工单来源"),
        gettext_lazy("Channel"),
    ),
    Column(
        "category",
        "分类",
        ("诉求分类", "问题分类", "诉求类别", "问题类型", "诉求类型", "类别", "事项分类"),
        gettext_lazy("Category"),
    ),
    Column("title", "标题", ("诉求标题", "工单标题", "主题", "摘要"), gettext_lazy("Summary")),
    Column(
        "description",
        "内容",
        ("诉求内容", "来电内容", "反映内容", "问题描述", "详细内容", "工单内容"),
        gettext_lazy("Description"),
    ),
    Column(
        "place",
        "地址",
        ("事发地址", "诉求地址", "发生地址", "事发地点", "问题地址", "详细地址"),
        gettext_lazy("Place in words"),
    ),
    Column(
        "node_code", "区域编码", ("网格编码", "区划代码", "地址编码"), gettext_lazy("Area code")
    ),
    Column(
        "requester_name",
        "诉求人",
        ("来电人", "反映人", "诉求人姓名", "来电人姓名", "联系人"),
        gettext_lazy("Requester"),
    ),
    Column(
        "wants_reply",
        "是否需要回复",
        ("是否回复", "需要回复", "是否需回复", "需回复", "是否回访"),
        gettext_lazy("Wants a reply"),
    ),
    Column(
        "received_at",
        "登记时间",
        ("来电时间", "诉求时间", "反映时间", "创建时间", "提交时间", "登记日期时间"),
        gettext_lazy("Received"),
    ),
    Column(
        "case_status",
        "状态",
        ("办理状态", "工单状态", "处理状态", "诉求状态", "当前状态"),
        gettext_lazy("Status"),
    ),
    Column(
        "handler",
        "承办单位",
        ("处理单位", "办理单位", "责任单位", "承办部门", "主办单位"),
        gettext_lazy("Handler"),
    ),
    Column("accepted_at", "受理时间", ("受理日期",), gettext_lazy("Accepted")),
    Column(
        "reply",
        "答复",
        ("答复内容", "回复内容", "办理结果", "处理结果", "答复意见", "回复"),
        gettext_lazy("Reply"),
    ),
    Column("replied_at", "答复时间", ("回复时间", "反馈时间"), gettext_lazy("Replied")),
    Column(
        "rating",
        "评价",
        ("满意度", "回访满意度", "评价结果", "群众评价", "满意度评价"),
        gettext_lazy("Rating"),
    ),
    Column("solved", "是否解决", ("问题是否解决", "解决情况"), gettext_lazy("Solved")),
    Column("rated_at", "评价时间", ("回访时间",), gettext_lazy("Rated")),
    Column("closed_at", "办结时间", ("结案时间", "关闭时间", "完成时间"), gettext_lazy("Closed")),
)

TEMPLATE_FIELDS = (
    "external_number", "channel", "category", "title", "description", "subdistrict",
    "community", "grid", "place", "requester_name", "phone", "wants_reply", "received_at",
    "case_status", "handler", "accepted_at", "reply", "replied_at", "rating", "solved",
    "rated_at", "closed_at",
)  # fmt: skip
FIELDS = (*TEMPLATE_FIELDS, "node_code", *ADDRESS_FIELDS[3:])

kind_register(
    SheetKind.CASES,
    COLUMNS,
    fields=FIELDS,
    template=TEMPLATE_FIELDS,
    required=(("external_number",), ("description", "title"), ("received_at",)),
    headings={"来电号码": "phone", "诉求人电话": "phone", "联系号码": "phone"},
)

# --------------------------------------------------------------------------- words of cells


def _vocabulary(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    words = {}
    for value, synonyms in table.items():
        for word in (value, *synonyms):
            words[cleaning.text(word).lower().replace(" ", "")] = value
    return words


_CHANNELS = _vocabulary(
    {
        Channel.HOTLINE: ("热线", "12345", "12345热线", "电话", "来电", "热线电话", "市民热线"),
        Channel.WEB: ("网站", "网上", "网络", "门户网站", "app", "小程序", "网页", "手机"),
        Channel.WALK_IN: ("窗口", "来访", "大厅", "服务大厅", "现场", "走访", "上门"),
        Channel.RECEPTION: ("接待室", "代表接待", "人大代表", "党代表", "代表联络站"),
        Channel.GRID_ROUND: ("网格", "巡查", "网格员", "网格巡查", "网格员巡查", "排查"),
        Channel.COUNCIL: ("议事会", "居民议事会", "协商", "议事"),
        Channel.MAILBOX: ("信箱", "来信", "书记信箱", "区长信箱", "信件", "邮件"),
        Channel.SOCIAL: ("微信", "qq", "微博", "公众号", "微信群", "新媒体"),
        Channel.IMPORT: ("导入", "其他", "其它"),
    }
)
_STATUSES = _vocabulary(
    {
        CaseStatus.RECEIVED: ("已登记", "登记", "待受理", "新建", "未受理", "待处理"),
        CaseStatus.ACCEPTED: ("已受理", "受理", "待派单", "待分派", "待交办"),
        CaseStatus.ASSIGNED: ("已派单", "已分派", "已交办", "派单", "交办", "待办理", "已转办"),
        CaseStatus.IN_PROGRESS: ("办理中", "处理中", "正在办理", "承办中", "在办", "已签收"),
        CaseStatus.POSTPONED: ("延期", "已延期", "挂账", "延期办理", "挂账办理"),
        CaseStatus.REPLIED: ("已答复", "已回复", "待评价", "待回访", "已反馈"),
        CaseStatus.RATED: ("已评价", "已回访", "待结案"),
        CaseStatus.CLOSED: ("已办结", "办结", "已结案", "结案", "已关闭", "关闭", "已完成", "完成"),
        CaseStatus.REJECTED: ("不予受理", "退件", "已退回", "非本辖区", "不属于本辖区", "驳回"),
        CaseStatus.DUPLICATE: ("重复件", "重复", "重复诉求"),
        CaseStatus.MERGED: ("已合并", "合并"),
    }
)
_RATINGS = _vocabulary(
    {
        Rating.SATISFIED: ("满意", "非常满意", "很满意", "十分满意"),
        Rating.BASICALLY: ("基本满意", "比较满意", "一般"),
        Rating.UNSATISFIED: ("不满意", "非常不满意", "很不满意"),
    }
)
_YES = {"是", "需要", "需", "要", "y", "yes", "true", "1", "√", "✓", "已解决", "解决", "回复"}
_NO = {"否", "不需要", "不需", "不要", "n", "no", "false", "0", "×", "✗", "未解决", "不回复"}
_NO |= {"没有解决", "部分解决", "未能解决"}
_SEPARATORS = re.compile(r"\s*[/／>＞›»\\|]\s*")
_TIME = re.compile(
    r"(?P<date>.+?)[\sT]*(?P<h>\d{1,2})[:：时点](?P<m>\d{1,2})"
    r"(?:[:：分](?P<s>\d{1,2})(?:\.\d+)?秒?)?分?"
)


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def prose(value) -> str:
    """A cell of free text (summary, description, reply): stripped, its lines kept, and
    Chinese punctuation left as it is (NFKC would turn "，" into ",")."""
    if not isinstance(value, str):
        return cleaning.text(value)
    lines = (" ".join(line.split()) for line in value.translate(_INVISIBLE).splitlines())
    return "\n".join(line for line in lines if line)


def _word(value) -> str:
    return cleaning.text(value).lower().replace(" ", "")


def _choice(value, vocabulary: dict[str, str], message: str) -> str:
    word = _word(value)
    if not word:
        return ""
    if word in vocabulary:
        return vocabulary[word]
    raise cleaning.CleanError(message)


def clean_yes_no(value) -> bool | None:
    """Cell → True / False, or None when empty."""
    word = _word(value)
    if not word:
        return None
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise cleaning.CleanError(_("Write 是 or 否."))


def clean_moment(value) -> dt.datetime | None:
    """Cell → aware date and time (in the platform's time zone), or None when empty: a date
    and time cell, an Excel serial with its fraction of a day, or text such as
    2026-03-02 14:05, 2026/3/2 14:05:30 or 2026年3月2日 14时05分 (a date alone is midnight)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, float) and not value.is_integer() and value < 20_000_000:
        day = cleaning.date(float(int(value)))
        moment = dt.datetime.combine(day, dt.time()) + dt.timedelta(
            seconds=round((value % 1) * 86400)
        )
    else:
        text = cleaning.text(value)
        if not text:
            return None
        match = _TIME.fullmatch(text)
        if match is None:
            day = cleaning.date(value if not isinstance(value, str) else text)
            moment = dt.datetime.combine(day, dt.time())
        else:
            day = cleaning.date(match["date"].strip())
            try:
                clock = dt.time(int(match["h"]), int(match["m"]), int(match["s"] or 0))
            except ValueError:
                raise cleaning.CleanError(_("The time of day does not exist.")) from None
            moment = dt.datetime.combine(day, clock)
    if timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment)


def _compact(value) -> str:
    return re.sub(r"\s+", "", cleaning.text(value)).lower()


# --------------------------------------------------------------------------- lookups


class Categories:
    """Categories by code, by name, and by a path of names ("市容环境/垃圾清运")."""

    def __init__(self):
        rows = list(CaseCategory.objects.values_list("id", "parent_id", "code", "name"))
        parent = {pk: parent_id for pk, parent_id, _code, _name in rows}
        words = {pk: (_compact(code), _compact(name)) for pk, _p, code, name in rows}
        self.by_id = {}
        self.paths: dict[int, list[tuple[str, str]]] = {}
        for pk, *_rest in rows:
            chain, seen, at = [], set(), pk
            while at is not None and at not in seen:  # leaf first
                seen.add(at)
                chain.append(words[at])
                at = parent.get(at)
            self.paths[pk] = chain
        self.by_code = {words[pk][0]: pk for pk in words}
        self._objects: dict[int, CaseCategory] = {}

    def find(self, value) -> CaseCategory | None:
        text = cleaning.text(value)
        if not text:
            return None
        parts = [_compact(p) for p in _SEPARATORS.split(text) if p.strip()]
        if len(parts) == 1 and parts[0] in self.by_code:
            return self._object(self.by_code[parts[0]])
        wanted = list(reversed(parts))  # leaf first, as the chains are
        hits = [
            pk
            for pk, chain in self.paths.items()
            if len(chain) >= len(wanted) and all(word in chain[i] for i, word in enumerate(wanted))
        ]
        if len(hits) > 1:
            raise cleaning.CleanError(
                _("More than one category has this name: give its code or its path, such as %(e)s.")
                % {"e": "市容环境/垃圾清运"}
            )
        if not hits:
            raise cleaning.CleanError(_("No category has this name or code."))
        return self._object(hits[0])

    def _object(self, pk: int) -> CaseCategory:
        if pk not in self._objects:
            self._objects[pk] = CaseCategory.objects.select_related("parent").get(pk=pk)
        return self._objects[pk]


class Places:
    """The nodes of the import's area found by codes, names and paths of names, the levels
    a row leaves out skipped (a grid named without its community, when its name is unique)."""

    def __init__(self, area: Node, nodes: dict[str, tuple[int, str, str]]):
        self.area = area
        self.nodes = nodes  # path → (id, kind, name): the area's subtree and ancestors
        self._by_name: dict[tuple[str, str], list[str]] | None = None
        self.codes: dict[str, str] = {}  # code → path, filled per batch

    def _index(self) -> dict[tuple[str, str], list[str]]:
        if self._by_name is None:
            index: dict[tuple[str, str], list[str]] = {}
            for path, (_id, kind, name) in self.nodes.items():
                if len(path) > len(self.area.path):
                    index.setdefault((kind, level_key(kind, name)), []).append(path)
            self._by_name = index
        return self._by_name

    def load_codes(self, codes) -> None:
        wanted = {c for c in codes if c and c not in self.codes}
        if wanted:
            self.codes.update(
                Node.objects.filter(subtree_q("path", self.area.path), code__in=wanted)
                .values_list("code", "path")
                .order_by()
            )

    def below(self, path: str, word: str, kind_hint: str | None) -> str:
        """The one node named ``word`` (or coded so) strictly under ``path``."""
        if word in self.codes and self.codes[word].startswith(path) and self.codes[word] != path:
            return self.codes[word]
        index = self._index()
        kinds = [kind_hint] if kind_hint else KIND_ORDER
        for attempt in (kinds, KIND_ORDER) if kind_hint else (kinds,):
            hits = {
                p
                for kind in attempt
                for p in index.get((kind, level_key(kind, word)), ())
                if p.startswith(path) and p != path
            }
            if len(hits) == 1:
                return hits.pop()
            if len(hits) > 1:
                raise cleaning.CleanError(
                    _(
                        "More than one place in the area has this name: add the community, "
                        "or give the path, such as %(e)s."
                    )
                    % {"e": "东一社区/第1网格"}
                )
        raise cleaning.CleanError(_("No place of this name or code in the area of the import."))


# --------------------------------------------------------------------------- the rows

_INTAKE = (CaseStatus.ACCEPTED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS, CaseStatus.POSTPONED)
_RANK = {s: i for i, s in enumerate(
    (CaseStatus.RECEIVED, CaseStatus.ACCEPTED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS,
     CaseStatus.REPLIED, CaseStatus.RATED, CaseStatus.CLOSED)
)} | {CaseStatus.POSTPONED: 3} | dict.fromkeys(FINAL_STATUSES, 6)  # fmt: skip
# the time column of a step, where the sheet has one
_TIME_OF = {
    CaseStatus.ACCEPTED: "accepted_at",
    CaseStatus.REPLIED: "replied_at",
    CaseStatus.RATED: "rated_at",
    CaseStatus.CLOSED: "closed_at",
    CaseStatus.REJECTED: "closed_at",
    CaseStatus.DUPLICATE: "closed_at",
    CaseStatus.MERGED: "closed_at",
}
_TIMES = ("received_at", "accepted_at", "replied_at", "rated_at", "closed_at")
# the service's field → the sheet's column
_FIELD_COLUMN = {
    "channel": "channel",
    "description": "description",
    "requester_phone": "phone",
    "received_at": "received_at",
    "category": "category",
    "handler": "handler",
    "reply": "reply",
    "rating": "rating",
    "solved": "solved",
    "status": "case_status",
    "duplicate_of": "case_status",
    "at": "case_status",
}


class CaseRows:
    """Cleans and records one batch of a requests sheet at a time (KIND_HANDLERS)."""

    def __init__(self, importer):
        self.importer = importer
        self.job = importer.job
        self.user = importer.user
        self.headings = importer.headings
        self.area = importer.area
        self.places = Places(self.area, importer.addresses.nodes)
        self.categories = Categories()
        self.handlers = self._handlers()
        self.routed: dict[tuple, Handler | None] = {}
        self.seen: dict[str, int] = {}  # external number → first row carrying it
        self.now = timezone.now()

    def _handlers(self) -> dict[str, list[Handler]]:
        """Active handlers working inside the area or above it, by name."""
        found: dict[str, list[Handler]] = {}
        rows = Handler.objects.filter(is_active=True).filter(
            subtree_q("node__path", self.area.path)
            | Q(node__path__in=ancestor_paths(self.area.path))
        )
        for handler in rows.select_related("node"):
            found.setdefault(_compact(handler.name), []).append(handler)
        return found

    def __call__(self, rows: list[Row], counts: dict) -> None:
        self.places.load_codes(
            code
            for row in rows
            for code in (
                cleaning.text(row.raw.get("node_code")),
                *(cleaning.text(row.raw.get(level)) for level in ADDRESS_FIELDS),
            )
        )
        for row in rows:
            self._clean(row)
        valid = [r for r in rows if not r.errors]
        known = dict(
            ImportedNumber.objects.filter(
                kind=SheetKind.CASES, number__in=[r.clean["number"] for r in valid]
            ).values_list("number", "object_id")
        )
        nodes = Node.objects.in_bulk({r.clean["node_id"] for r in valid})
        existing = Case.objects.select_related("node").in_bulk(
            [known[r.clean["number"]] for r in valid if r.clean["number"] in known]
        )
        records = []
        for row in valid:
            case = existing.get(known.get(row.clean["number"], 0))
            if row.clean["number"] in known:
                outcome = self._again(row, case)
            else:
                outcome = self._create(row, nodes[row.clean["node_id"]])
                if outcome is not None:
                    records.append(
                        ImportedNumber(
                            kind=SheetKind.CASES,
                            number=row.clean["number"],
                            object_id=outcome.pk,
                            job=self.job,
                        )
                    )
                    outcome = "created"
            if outcome:
                counts[outcome] += 1
        ImportedNumber.objects.bulk_create(records)

    # ----------------------------------------------------------------- cleaning

    def _fault(self, row: Row, key: str, message: str) -> None:
        row.fault(key, message, self.headings)

    def _clean(self, row: Row) -> None:
        raw, clean = row.raw, row.clean
        number = cleaning.text(raw.get("external_number"))
        if not number:
            self._fault(row, "external_number", _("Give the number the case has there."))
        elif len(number) > NUMBER_MAX:
            self._fault(
                row,
                "external_number",
                _("The number is longer than %(n)s characters.") % {"n": NUMBER_MAX},
            )
        else:
            first = self.seen.setdefault(number, row.number)
            if first != row.number:
                self._fault(
                    row, "external_number", _("The same number as row %(row)s.") % {"row": first}
                )
        clean["number"] = number
        clean["title"] = prose(raw.get("title"))
        clean["description"] = prose(raw.get("description")) or clean["title"]
        if not clean["description"]:
            self._fault(row, "description", _("Describe the request."))
        for key in ("place", "reply"):
            clean[key] = prose(raw.get(key))
        clean["requester_name"] = cleaning.text(raw.get("requester_name"))
        cleaners = {
            "channel": lambda v: _choice(
                v, _CHANNELS, _("The channel is not one we know (e.g. 热线, 网站, 窗口, 微信).")
            ),
            "case_status": lambda v: _choice(
                v, _STATUSES, _("The status is not one we know (e.g. 已受理, 办理中, 已办结).")
            ),
            "rating": lambda v: _choice(v, _RATINGS, _("Write 满意, 基本满意 or 不满意.")),
            "wants_reply": clean_yes_no,
            "solved": clean_yes_no,
            "phone": cleaning.phone,
            "category": self.categories.find,
            **dict.fromkeys(_TIMES, clean_moment),
        }
        failed = set()
        for key, clean_cell in cleaners.items():
            try:
                clean[key] = clean_cell(raw.get(key))
            except cleaning.CleanError as exc:
                self._fault(row, key, str(exc))
                clean[key] = None
                failed.add(key)
        if clean["received_at"] is None and "received_at" not in failed:
            self._fault(row, "received_at", _("Give the time the request was received."))
        self._place(row)
        if not row.errors:
            self._plan(row)

    def _place(self, row: Row) -> None:
        raw = row.raw
        path = self.area.path
        given = False
        try:
            code = cleaning.text(raw.get("node_code"))
            if code:
                given = True
                if code not in self.places.codes:
                    raise cleaning.CleanError(_("No place with this code in the area."))
                path = self.places.codes[code]
        except cleaning.CleanError as exc:
            self._fault(row, "node_code", str(exc))
            return
        for level in ADDRESS_FIELDS:
            value = cleaning.text(raw.get(level))
            if not value:
                continue
            given = True
            parts = [p for p in _SEPARATORS.split(value) if p]
            try:
                for part in parts:
                    hint = level if len(parts) == 1 else None
                    if path == self.area.path and self._names_area(part, hint):
                        continue  # the area itself or a level above it, as the sheet has it
                    path = self.places.below(path, part, hint)
            except cleaning.CleanError as exc:
                self._fault(row, level, str(exc))
                return
        if not given and self.area.kind not in (NodeKind.COMMUNITY, NodeKind.GRID):
            self._fault(
                row, "community", _("Give the community or grid of the case, or its area code.")
            )
            return
        row.clean["node_id"] = self.places.nodes[path][0]

    def _names_area(self, word: str, hint: str | None) -> bool:
        """Does ``word`` name the area or a node above it (a sheet of one community names
        its subdistrict and community on every row)?"""
        for path in ancestor_paths(self.area.path):
            _id, kind, name = self.places.nodes[path]
            if hint in (None, kind) and level_key(kind, name) == level_key(kind, word):
                return True
        return False

    def _plan(self, row: Row) -> None:
        """The status the row ends in, the statuses on the way, and what each step needs."""
        clean = row.clean
        status = clean["case_status"]
        if not status:
            # no status: a case answered there is done; one that is not was only received
            status = CaseStatus.CLOSED if clean["reply"] or clean["rating"] else CaseStatus.RECEIVED
        clean["status"] = status
        if status in (CaseStatus.DUPLICATE, CaseStatus.MERGED):
            self._fault(
                row,
                "case_status",
                _(
                    "A duplicate cannot be imported without the case it repeats: import it as "
                    "rejected, or leave it out."
                ),
            )
            return
        rated = bool(clean["rating"])
        way = statuses_between(CaseStatus.RECEIVED, status, rated=rated)
        clean["way"] = way
        if clean["rating"] and CaseStatus.RATED not in way:
            self._fault(row, "rating", _("The case is rated but its status says it is not."))
        if CaseStatus.RATED in way and not rated:
            self._fault(row, "rating", _("Give the rating: the status says the case is rated."))
        if CaseStatus.ACCEPTED in way and clean["category"] is None:
            self._fault(row, "category", _("Give the category: the case has been accepted."))
        if CaseStatus.REPLIED in way and not clean["reply"]:
            self._fault(row, "reply", _("Give the reply: the case has been answered."))
        if clean["solved"] is None and rated:
            # not asked there: a satisfied requester is taken to have had his problem solved
            clean["solved"] = clean["rating"] != Rating.UNSATISFIED
        clean["handler"] = None
        if CaseStatus.ASSIGNED in way and not row.errors:
            clean["handler"] = self._handler(row)
        self._check_times(row, way)

    def _handler(self, row: Row) -> Handler | None:
        name = _compact(row.raw.get("handler"))
        if name:
            found = self.handlers.get(name, [])
            if len(found) == 1:
                return found[0]
            self._fault(
                row,
                "handler",
                _("More than one handler has this name.")
                if found
                else _("No handler of this name works in or above the area."),
            )
            return None
        key = (row.clean["category"].pk, row.clean["node_id"])
        if key not in self.routed:
            node = Node.objects.get(pk=row.clean["node_id"])
            self.routed[key] = routing.handler_for(category=row.clean["category"], node=node)
        if self.routed[key] is None:
            self._fault(
                row,
                "handler",
                _("Give the handler: the case has been assigned and no routing rule names one."),
            )
        return self.routed[key]

    def _check_times(self, row: Row, way: list[str]) -> None:
        clean = row.clean
        received = clean["received_at"]
        last_key, last = "received_at", received
        for key in _TIMES[1:]:
            moment = clean.get(key)
            if moment is None:
                continue
            if moment > self.now:
                self._fault(row, key, _("The time lies in the future."))
            elif moment < last:
                self._fault(
                    row,
                    key,
                    _("Earlier than the %(column)s.")
                    % {"column": self.headings.get(last_key) or _heading(last_key)},
                )
            else:
                last_key, last = key, moment
        if received > self.now:
            self._fault(row, "received_at", _("The time lies in the future."))

    # ----------------------------------------------------------------- steps

    def _steps(self, row: Row, way: list[str], start: dt.datetime) -> list[PastStep]:
        """One step per status on the way, each at its time: its own column's, else (taking
        it in) the time of the step before, else (answering) the time of the next answer
        step that has one, else the step before's."""
        clean = row.clean
        times: list[dt.datetime | None] = [
            clean.get(_TIME_OF[s]) if s in _TIME_OF else None for s in way
        ]
        later = None
        for i in range(len(way) - 1, -1, -1):
            if times[i] is not None:
                later = times[i]
            elif way[i] not in _INTAKE:
                times[i] = later
        previous = start
        for i in range(len(way)):
            if times[i] is None or times[i] < previous:
                times[i] = previous
            previous = times[i]
        steps = []
        for status, at in zip(way, times, strict=True):
            steps.append(
                PastStep(
                    to=status,
                    at=at,
                    actor=self.user,
                    handler=clean["handler"] if status == CaseStatus.ASSIGNED else None,
                    category=clean["category"] if status == CaseStatus.ACCEPTED else None,
                    reply=clean["reply"] if status == CaseStatus.REPLIED else "",
                    rating=(clean["rating"] or "") if status == CaseStatus.RATED else "",
                    solved=clean["solved"] if status == CaseStatus.RATED else None,
                    note=clean["reply"] if status == CaseStatus.REJECTED else "",
                )
            )
        return steps

    def _service_errors(self, row: Row, exc: ValidationError) -> None:
        for field, messages in exc.message_dict.items():
            for message in messages:
                self._fault(row, _FIELD_COLUMN.get(field, "external_number"), message)

    def _create(self, row: Row, node: Node) -> Case | None:
        clean = row.clean
        try:
            with transaction.atomic():
                return case_import(
                    actor=self.user,
                    channel=clean["channel"] or Channel.IMPORT,
                    title=clean["title"],
                    description=clean["description"],
                    node=node,
                    category=clean["category"],
                    place=clean["place"],
                    requester_name=clean["requester_name"],
                    requester_phone=clean["phone"] or "",
                    wants_reply=clean["wants_reply"] is not False,
                    received_at=clean["received_at"],
                    steps=self._steps(row, clean["way"], clean["received_at"]),
                    submit_data={"external_number": clean["number"], "import": self.job.pk},
                    event_data={"imported": True},
                    now=self.now,
                )
        except ValidationError as exc:
            self._service_errors(row, exc)
        except PermissionDenied as exc:
            self._fault(row, "community", str(exc))
        return None

    def _again(self, row: Row, case: Case | None) -> str:
        """A number imported before: unchanged, or taken further when it moved on there."""
        if case is None or not case.node.path.startswith(self.area.path):
            self._fault(
                row, "external_number", _("A case with this number was imported into another area.")
            )
            return ""
        if self.user is not None and not self.user.has_perm(RECORD_CASE, case):
            self._fault(row, "community", _("You may not record requests here."))
            return ""
        target = row.clean["status"]
        way = statuses_between(case.status, target, rated=bool(row.clean["rating"]))
        if not way:
            if way is None and _RANK[target] > _RANK[case.status]:
                self._fault(
                    row,
                    "case_status",
                    _("The case has gone another way here: it is %(status)s.")
                    % {"status": CaseStatus(case.status).label},
                )
                return ""
            return "unchanged"
        last = (
            CaseEvent.objects.filter(case=case).order_by("-at").values_list("at", flat=True).first()
        )
        try:
            with transaction.atomic():
                case_import_steps(
                    case=case,
                    steps=self._steps(row, way, max(filter(None, (last, case.received_at)))),
                    event_data={"imported": True, "import": self.job.pk},
                    now=self.now,
                )
        except ValidationError as exc:
            self._service_errors(row, exc)
            return ""
        return "updated"


def _heading(key: str) -> str:
    return next(c.header for c in COLUMNS if c.key == key)


KIND_HANDLERS[SheetKind.CASES] = CaseRows
