"""Simplified Chinese of the figures of requests beyond the dashboard: the medians and their
rollup (shequ/cases figures.py, models.CaseDuration), the xlsx export, the public figures page
and a resident's own requests (views_figures.py and their templates)."""

TRANSLATIONS = {
    # — shequ/cases/models.py: CaseDuration —
    "Time to first contact": "首次联系用时",
    "Time to answer": "答复用时",
    "measure": "指标",
    "from hour": "起始小时",
    "number of cases": "件数",
    "case duration count": "诉求用时分布",
    "case duration counts": "诉求用时分布",
    # — shequ/cases/figures.py —
    "Median hours to first contact": "首次联系用时中位数（小时）",
    "Median hours to answer": "答复用时中位数（小时）",
    # — shequ/cases/views_figures.py: the xlsx export —
    "Cases first contacted within the contact limit ÷ cases received.": (
        "在联系时限内首次联系的诉求数 ÷ 登记的诉求数。"
    ),
    "Rated cases the requester says are solved ÷ rated cases.": (
        "诉求人评价为问题已解决的诉求数 ÷ 已评价的诉求数。"
    ),
    "Cases rated satisfied or basically satisfied ÷ rated cases.": (
        "评价为满意或基本满意的诉求数 ÷ 已评价的诉求数。"
    ),
    "Half of the contacted cases were first contacted within this many hours of being "
    "received (wall-clock hours; cases not yet contacted are not counted).": (
        "已联系的诉求中，一半在登记后这么多小时内完成首次联系（按自然小时计；尚未联系的诉求不计入）。"
    ),
    "Half of the answered cases were answered within this many hours of being received "
    "(wall-clock hours, to the last answer; cases not yet answered are not counted).": (
        "已答复的诉求中，一半在登记后这么多小时内得到答复（按自然小时计，以最后一次答复为准；"
        "尚未答复的诉求不计入）。"
    ),
    "How medians are counted": "中位数的计算方法",
    "Durations are counted in buckets (one hour wide up to 48 hours, six hours up to a week, "
    "a day up to 60 days); the median is interpolated inside the bucket holding the middle "
    "case, so it is precise to the bucket's width.": (
        "用时按区间计数（48 小时内每 1 小时一档，一周内每 6 小时一档，60 天内每天一档）；"
        "中位数在居中诉求所在的区间内按线性插值求得，精度为该区间的宽度。"
    ),
    "Period": "统计期间",
    "Cases are counted by the day they were received, as they stand now.": (
        "诉求按登记日期归入统计期间，按其当前状态计数。"
    ),
    "By day": "按日",
    "Day": "日期",
    "Definitions": "指标说明",
    "case-figures": "诉求统计",
    # — templates/cases/dashboard.html —
    "Export to Excel": "导出 Excel",
    # — templates/cases/case_mine.html —
    "Answer expected by": "预计答复时间",
    "You have not made any request yet.": "您还没有提交过诉求。",
    # — templates/cases/figures_public.html —
    "Requests in figures": "诉求办理公开统计",
    "Subdistrict or community": "街道或社区",
    "Requests received from %(start)s to %(end)s, as they stand today.": (
        "统计 %(start)s 至 %(end)s 登记的诉求，按其今日状态计数。"
    ),
    "A figure counting fewer than %(least)s requests is not shown (—), so that nobody can be "
    "recognised.": "不足 %(least)s 件的数字不予公开（显示为“—”），以免识别出个人。",
    "Response rate: requests first contacted within the time limit ÷ requests received. "
    "Resolution rate: rated requests the requester says are solved ÷ rated requests. "
    "Satisfaction rate: requests rated satisfied or basically satisfied ÷ rated requests. "
    "Medians: half of the requests were contacted (answered) within this many hours of being "
    "received.": (
        "响应率：在时限内首次联系的诉求数 ÷ 登记的诉求数。"
        "解决率：诉求人评价为问题已解决的诉求数 ÷ 已评价的诉求数。"
        "满意率：评价为满意或基本满意的诉求数 ÷ 已评价的诉求数。"
        "中位数：一半的诉求在登记后这么多小时内得到首次联系（答复）。"
    ),
}
