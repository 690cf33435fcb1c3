"""Simplified Chinese of requests brought in from another system (shequ/sheets/cases_kind.py,
shequ/cases/imports.py) and of the demo district's requests (shequ/cases/demo_district.py).

Terms as in cases.py: case = 诉求; handler = 承办单位; number in the other system = 外部编号.
"""

TRANSLATIONS = {
    # — shequ/sheets/models.py —
    "number in the other system": "外部编号",
    "record": "记录",
    "imported": "导入时间",
    "imported number": "已导入的外部编号",
    "imported numbers": "已导入的外部编号",
    # — shequ/sheets/cases_kind.py: columns —
    "Number in the other system": "外部编号",
    "Description": "内容",
    "Area code": "区域编码",
    "Wants a reply": "是否需要回复",
    "Solved": "是否解决",
    # — shequ/sheets/cases_kind.py: faults of a row —
    "Give the number the case has there.": "请填写该诉求在原系统中的编号。",
    "The number is longer than %(n)s characters.": "编号超过 %(n)s 个字符。",
    "The same number as row %(row)s.": "与第 %(row)s 行编号相同。",
    "The channel is not one we know (e.g. 热线, 网站, 窗口, 微信).": (
        "无法识别的渠道（如 热线、网站、窗口、微信）。"
    ),
    "The status is not one we know (e.g. 已受理, 办理中, 已办结).": (
        "无法识别的状态（如 已受理、办理中、已办结）。"
    ),
    "Write 满意, 基本满意 or 不满意.": "请填写 满意、基本满意 或 不满意。",
    "Write 是 or 否.": "请填写 是 或 否。",
    "The time of day does not exist.": "时间不存在。",
    "Give the time the request was received.": "请填写诉求的登记时间。",
    "More than one category has this name: give its code or its path, such as %(e)s.": (
        "有多个同名类别：请填写类别编码或完整路径，如 %(e)s。"
    ),
    "No category has this name or code.": "没有这个名称或编码的类别。",
    "More than one place in the area has this name: add the community, or give the path, "
    "such as %(e)s.": "导入范围内有多个同名地点：请补充社区，或填写完整路径，如 %(e)s。",
    "No place of this name or code in the area of the import.": (
        "导入范围内没有这个名称或编码的地点。"
    ),
    "No place with this code in the area.": "导入范围内没有这个编码的地点。",
    "Give the community or grid of the case, or its area code.": (
        "请填写诉求所在的社区或网格，或区域编码。"
    ),
    "A duplicate cannot be imported without the case it repeats: import it as rejected, or "
    "leave it out.": "重复件须指明所重复的诉求，无法导入：请按“不予受理”导入，或不导入该行。",
    "The case is rated but its status says it is not.": "已填写评价，但状态显示尚未评价。",
    "Give the rating: the status says the case is rated.": "请填写评价：状态显示已评价。",
    "Give the category: the case has been accepted.": "请填写分类：该诉求已受理。",
    "Give the reply: the case has been answered.": "请填写答复：该诉求已答复。",
    "More than one handler has this name.": "有多个同名承办单位。",
    "No handler of this name works in or above the area.": "导入范围内及其上级没有这个承办单位。",
    "Give the handler: the case has been assigned and no routing rule names one.": (
        "请填写承办单位：该诉求已派单，且没有分派规则可确定承办单位。"
    ),
    "The time lies in the future.": "时间晚于当前时间。",
    "Earlier than the %(column)s.": "早于“%(column)s”。",
    "A case with this number was imported into another area.": "该编号的诉求已导入到其他区域。",
    "The case has gone another way here: it is %(status)s.": (
        "该诉求在本平台已另行办理：当前为%(status)s。"
    ),
    # — shequ/cases/imports.py —
    "The steps' times must not go back in time.": "各环节的时间不能倒退。",
    "A step cannot lie in the future.": "办理环节的时间不能晚于当前时间。",
    "A request cannot be received in the future.": "登记时间不能晚于当前时间。",
    "You may not record requests here.": "您无权在此登记诉求。",
    # — shequ/core/management/commands/demo.py —
    "Requests: %(cases)s in %(seconds).1f s, %(handlers)s handlers, %(rules)s rules.": (
        "诉求：%(cases)s 件，用时 %(seconds).1f 秒，"
        "承办单位 %(handlers)s 个，分派规则 %(rules)s 条。"
    ),
}
