"""Fill the Simplified Chinese catalogue from the translations kept below.

Run after `shequ makemessages -l zh_Hans …`, then `shequ compilemessages -l zh_Hans`:

    .venv/bin/python locale/translate.py           # fill locale/zh_Hans/LC_MESSAGES/django.po
    .venv/bin/python locale/translate.py --check   # only report, write nothing

Every msgid found in TRANSLATIONS gets its msgstr and loses its `fuzzy` flag; a msgid not
found keeps whatever the file has and is listed, and the exit status is 1 while any entry is
untranslated or fuzzy. Placeholders (%(name)s, %s, {name}) and HTML tags must be the same in
msgid and msgstr, or the script stops. Pure Python: no polib, no gettext tools needed.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

PO = Path(__file__).resolve().parent / "zh_Hans" / "LC_MESSAGES" / "django.po"

# msgid → msgstr. A msgid with a context is keyed "context\x04msgid"; a plural entry takes
# a str (Chinese has one form: msgstr[0]).
TRANSLATIONS: dict[str, str] = {
    # — accounts —
    "Wrong username or password, or the account is locked.": "用户名或密码错误，或账号已被锁定。",
    "Wrong username or password.": "用户名或密码错误。",
    "Change your password before going on.": "请先修改密码再继续操作。",
    "Accounts": "账号管理",
    "Username": "用户名",
    "Password": "密码",
    "Too many failed attempts: the account is locked until %(t)s.": (
        "登录失败次数过多，账号已锁定至 %(t)s。"
    ),
    "display name": "显示名称",
    "must change password": "须修改密码",
    "failed logins": "登录失败次数",
    "locked until": "锁定至",
    "person": "居民",
    "user": "用户",
    "role": "角色",
    "node": "辖区节点",
    "from": "起始日期",
    "to": "截止日期",
    "granted by": "授予人",
    "role assignment": "角色任职",
    "role assignments": "角色任职",
    "The password must mix at least %(n)d of: lowercase letters, uppercase letters, digits, "
    "symbols.": "密码须至少包含以下四类字符中的 %(n)d 类：小写字母、大写字母、数字、符号。",
    "Use at least %(n)d of: lowercase, uppercase, digits, symbols.": (
        "请至少使用以下四类字符中的 %(n)d 类：小写字母、大写字母、数字、符号。"
    ),
    "District administrator": "区级管理员",
    "Subdistrict administrator": "街道管理员",
    "Community secretary": "社区书记",
    "Community worker": "社区工作者",
    "Grid worker": "网格员",
    "Party member": "党员",
    "Resident": "居民",
    "Unit contact": "驻区单位联系人",
    "Auditor": "审计员",
    "Log in": "登录",
    "Shequ": "社区党建与治理平台",
    "choose %(scales)s": "请选择 %(scales)s",
    "The territory is not empty: the demo district is not generated.": "辖区已有数据：不再生成演示城区。",
    "Generating the demo district: scale %(scale)s, seed %(seed)s.": "正在生成演示城区：规模 %(scale)s，随机种子 %(seed)s。",
    "Loaded %(persons)s persons (%(rows)s rows) in %(seconds).1f s: %(counts)s.": "已载入 %(persons)s 名居民（%(rows)s 行），用时 %(seconds).1f 秒：%(counts)s。",
    "No demo logins in this database.": "此数据库中没有演示账号。",
    "Demo logins (password %(password)s):": "演示账号（密码 %(password)s）：",
    "login": "账号",
    "scope": "管辖范围",
    "The territory already has nodes: the demo loads into an empty one.": "辖区已有节点：演示数据只能载入空的辖区。",
    "Demo logins already exist: %(logins)s.": "演示账号已存在：%(logins)s。",
    "The generator process ended unexpectedly.": "生成进程意外结束。",
    "previous parent": "原上级",
    "new parent": "新上级",
    "full name": "姓名",
    "residence kind": "人口类型",
    "Community party-building and governance": "社区党建与治理平台",
    "Log in to your account": "账号登录",
    "Change password": "修改密码",
    "Choose a new password before you continue.": "请先设置新密码再继续。",
    "Save": "保存",
    "Your password has been changed.": "密码已修改。",
    # — core: API, audit trail, personal data —
    "The token has expired; ask for a new one.": "令牌已过期，请重新申请。",
    "The account is locked.": "账号已被锁定。",
    "Your roles do not allow this.": "您的角色无权执行此操作。",
    "You may not do this here.": "您无权在此执行此操作。",
    "The request has invalid fields.": "请求中有无效字段。",
    "object type": "对象类型",
    "object id": "对象 ID",
    "actor": "操作人",
    "action": "操作",
    "time": "时间",
    "at_after / at_before, ISO 8601": "at_after / at_before，ISO 8601 格式",
    "Create": "新增",
    "Update": "修改",
    "Delete": "删除",
    "Login": "登录",
    "Login failed": "登录失败",
    "Account locked": "账号锁定",
    "Logout": "退出登录",
    "Password changed": "修改密码",
    "Role granted": "授予角色",
    "Role revoked": "撤销角色",
    "Personal data unmasked": "查看完整个人信息",
    "Export": "导出",
    "actor id": "操作人 ID",
    "IP address": "IP 地址",
    "object": "对象",
    "territory path": "辖区路径",
    "field": "字段",
    "reason": "事由",
    "changes": "变更内容",
    "rows": "行数",
    "audit event": "审计记录",
    "audit events": "审计记录",
    "created": "创建时间",
    "updated": "更新时间",
    "The 15-digit ID number has an impossible birth date.": "15 位身份证号中的出生日期无效。",
    "An ID number has 18 characters: 17 digits and a digit or X.": (
        "身份证号应为 18 位：前 17 位为数字，最后一位为数字或 X。"
    ),
    "The ID number holds an impossible birth date.": "身份证号中的出生日期无效。",
    "The ID number's check digit is wrong.": "身份证号校验位错误。",
    "Enter a phone number.": "请输入联系电话。",
    "This is not a phone number.": "这不是有效的电话号码。",
    "This is not a valid mobile or landline number in China.": (
        "这不是有效的中国大陆手机号码或固定电话号码。"
    ),
    "Audit trail": "审计日志",
    "Search": "搜索",
    "Clear": "清除",
    "Time": "时间",
    "Actor": "操作人",
    "Action": "操作",
    "Object": "对象",
    "Person": "居民",
    "Field": "字段",
    "Reason": "事由",
    "Changes": "变更内容",
    "No audit event matches.": "没有符合条件的审计记录。",
    "Home": "首页",
    "Overview": "概览",
    "No area has been assigned to you yet.": "尚未为您分配辖区。",
    "Ask your administrator to give you a role on a subdistrict, community or grid.": (
        "请联系管理员为您分配街道、社区或网格的角色。"
    ),
    "First page": "第一页",
    "Previous": "上一页",
    "Next": "下一页",
    "Person id": "居民编号",
    "Object type": "对象类型",
    "Object id": "对象 ID",
    "Any": "不限",
    "From": "起始日期",
    "To": "截止日期",
    "The end date is before the start date.": "截止日期早于起始日期。",
    "You may not read the audit trail.": "您无权查看审计日志。",
    # — people: registry —
    "This person is not a member of this household.": "该居民不是本户成员。",
    "People": "人口管理",
    "Male": "男",
    "Female": "女",
    "Registered (hukou)": "户籍人口",
    "Floating": "流动人口",
    "Living here": "在住",
    "Moved out": "迁出",
    "Deceased": "死亡",
    "Moved within the district": "区内迁居",
    "Head": "户主",
    "Spouse": "配偶",
    "Child": "子女",
    "Parent": "父母",
    "Grandchild": "（外）孙子女",
    "Grandparent": "（外）祖父母",
    "Sibling": "兄弟姐妹",
    "Child-in-law": "儿媳/女婿",
    "Other": "其他",
    "Masses": "群众",
    "CPC member": "中共党员",
    "Probationary CPC member": "中共预备党员",
    "Youth League member": "共青团员",
    "Member of another party": "民主党派成员",
    "search": "搜索",
    "Name, pinyin, initials, last four of the ID number, full ID or phone.": (
        "姓名、拼音、拼音首字母、身份证号后四位、完整身份证号或联系电话。"
    ),
    "tag": "人员类别",
    "residence": "人口类型",
    "status": "状态",
    "address": "住址",
    "household number": "户号",
    "current": "当前有效",
    "Name": "姓名",
    "Birth date": "出生日期",
    "Newest": "最新登记",
    "Name, pinyin, ID or phone": "姓名、拼音、身份证号或联系电话",
    "Group": "人员类别",
    "Residence": "人口类型",
    "Status": "状态",
    "Sort by": "排序方式",
    "ID number": "身份证号",
    "Phone": "联系电话",
    "Flat (code)": "房屋编码",
    "The code of the flat (房号).": "房屋的编码（房号）。",
    "Living here since": "入住日期",
    "Registered address": "户籍地址",
    "Landlord name": "房东姓名",
    "Employer": "工作单位",
    "Residence permit number": "居住证号码",
    "Residence permit expiry": "居住证有效期至",
    "Why do you need the full value?": "为什么需要查看完整信息？",
    "Person number": "居民编号",
    "The number shown on the person's page.": "居民详情页上显示的编号。",
    "Relation to head": "与户主关系",
    "name": "名称",
    "pinyin": "拼音",
    "initials": "拼音首字母",
    "sex": "性别",
    "birth date": "出生日期",
    "ethnicity": "民族",
    "political status": "政治面貌",
    "ID number (encrypted)": "身份证号（加密）",
    "ID number index": "身份证号索引",
    "phone (encrypted)": "联系电话（加密）",
    "phone index": "联系电话索引",
    "phone": "联系电话",
    "registered address (encrypted)": "户籍地址（加密）",
    "registered address": "户籍地址",
    "date of death": "死亡日期",
    "persons": "居民",
    "flat": "房屋",
    "end reason": "结束原因",
    "landlord": "房东",
    "landlord name": "房东姓名",
    "employer": "工作单位",
    "residence permit number": "居住证号码",
    "residence permit expiry": "居住证有效期至",
    "residences": "居住登记",
    "dissolved on": "注销日期",
    "household": "户",
    "households": "户",
    "relation to head": "与户主关系",
    "household member": "户成员",
    "household members": "户成员",
    "code": "编码",
    "English name": "英文名称",
    "sensitive": "敏感",
    "active": "有效",
    "order": "排序",
    "tags": "人员类别",
    "note": "备注",
    "person tag": "人员标签",
    "person tags": "人员标签",
    "The sex does not match the ID number.": "性别与身份证号不符。",
    "The birth date does not match the ID number (%(date)s).": (
        "出生日期与身份证号不符（身份证号中为 %(date)s）。"
    ),
    "A person with this ID number is already registered.": "已有居民使用此身份证号登记。",
    "Choose the flat where the person lives.": "请选择该居民居住的房屋。",
    "This address has been retired.": "该地址已撤销。",
    "An address must be a flat (房号).": "住址必须具体到房屋（房号）。",
    "Enter the person's name.": "请输入居民姓名。",
    "Enter the ID number.": "请输入身份证号。",
    "This field cannot be changed here.": "此处不能修改该字段。",
    "Choose why the residence ends.": "请选择居住结束的原因。",
    "This person has no current residence.": "该居民当前没有居住登记。",
    "The end date is before the residence began.": "截止日期早于入住日期。",
    "This person is recorded as deceased.": "该居民已登记为死亡。",
    "Choose the relation to the head.": "请选择与户主关系。",
    "This household already has a head.": "该户已有户主。",
    "This person already belongs to a household; remove him from it first.": (
        "该居民已属于其他户，请先将其从原户移出。"
    ),
    "This household already has a head, or the person already belongs to a household.": (
        "该户已有户主，或该居民已属于其他户。"
    ),
    "The person already carries this tag.": "该居民已标记为此人员类别。",
    "This field cannot be unmasked.": "该字段不能查看完整信息。",
    "State why you need to see this in full.": "请说明查看完整信息的事由。",
    "You may not see this person's data in full.": "您无权查看该居民的完整信息。",
    "Household": "户信息",
    "dissolved": "已注销",
    "Flat": "房屋",
    "Members": "成员",
    "Since": "加入日期",
    "No current member.": "当前没有成员。",
    "Former members": "原成员",
    "Add a member": "添加成员",
    "Add": "添加",
    "Shown in full; this view has been logged.": "已显示完整信息，本次查看已记录。",
    "Show in full": "查看完整信息",
    "Show": "查看",
    "Your name, the reason and the time are recorded.": "您的姓名、查看事由和时间将被记录。",
    "No.": "编号",
    "Sex": "性别",
    "Ethnicity": "民族",
    "Political status": "政治面貌",
    "Address": "住址",
    "Floating resident": "流动人口信息",
    "Landlord": "房东",
    "Groups": "人员类别",
    "None": "无",
    "Not in a household.": "尚未加入任何户。",
    "Residence history": "居住记录",
    "End reason": "结束原因",
    "Access log": "查看记录",
    "Full audit trail": "完整审计日志",
    "Who": "查看人",
    "Nobody has seen this person's data in full.": "尚无人查看过该居民的完整信息。",
    "Register a person": "登记居民",
    "Floating residents": "流动人口信息",
    "Only kept when the residence is floating.": "仅在人口类型为流动人口时保存。",
    "Register": "登记",
    "Cancel": "取消",
    "Residents": "居民",
    "Area": "辖区",
    "All my area": "我的全部辖区",
    "Age": "年龄",
    "No resident matches.": "没有符合条件的居民。",
    "Back": "返回",
    "No flat with this code in your area.": "您的辖区内没有此编码的房屋。",
    "%(name)s has been registered.": "已登记居民 %(name)s。",
    "No person with this number in your area.": "您的辖区内没有此编号的居民。",
    "%(name)s has joined the household.": "%(name)s 已加入本户。",
    # — pages and navigation —
    "Not allowed": "无权访问",
    "Your role does not allow this page or action. Ask your administrator if you need it.": (
        "您的角色无权访问此页面或执行此操作。如有需要，请联系管理员。"
    ),
    "Not found": "页面不存在",
    "This page does not exist or lies outside your area.": "此页面不存在，或不在您的辖区范围内。",
    "Server error": "服务器错误",
    "The error has been logged. Please try again later.": "错误已记录，请稍后再试。",
    "Menu": "菜单",
    "Language": "语言",
    "User menu": "用户菜单",
    "Log out": "退出登录",
    "Territory": "辖区",
    "Audit": "审计日志",
    # — territory —
    "Choose the children that move.": "请选择要移出的下级节点。",
    "District": "区",
    "Subdistrict": "街道",
    "Community": "社区",
    "Grid": "网格",
    "Compound": "小区",
    "Building": "楼栋",
    "Entrance": "单元",
    "Geographic (by streets and rivers)": "地缘型（按街道、河流划分）",
    "By compound": "单元型（按小区划分）",
    "Around a large employer": "单位型（依托大型单位）",
    "Mixed": "综合型",
    "Small": "小型",
    "Medium": "中型",
    "Large": "大型",
    "Grid party secretary": "网格党支部书记",
    "Building head": "楼栋长",
    "Compound manager": "小区负责人",
    "Entrance head": "单元长",
    "Created": "新建",
    "Renamed": "更名",
    "Moved": "调整隶属",
    "Split": "拆分",
    "Merged": "合并",
    "Retired": "撤销",
    "kind": "类型",
    "parent": "上级",
    "name or code": "名称或编码",
    "New name": "新名称",
    "New parent (code)": "新上级编码",
    "The code of the node to move this one under.": "本节点要调整到的上级节点的编码。",
    "Note": "备注",
    "community type": "社区类型",
    "territory node": "辖区节点",
    "territory nodes": "辖区节点",
    "duty": "职责",
    "person in charge": "负责人",
    "persons in charge": "负责人",
    "change": "变更类型",
    "related node": "关联节点",
    "old path": "原路径",
    "new path": "新路径",
    "old name": "原名称",
    "new name": "新名称",
    "territory change": "区划变更",
    "territory changes": "区划变更",
    "Only a district can be the root of the tree.": "只有区才能作为辖区树的根节点。",
    "A %(kind)s cannot be placed under a %(parent)s.": "%(kind)s不能设在%(parent)s之下。",
    "Enter a code.": "请输入编码。",
    "Another node already has this code.": "该编码已被其他节点使用。",
    "Enter a name.": "请输入名称。",
    "A node cannot be moved under itself or one of its own descendants.": (
        "节点不能调整到其自身或其下级节点之下。"
    ),
    "%(name)s is not a child of %(node)s.": "%(name)s不是%(node)s的直属下级。",
    "Split into %(name)s": "拆分出%(name)s",
    "A node cannot be merged into itself.": "节点不能与自身合并。",
    "Only nodes of the same kind can be merged.": "只能合并同一类型的节点。",
    "A node cannot be merged into its own descendant.": "节点不能并入其下级节点。",
    "Merged into %(name)s": "并入%(name)s",
    "Name the person in charge.": "请指定负责人。",
    "Households": "住户",
    "By area": "分辖区统计",
    "retired": "已撤销",
    "Residents, households and floating residents by area": "各辖区居民、住户和流动人口",
    "Groups by area": "各辖区人员类别",
    "Total": "合计",
    "Location in the tree": "所在位置",
    "Find a place by name or code": "按名称或编码查找地点",
    "Code": "编码",
    "Size": "规模",
    "Places matching “%(q)s”": "与“%(q)s”匹配的地点",
    "Nothing found.": "未找到结果。",
    "No household lives here.": "此处没有住户。",
    "Nobody lives here.": "此处没有居民居住。",
    "Persons in charge": "负责人",
    "since %(d)s": "自 %(d)s 起",
    "Nobody is in charge yet.": "尚未指定负责人。",
    "History": "变更历史",
    "Change": "变更",
    "Details": "详情",
    "By": "操作人",
    "No recorded change.": "暂无变更记录。",
    "Rename": "更名",
    "Move": "调整隶属",
    "Move with everything under it": "连同全部下级一并调整",
    "You may not change this node.": "您无权修改此节点。",
    "The node has been renamed.": "节点已更名。",
    "No node with this code in your area.": "您的辖区内没有此编码的节点。",
    "The node has been moved.": "节点隶属关系已调整。",
}

# Each area of the platform may keep its translations beside this file, in
# locale/strings/<area>.py as a dict named TRANSLATIONS.
for _module in sorted((Path(__file__).resolve().parent / "strings").glob("*.py")):
    _scope: dict = {}
    exec(compile(_module.read_text(encoding="utf-8"), str(_module), "exec"), _scope)  # noqa: S102
    TRANSLATIONS.update(_scope["TRANSLATIONS"])


HEADER = {
    "Project-Id-Version": "Shequ",
    "Last-Translator": "Shequ <shequ@localhost>",
    "Language-Team": "Simplified Chinese",
    "Language": "zh_Hans",
    "Content-Type": "text/plain; charset=UTF-8",
    "Plural-Forms": "nplurals=1; plural=0;",
}
HEADER_COMMENT = [
    "# Simplified Chinese catalogue of Shequ 社区.",
    "# Filled by locale/translate.py; edit the translations there, not here.",
    "#",
]

_PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[sdif]|%[sdif]|\{[A-Za-z_]\w*\}")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


# — a tiny .po reader/writer ——————————————————————————————————————————————————————


def unquote(line: str) -> str:
    """The text of one quoted .po string (the part between the outer quotes)."""
    body = line.strip()
    if not (body.startswith('"') and body.endswith('"')):
        raise ValueError(f"not a quoted string: {line!r}")
    body = body[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), body)


def quote(text: str) -> list[str]:
    """Quoted .po lines for ``text`` (split after each newline when there is more than one)."""
    esc = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    parts = esc.split("\n")
    pieces = [p + "\\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    if len(pieces) <= 1:
        return [f'"{pieces[0] if pieces else ""}"']
    return ['""'] + [f'"{p}"' for p in pieces]


class Entry:
    def __init__(self):
        self.comments: list[str] = []
        self.fields: list[list] = []  # [keyword, raw lines, text]

    def get(self, keyword: str) -> str | None:
        for kw, _raw, text in self.fields:
            if kw == keyword:
                return text
        return None

    @property
    def msgid(self) -> str | None:
        return self.get("msgid")

    @property
    def key(self) -> str:
        ctxt = self.get("msgctxt")
        return f"{ctxt}\x04{self.msgid}" if ctxt is not None else self.msgid

    @property
    def flags(self) -> list[str]:
        out = []
        for c in self.comments:
            if c.startswith("#,"):
                out += [f.strip() for f in c[2:].split(",") if f.strip()]
        return out

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def msgstrs(self) -> list[str]:
        return [text for kw, _raw, text in self.fields if kw.startswith("msgstr")]

    def unfuzzy(self) -> None:
        kept = []
        for c in self.comments:
            if c.startswith("#,"):
                flags = [f for f in self.flags if f != "fuzzy"]
                if flags:
                    kept.append("#, " + ", ".join(flags))
            elif c.startswith("#|"):
                continue  # the previous msgid of a fuzzy match
            else:
                kept.append(c)
        self.comments = kept

    def set_msgstr(self, text: str) -> None:
        for field in self.fields:
            if field[0].startswith("msgstr"):
                field[1] = None  # rewritten from text
                field[2] = text

    def lines(self) -> list[str]:
        out = list(self.comments)
        for kw, raw, text in self.fields:
            if raw is not None:
                out += raw
            else:
                q = quote(text)
                out += [f"{kw} {q[0]}", *q[1:]]
        return out


def parse(text: str) -> list[Entry]:
    entries: list[Entry] = []
    cur = Entry()

    def flush():
        nonlocal cur
        if cur.comments or cur.fields:
            entries.append(cur)
        cur = Entry()

    for line in text.splitlines():
        s = line.strip()
        if not s:
            flush()
        elif s.startswith("#"):
            if cur.fields:
                flush()
            cur.comments.append(line)
        elif s.startswith('"'):
            cur.fields[-1][1].append(line)
            cur.fields[-1][2] += unquote(s)
        else:
            keyword, _sp, rest = s.partition(" ")
            if keyword in ("msgctxt", "msgid") and cur.get("msgid") is not None:
                flush()
            cur.fields.append([keyword, [line], unquote(rest)])
    flush()
    return entries


def placeholders(text: str) -> Counter:
    return Counter(_PLACEHOLDER.findall(text))


def tags(text: str) -> Counter:
    return Counter(_TAG.findall(text))


# — filling ————————————————————————————————————————————————————————————————————————


def fill_header(entry: Entry) -> None:
    entry.comments = HEADER_COMMENT + [c for c in entry.comments if c.startswith("#,")]
    entry.unfuzzy()
    lines = [ln for ln in entry.get("msgstr").split("\n") if ln]
    seen = set()
    out = []
    for ln in lines:
        name, _c, value = ln.partition(":")
        if name in HEADER:
            value = " " + HEADER[name]
        elif name == "PO-Revision-Date" and "YEAR" in value:
            value = " " + datetime.now().astimezone().strftime("%Y-%m-%d %H:%M%z")
        seen.add(name)
        out.append(f"{name}:{value}")
    out += [f"{n}: {v}" for n, v in HEADER.items() if n not in seen]
    entry.set_msgstr("\n".join(out) + "\n")


def check_pair(msgid: str, msgstr: str) -> list[str]:
    problems = []
    if placeholders(msgid) != placeholders(msgstr):
        problems.append(f"placeholders differ: {msgid!r} → {msgstr!r}")
    if tags(msgid) != tags(msgstr):
        problems.append(f"HTML tags differ: {msgid!r} → {msgstr!r}")
    if not msgstr.strip():
        problems.append(f"empty translation: {msgid!r}")
    return problems


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    problems = [p for k, v in TRANSLATIONS.items() for p in check_pair(k.split("\x04")[-1], v)]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2

    entries = parse(PO.read_text(encoding="utf-8"))
    filled, missing, unused = 0, [], set(TRANSLATIONS)
    for entry in entries:
        if entry.msgid is None or entry.comments and entry.comments[0].startswith("#~"):
            continue
        if entry.msgid == "" and entry.get("msgctxt") is None:
            fill_header(entry)
            continue
        unused.discard(entry.key)
        if entry.key in TRANSLATIONS:
            entry.set_msgstr(TRANSLATIONS[entry.key])
            entry.unfuzzy()
            filled += 1
        elif entry.fuzzy or not all(entry.msgstrs()):
            missing.append(entry.key)

    if not check_only:
        PO.write_text("\n\n".join("\n".join(e.lines()) for e in entries) + "\n", encoding="utf-8")
    print(f"{PO}: {filled} entries filled, {len(missing)} untranslated or fuzzy.")
    for key in missing:
        print(f"  missing: {key!r}")
    if unused:
        print(f"{len(unused)} translations not used by the catalogue (msgid gone or changed):")
        for key in sorted(unused):
            print(f"  unused: {key!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
