"""Simplified Chinese of the lead's parts of party building: the branch-secretary role, the
demo's party line, the party index page and the figures on the home page."""

TRANSLATIONS = {
    "Party branch secretary": "党支部书记",
    "party member category\x04Directly managed": "直管党员",
    "party member category\x04Retired": "离退休党员",
    "party member category\x04Unemployed": "失业/无业党员",
    "party member category\x04Floating": "流动党员",
    "party member category\x04In service elsewhere": "在职党员",
    "Party: %(orgs)s organisations, %(members)s members, %(seats)s committee seats; "
    "%(recruits)s recruits, %(meetings)s meetings, %(visits)s care visits.": (
        "党建：%(orgs)s 个党组织，%(members)s 名党员，%(seats)s 个委员席位；"
        "发展党员 %(recruits)s 人，会议 %(meetings)s 次，走访任务 %(visits)s 件。"
    ),
    "Organisations with structural findings": "设置不规范的党组织",
    "In-service members reported in": "在职党员报到率",
    "%(reported)s of %(total)s": "%(total)s 人中 %(reported)s 人",
    "Overdue care visits": "逾期未走访",
    "%(n)s members in arrears": "%(n)s 名党员欠交党费",
    "%(n)s behind their meetings": "%(n)s 个组织生活未按期",
    "Recruitment by stage": "发展党员各阶段人数",
    "You are a member of %(org)s.": "您的组织关系在%(org)s。",
    "You have no part in party building here.": "您在此没有党建工作权限。",
    "Organisations": "党组织",
    "Structural findings": "组织设置检查",
    "Four links, four responsibilities": "四联四包",
    "Unassigned households by grid": "各网格未包联住户",
    "Who answers for a household": "住户包联责任链",
    "Member register": "党员名册",
    "Yearly recruitment targets": "年度发展党员任务",
    "In-service members": "在职党员",
    "Branch life": "组织生活",
    "Branches behind schedule": "未按期开展组织生活的组织",
    "Dues in arrears": "欠交党费",
    "Dues by organisation": "党费收支汇总",
    "Democratic evaluation": "民主评议党员",
}
