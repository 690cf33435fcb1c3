"""Simplified Chinese of task admission (shequ/admission: 社区工作事项准入, R-CASE-5): models,
choices, workflow, services, forms, views and templates.

Terms: work item = 工作事项; task admission = 工作事项准入; requesting department = 提出部门;
deciding level = 审批层级; funding = 工作经费 (费随事转); statutory duty = 法定协助事项;
legal basis = 依据; in force = 有效; workload = 工作负担; end early = 提前终止.
Msgids shared with other areas (Status, Number, Reason, From …) are translated there.
"""

TRANSLATIONS = {
    # — shequ/admission/apps.py, choices.py —
    "Task admission": "工作事项准入",
    "work item status\x04Requested": "待审批",
    "work item status\x04Approved": "已准入",
    "work item status\x04Refused": "不予准入",
    "work item status\x04Withdrawn": "已撤回",
    "work item status\x04Expired": "已到期",
    "Every community under the deciding level": "审批层级下的全部社区",
    "Chosen communities": "指定社区",
    # — models.py —
    "work item": "工作事项",
    "work items": "工作事项",
    "what the communities would do": "社区承担的工作内容",
    "requesting department": "提出部门",
    "department (as handler of requests)": "部门（诉求承办单位）",
    "legal basis": "依据",
    "statutory duty": "法定协助事项",
    "decided by (district or subdistrict)": "审批层级（区或街道）",
    "applies to": "适用范围",
    "communities": "社区",
    "hours per month per community": "每个社区每月工时",
    "funding per community (yuan)": "每个社区工作经费（元）",
    "For the whole time span.": "整个实施期限内的总额。",
    "source of the funding": "经费来源",
    "until": "截止日期",
    "requested": "申请时间",
    "registered by": "登记人",
    "decided": "审批时间",
    "decided by": "审批人",
    "reason of the decision": "审批理由",
    "approved": "准入时间",
    "last day in force": "有效期最后一天",
    "community of a work item": "工作事项适用社区",
    "communities of work items": "工作事项适用社区",
    "work item event": "工作事项审批记录",
    "work item events": "工作事项审批记录",
    # — workflow.py —
    "Approve": "准入",
    "Refuse": "不予准入",
    "Withdraw the request": "撤回申请",
    "End early": "提前终止",
    "work item\x04Expire": "到期",
    "Funding cannot be negative.": "工作经费不能为负数。",
    "A statutory duty needs its legal basis.": "法定协助事项须注明依据。",
    "Funding goes with the work: give the funding per community, or refuse the item. Only a "
    "statutory duty with its legal basis may go without.": (
        "费随事转：请填写每个社区的工作经费，或不予准入。只有注明依据的法定协助事项可以不附经费。"
    ),
    "Give the first day of the time span.": "请填写实施期限的起始日期。",
    "Give the last day of the time span.": "请填写实施期限的截止日期。",
    "The time span cannot end before it starts.": "实施期限的截止日期不能早于起始日期。",
    "The item is still within its time span.": "该事项仍在实施期限内。",
    "work item step\x04Request registered": "登记申请",
    "work item step\x04Approved": "准入",
    "work item step\x04Refused": "不予准入",
    "work item step\x04Withdrawn": "撤回",
    "work item step\x04Expired": "到期",
    # — services.py —
    "You may not register work items for this level.": "您无权为该层级登记工作事项。",
    "Choose an active government department.": "请选择在用的政府部门。",
    "Name the work item.": "请填写工作事项名称。",
    "Describe what the communities would do.": "请说明社区需承担的工作内容。",
    "Name the requesting department.": "请填写提出部门。",
    "Work items are decided by a district or a subdistrict.": "工作事项由区或街道审批。",
    "Give the expected hours per month in each community.": "请填写每个社区每月预计工时。",
    "Hours cannot be negative.": "工时不能为负数。",
    "There is no community under this level.": "该层级下没有社区。",
    "Choose the communities.": "请选择社区。",
    "Choose communities under the deciding level.": "请选择审批层级下的社区。",
    "Say which communities the item applies to.": "请选择适用范围。",
    "Work item approved: %(title)s": "工作事项已准入：%(title)s",
    "Work item refused: %(title)s": "工作事项不予准入：%(title)s",
    "Work item withdrawn: %(title)s": "工作事项已撤回：%(title)s",
    "Work item expired: %(title)s": "工作事项已到期：%(title)s",
    "A work item that is %(source)s cannot become %(target)s.": (
        "“%(source)s”的工作事项不能变为“%(target)s”。"
    ),
    "You may not take this step on this work item.": "您无权对该工作事项执行此操作。",
    "Work item": "工作事项",
    "Requesting department": "提出部门",
    "Deciding level": "审批层级",
    "Statutory duty": "法定协助事项",
    "Legal basis": "依据",
    "Communities": "社区",
    "Hours per month per community": "每个社区每月工时",
    "Funding per community (yuan)": "每个社区工作经费（元）",
    "Source of the funding": "经费来源",
    "Until": "截止日期",
    "Last day in force": "有效期最后一天",
    "Requested": "申请时间",
    "Decided": "审批时间",
    "Reason of the decision": "审批理由",
    "Work items": "工作事项",
    # — forms.py —
    "What the communities would do": "社区承担的工作内容",
    "Left empty, the department chosen below is used.": "不填则使用下方所选部门的名称。",
    "Department (as handler of requests)": "部门（诉求承办单位）",
    "The law, regulation or document the request rests on.": "申请所依据的法律、法规或文件。",
    "A duty the law puts on communities": "法定协助事项",
    "May then be approved without funding of its own, with its legal basis.": (
        "注明依据后，可不附专项经费予以准入。"
    ),
    "Decided by (district or subdistrict)": "审批层级（区或街道）",
    "Applies to": "适用范围",
    "Number or words": "编号或关键词",
    "Department": "部门",
    "In force from": "有效期自",
    "In force until": "有效期至",
    "The period cannot end before it starts.": "统计期间的截止日期不能早于起始日期。",
    # — views.py —
    "work items %(day)s.xlsx": "工作事项清单 %(day)s.xlsx",
    "Work item %(number)s registered.": "工作事项 %(number)s 已登记。",
    "This step is no longer possible: the item has moved on.": "该操作已无法执行：事项状态已变化。",
    "Done: %(step)s. The work item is now %(status)s.": (
        "已完成：%(step)s。该工作事项现为“%(status)s”。"
    ),
    # — templates —
    "Work items pushed down to communities": "进社区工作事项清单",
    "In force now": "现行有效事项",
    "Workload": "工作负担统计",
    "Export (xlsx)": "导出（xlsx）",
    "Register a request": "登记申请",
    "Hours per month": "每月工时",
    "Time span": "实施期限",
    "statutory": "法定",
    "No work item matches.": "没有符合条件的工作事项。",
    "Register a department's request": "登记部门提出的工作事项",
    "All work items": "全部工作事项",
    "in force until %(day)s": "有效至 %(day)s",
    "Work items in force": "现行有效的工作事项",
    "Work items in force on %(day)s": "%(day)s 现行有效的工作事项",
    "All my communities": "我负责的全部社区",
    "No approved work item is in force. Work not on this list has not been admitted.": (
        "目前没有有效的准入事项。未列入本清单的工作均未经准入。"
    ),
    "Workload pushed down to communities": "社区工作负担统计",
    "%(area)s, %(start)s – %(end)s": "%(area)s，%(start)s 至 %(end)s",
    "Funding in the period (yuan)": "期间内工作经费（元）",
    "No community in this area.": "该辖区内没有社区。",
    "An item counts in every community it applies to while it is in force during the period. "
    "Its funding covers its whole time span and is counted for the days of the period it was "
    "in force.": (
        "事项在统计期间内有效的，计入其适用的每个社区。事项经费为整个实施期限的总额，"
        "按统计期间内有效的天数折算。"
    ),
}
