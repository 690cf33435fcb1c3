"""Simplified Chinese of allocation results (shequ/pb: allocation/explain.py,
allocation/pabulib.py, models/allocation.py, services/allocation.py, services/pabulib_io.py,
selectors/allocation.py, views/results.py, api/results.py, templates/pb/results/; R-PB-2).

Terms: greedy by votes = 按得票贪心分配; Method of Equal Shares = 均等份额法; completion = 补充分配;
allocation = 分配; funded = 获资助; supporter = 支持者; share = 份额."""

TRANSLATIONS = {
    "%(n)s votes": "得票 %(n)s",
    "%(n)s points": "得分 %(n)s",
    (
        "Greedy by votes: %(score)s, ranked %(rank)s; the %(remaining)s yuan left in the budget co"
        "vered its cost of %(cost)s yuan."
    ): (
        "按得票贪心分配：%(score)s，排第 %(rank)s，预算余额 %(remaining)s 元足以支付其 %(cost)"
        "s 元的费用。"
    ),
    (
        "Greedy by votes: %(score)s, ranked %(rank)s; its cost of %(cost)s yuan was more than the "
        "%(remaining)s yuan left in the budget."
    ): (
        "按得票贪心分配：%(score)s，排第 %(rank)s，所需 %(cost)s 元超过剩余预算 %(remaining)s 元。"
    ),
    (
        "Method of Equal Shares, step %(step)s: its cost of %(cost)s yuan was shared by %(payers)s"
        " supporters, none paying more than %(max_share)s yuan."
    ): (
        "均等份额法第 %(step)s 步：%(cost)s 元的费用由 %(payers)s 位支持者平均分担，每人最多负"
        "担 %(max_share)s 元。"
    ),
    "Method of Equal Shares: no ballot chose it.": "均等份额法：没有选票选择该项目。",
    (
        "Method of Equal Shares: its supporters had %(supporters_left)s yuan left between them, %("
        "shortfall)s yuan short of its cost of %(cost)s yuan."
    ): (
        "均等份额法：支持者剩余预算合计 %(supporters_left)s 元，比项目成本 %(cost)s 元少 %(sho"
        "rtfall)s 元。"
    ),
    (
        "Completion by votes: %(score)s, ranked %(rank)s; the %(remaining)s yuan left after the Me"
        "thod of Equal Shares covered its cost of %(cost)s yuan."
    ): (
        "补充分配（按得票）：%(score)s，排第 %(rank)s，均等份额法之后剩余的 %(remaining)s 元足"
        "以支付其 %(cost)s 元的费用。"
    ),
    (
        "Completion by votes: %(score)s, ranked %(rank)s; its cost of %(cost)s yuan was more than "
        "the %(remaining)s yuan left."
    ): (
        "补充分配（按得票）：%(score)s，排第 %(rank)s，所需 %(cost)s 元超过剩余的 %(remaining)"
        "s 元。"
    ),
    "%(what)s %(text)r is not a number": "%(what)s %(text)r 不是数字",
    "%(what)s %(text)r is not a whole number": "%(what)s %(text)r 不是非负整数",
    "data before the META section": "META 段之前有数据",
    "%(n)s fields where the header has %(m)s": "本行有 %(n)s 列，表头有 %(m)s 列",
    "project_id is empty": "project_id 为空",
    "project %(id)s appears twice": "项目 %(id)s 重复出现",
    "cost %(text)r is not positive": "费用 %(text)r 不是正数",
    "voter %(id)s appears twice": "投票人 %(id)s 重复出现",
    "vote names project %(id)r, not in PROJECTS": "选票中的项目 %(id)r 不在 PROJECTS 段中",
    "a project is named twice in one vote": "同一张选票中一个项目出现了两次",
    "%(n)s projects but %(m)s points": "%(n)s 个项目却有 %(m)s 个分数",
    "no VOTES section": "缺少 VOTES 段",
    "META has no budget": "META 段缺少 budget（预算）",
    "the META header must be key;value": "META 段的表头必须是 key;value",
    "%(section)s header lacks %(names)s": "%(section)s 段的表头缺少 %(names)s",
    "vote_type %(text)r is not one we read": "无法读取投票方式 vote_type %(text)r",
    "unreadable: %(error)s": "无法读取：%(error)s",
    "Line %(line)s: %(error)s": "第 %(line)s 行：%(error)s",
    "%(what)s %(value)s has more than two decimals.": "%(what)s %(value)s 超过两位小数。",
    "Imported round": "导入的轮次",
    "allocation": "分配",
    "allocations": "分配",
    "allocation result": "分配结果",
    "allocation results": "分配结果",
    "round": "轮次",
    "rule": "规则",
    "completion": "补充分配",
    "run at": "分配时间",
    "run by": "操作人",
    "budget (yuan)": "预算（元）",
    "allocated (yuan)": "已分配（元）",
    "ballots counted": "计入的选票",
    "figures": "数据",
    "project": "项目",
    "funded": "获资助",
    "funded as": "资助顺序",
    "ballots naming it": "选择该项目的选票",
    "score": "得分",
    "cost (yuan)": "费用（元）",
    "decided by": "决定阶段",
    "explanation": "说明",
    "facts": "依据",
    "Unknown rule.": "未知的分配规则。",
    "Unknown completion.": "未知的补充分配方式。",
    "A round is allocated after voting and before its projects are carried out.": (
        "轮次须在投票之后、项目实施之前进行分配。"
    ),
    "No project is on the ballot.": "没有列入选票的项目。",
    "The round was allocated again.": "已重新分配。",
    "You may not do this here.": "您无权在此操作。",
    "Rule": "规则",
    "Completion": "补充分配",
    "results %(title)s.xlsx": "分配结果 %(title)s.xlsx",
    "Number": "编号",
    "Project": "项目",
    "Cost (yuan)": "费用（元）",
    "Votes": "得票",
    "Score": "得分",
    "Funded": "获资助",
    "Order": "顺序",
    "Why": "原因",
    "Allocation results": "分配结果",
    "Results": "分配结果",
    "Round": "轮次",
    "Export (xlsx)": "导出（xlsx）",
    "Download (.pb)": "下载（.pb）",
    "Budget (yuan)": "预算（元）",
    "Allocated (yuan)": "已分配（元）",
    "Left (yuan)": "剩余（元）",
    "Ballots counted": "计入的选票",
    "Projects funded": "获资助项目",
    "Each voter's share (yuan)": "每位投票人的份额（元）",
    "raised by %(n)s yuan so that the budget is spent": "为用足预算上调了 %(n)s 元",
    "Allocated on %(at)s": "分配于 %(at)s",
    "Project title or number": "项目名称或编号",
    "Search": "搜索",
    "Points": "得分",
    "Funded (no. %(n)s)": "获资助（第 %(n)s 个）",
    "Not funded": "未获资助",
    "No project matches.": "没有符合条件的项目。",
    "This round has not been allocated yet.": "本轮尚未分配。",
    "Allocate again": "重新分配",
}
