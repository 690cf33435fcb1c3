"""Simplified Chinese of 四知四访 care visits (shequ/party: models/care.py, services/care.py,
selectors/care.py, views/care.py, forms_care.py, api/care.py, templates/party/care; R-PM-6).

Terms: circumstances = 四知 (family 家庭现状, work 工作情况, thinking 思想动态, difficulties 困难
情况); occasion = 必访情形 (hardship 生活困难, family conflict 家庭矛盾, in hospital 生病住院,
death in the family 家有丧事); care visit = 四访走访; visitor = 走访人; escalation = 逐级上报.
Msgids shared with other areas (Status, Number, Member, Organisation, Overdue …) are
translated there.
"""

TRANSLATIONS = {
    # — models/care.py —
    "Family": "家庭现状",
    "Work": "工作情况",
    "Thinking": "思想动态",
    "Difficulties": "困难情况",
    "Hardship in daily life": "生活困难",
    "Family conflict": "家庭矛盾",
    "Ill in hospital": "生病住院",
    "Death in the family": "家有丧事",
    "To visit": "待走访",
    "Visited": "已走访",
    "Cancelled": "已取消",
    "aspect": "方面",
    "what is known": "了解情况",
    "as of": "了解日期",
    "member circumstance": "党员情况（四知）",
    "member circumstances": "党员情况（四知）",
    "occasion": "必访情形",
    "recorded on": "登记日期",
    "cleared on": "解除日期",
    "care occasion": "必访情形",
    "care occasions": "必访情形",
    "visitor": "走访人",
    "visitor's login": "走访人账号",
    "answering as": "负责身份",
    "visit by": "走访期限",
    "visited on": "走访日期",
    "what was found and done": "走访情况及处理",
    "escalated": "上报时间",
    "care visit": "走访任务",
    "care visits": "走访任务",
    "care visit event": "走访记录",
    "care visit events": "走访记录",
    # — services/care.py —
    "Secretary of %(org)s": "%(org)s书记",
    "Secretary of %(org)s (vacant)": "%(org)s书记（空缺）",
    "Nobody answers for this member: he belongs to no organisation here.": (
        "该党员无人负责：他不属于本地任何党组织。"
    ),
    "Care visit to make: %(member)s (%(trigger)s) by %(due)s": (
        "待走访：%(member)s（%(trigger)s），期限 %(due)s"
    ),
    "Overdue care visit passed to you: %(member)s (%(trigger)s)": (
        "超期走访任务已上报给您：%(member)s（%(trigger)s）"
    ),
    "Choose what this is about: family, work, thinking or difficulties.": (
        "请选择方面：家庭、工作、思想或困难。"
    ),
    "Write down what is known.": "请填写了解到的情况。",
    "This date is in the future.": "该日期晚于今天。",
    "Choose the occasion.": "请选择必访情形。",
    "Give the day of the visit.": "请填写走访日期。",
    "Write down what was found and done.": "请填写走访情况及处理。",
    "This visit is already %(status)s.": "该走访任务已是“%(status)s”状态。",
    "The visit cannot come before the occasion was recorded.": "走访日期不能早于情形登记日期。",
    "This occasion is already cleared.": "该情形已解除。",
    "It cannot end before it was recorded.": "解除日期不能早于登记日期。",
    "Occasion": "必访情形",
    "Recorded on": "登记日期",
    "Visitor": "走访人",
    "Answering as": "负责身份",
    "Visit by": "走访期限",
    "Days overdue": "超期天数",
    "Escalation level": "上报级别",
    "Visited on": "走访日期",
    "What was found and done": "走访情况及处理",
    "Care visits": "走访任务",
    # — selectors/care.py —
    "Care visits to make": "待走访任务",
    # — views/care.py, forms_care.py —
    "care visits %(day)s.xlsx": "四知四访走访 %(day)s.xlsx",
    "Visit logged.": "走访已登记。",
    "Give the day the occasion was over.": "请填写情形解除日期。",
    "The occasion is cleared.": "该情形已解除。",
    "Visit task for %(name)s assigned to %(who)s, due %(due)s.": (
        "已为 %(name)s 生成走访任务，由 %(who)s 负责，期限 %(due)s。"
    ),
    "Recorded.": "已登记。",
    "Member, visitor or card number": "党员、走访人或服务卡号",
    "Only visits addressed to me": "只看交给我的",
    "Cleared on": "解除日期",
    "Aspect": "方面",
    "What is known": "了解情况",
    "As of": "了解日期",
    # — templates/party/care —
    "Care visits (四知四访)": "四知四访",
    "No visit matches.": "没有符合条件的走访任务。",
    "Care visit": "走访任务",
    "Log the visit": "登记走访",
    "The occasion is over": "情形已解除",
    "Clear the occasion": "解除情形",
    "Record an occasion for a visit": "登记必访情形",
    "A visit task is raised at once and assigned along the responsibility chain.": (
        "登记后立即生成走访任务，并按四联四包责任链指派。"
    ),
    "Circumstances (四知)": "党员情况（四知）",
    "Nothing recorded yet.": "尚无记录。",
    "Add what is known": "登记了解情况",
    "No visit yet.": "尚无走访任务。",
    # — member service card (services/care.py card_issue_all, views card_issue) —
    "The configured card number format is not valid.": "配置的服务卡编号格式无效。",
    "%(n)s cards issued in %(org)s.": "已为%(org)s发放 %(n)s 张党员服务卡。",
    "Member service cards": "党员服务卡",
    "Cards are numbered by the configured format (organisation code, year, running number).": (
        "服务卡按配置的格式编号（党组织代码、年份、流水号）。"
    ),
    "Without a card": "未发卡",
    "Issue cards": "发放服务卡",
    "No organisation with members in your area.": "您的辖区内没有有党员的党组织。",
    "Visit task raised": "生成走访任务",
    "Escalated up the chain": "逐级上报",
    "Visit logged": "已登记走访",
    "Cancelled: the occasion is over": "已取消：情形已解除",
}
