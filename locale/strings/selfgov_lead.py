"""Simplified Chinese of the core of residents' self-government and micro-projects (the
lead's files: shequ/deliberation/{choices,config}.py, models/{bodies,board}.py,
services/{bodies,board}.py, views/mine.py; shequ/pb/{choices,config}.py, models/{rounds,
ballots}.py, demo.py; the navigation and the demo command's summary).

Terms: residents' assembly = 居民会议;
residents' representatives' assembly = 居民代表会议;
residents' committee = 居民委员会; deliberation and supervision committee = 居务监督委员会;
residents' council = 居民议事会; joint meeting of the two committees = 两委联席会议;
micro-projects = 民生微实事; Method of Equal Shares = 均等份额法; greedy by votes = 按票数贪心.
"""

TRANSLATIONS = {
    "Self-government: %(bodies)s bodies, %(seats)s seats; %(rounds)s micro-project rounds, "
    "%(projects)s projects, %(ballots)s ballots.": (
        "居民自治：议事组织 %(bodies)s 个，成员席位 %(seats)s 个；"
        "民生微实事 %(rounds)s 轮，项目 %(projects)s 个，选票 %(ballots)s 张。"
    ),
    "Deliberation": "议事协商",
    "Residents' assembly": "居民会议",
    "Residents' representatives' assembly": "居民代表会议",
    "Residents' committee": "居民委员会",
    "Community party organisation committee": "社区党组织委员会",
    "Party members' (representatives') assembly": "党员（代表）大会",
    "Deliberation and supervision committee": "居务监督委员会",
    "Joint meeting of the two committees": "两委联席会议",
    "Joint meeting with units": "驻区单位联席会议",
    "All adult residents": "全体成年居民",
    "One representative per household": "每户一名代表",
    "Its registered members": "登记的成员",
    "Chair": "主任",
    "Vice chair": "副主任",
    "Elected": "选举产生",
    "By-election": "补选",
    "Appointed": "委派",
    "Ex officio": "当然成员",
    "Delegated by a unit": "单位委派",
    "Term ended": "任期届满",
    "Recalled": "罢免",
    "Resigned": "辞职",
    "Moved out": "迁出",
    "Topic": "议题",
    "Decision": "决定",
    "Outcome": "实施结果",
    "Resolution": "决议",
    "Micro-project results": "民生微实事评选结果",
    "Micro-project acceptance": "民生微实事验收",
    "Notice": "通知",
    "about": "关于",
    "link": "链接",
    "published by": "发布人",
    "publication": "公开事项",
    "publications": "公开事项",
    "on the board until": "公开截止日期",
    "A matter affecting all residents must be decided by %(allowed)s, not by %(body)s.": (
        "涉及全体居民利益的事项须由%(allowed)s决定，%(body)s无权决定。"
    ),
    "%(name)s already sits in %(body)s.": "%(name)s已是%(body)s成员。",
    "My self-government page": "我的议事",
    "No meetings, votes, proposals or rounds for you just now.": (
        "目前没有需要您参加的会议、表决、提案或民生微实事投票。"
    ),
    "Collecting proposals": "征集项目",
    "Vetting": "审核",
    "Shortlisting by the council": "议事会遴选",
    "Voting": "投票",
    "Allocating": "确定资助项目",
    "Results published": "结果公示",
    "Carrying out": "实施",
    "Acceptance": "验收",
    "Evaluation": "评价",
    "Approval": "赞成票（可多选）",
    "Cumulative points": "积分票",
    "Knapsack (within the budget)": "预算内选择",
    "Ranking": "排序票",
    "Greedy by votes": "按票数贪心",
    "Method of Equal Shares": "均等份额法",
    "Raise the budget (add-one) then greedy": "逐步提高人均预算后按票数补足",
    "Services": "服务类",
    "Goods": "货物类",
    "Works": "工程类",
    "Proposed": "已提出",
    "Feasible": "可行",
    "Not feasible": "不可行",
    "On the ballot": "已列入选票",
    "Funded": "获得资助",
    "Not funded": "未获资助",
    "Withdrawn": "已撤回",
    "Online": "网上",
    "Paper": "纸质",
    "Imported": "导入",
    "Progress (%%)": "进度（%%）",
}
