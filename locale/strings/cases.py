"""Simplified Chinese of residents' requests (shequ/cases: 接诉即办): models, choices, workflow,
services, forms, views, templates, Open311 and routing.

Terms: case = 诉求; received = 已登记, accepted = 已受理, assigned = 已派单; handler = 承办单位;
send back = 回退; postpone = 延期; supervision / escalation = 督办; reopen = 重新办理.
"""

TRANSLATIONS = {
    # — shequ/cases/apps.py —
    "Residents' requests": "居民诉求",
    # — shequ/cases/attributes.py —
    "Answer: %(question)s": "请回答：%(question)s",
    "Enter a number.": "请输入数字。",
    "Enter a date and time such as 2026-10-09T10:00:00+08:00.": (
        "请输入日期和时间，如 2026-10-09T10:00:00+08:00。"
    ),
    "Choose one of the listed values.": "请从所列选项中选择一项。",
    "Choose among the listed values.": "请从所列选项中选择。",
    # — shequ/cases/choices.py: status —
    "Received": "已登记",
    "Accepted": "已受理",
    "Assigned": "已派单",
    "In progress": "办理中",
    "Postponed": "延期（挂账）",
    "Replied": "已答复",
    "Rated": "已评价",
    "Closed": "已办结",
    "Rejected (not ours)": "不予受理（非本辖区职责）",
    "Duplicate": "重复件",
    # "Merged" is shared with the territory changes (translate.py: 合并).
    # — channels —
    "Hotline": "热线电话",
    "Web or mobile page": "网站/手机",
    "Service hall": "服务大厅来访",
    "Party representatives' reception room": "党代表工作室",
    "Grid worker's round": "网格员巡查",
    "Residents' council": "居民议事会",
    "Mailbox": "信箱",
    "WeChat, QQ or Weibo": "微信/QQ/微博",
    "Imported from another system": "其他系统导入",
    # — handlers, ratings, limits, due states —
    "Government department": "政府职能部门",
    "Co-building unit": "共建单位",
    "Satisfied": "满意",
    "Basically satisfied": "基本满意",
    "Not satisfied": "不满意",
    "By the requester": "诉求人评价",
    "By a follow-up call": "电话回访",
    "Working days": "工作日",
    "Working hours": "工作小时",
    "Hours": "小时",
    "On time": "正常",
    "Due soon": "即将超期",
    "Overdue": "超期",
    # — shequ/cases/escalation.py —
    "Overdue since %(since)s: put before %(node)s.": "自 %(since)s 起超期，提请%(node)s督办。",
    "Overdue case %(number)s needs your supervision.": "诉求 %(number)s 已超期，请您督办。",
    # — shequ/cases/figures.py —
    "Rejected, duplicate or merged": "不予受理、重复或合并",
    "Contacted": "已联系",
    "Contacted in time": "按时联系",
    "Answered": "已答复",
    "Reopened": "重新办理",
    "Solved, says the requester": "诉求人认为已解决",
    "Response rate": "响应率",
    "Resolution rate": "解决率",
    "Satisfaction rate": "满意率",
    # — shequ/cases/forms.py —
    "Channel": "渠道",
    "Caller's phone": "来电号码",
    "Caller's name": "来电人姓名",
    "What is asked or reported": "诉求内容",
    "Summary": "摘要",
    "Left empty, the first words of the description are used.": "不填时取诉求内容的开头部分。",
    "Category": "诉求类别",
    "Where (grid)": "所在网格",
    "Place in words": "具体位置",
    "The caller wants a reply": "来电人需要答复",
    "What would you like to report or ask?": "您要反映或咨询什么问题？",
    "Your name": "您的姓名",
    "Your phone": "您的联系电话",
    "I would like a reply": "我需要答复",
    "Number, words or phone": "编号、关键词或电话",
    "Time limit": "时限",
    "Received from": "登记日期自",
    "Received until": "登记日期至",
    "Handler": "承办单位",
    "Approved by": "审批人",
    "Number of the original case": "原诉求编号",
    "Reply to the requester": "答复诉求人",
    "Is the problem solved?": "问题是否已解决？",
    "Yes": "是",
    "No": "否",
    "Rating": "评价",
    "Working days added": "延长工作日数",
    # — shequ/cases/management/commands/routing_report.py —
    "Generate at least 50 requests.": "请至少生成 50 件诉求。",
    "routing: %(n)d held-out cases — model top-1 %(top1).1f %%, top-3 %(top3).1f %%; "
    "rules top-1 %(rules).1f %%": (
        "分派：留出 %(n)d 件 — 模型首选准确率 %(top1).1f %%，前三 %(top3).1f %%；"
        "规则首选 %(rules).1f %%"
    ),
    # — shequ/cases/models.py —
    "parent category": "上级类别",
    "unit of the limits": "时限单位",
    "limit to accept": "受理时限",
    "limit to contact": "联系时限",
    "limit to resolve": "办理时限",
    "keywords": "关键词",
    "Separated by commas.": "以逗号分隔。",
    "case category": "诉求类别",
    "case categories": "诉求类别",
    "Short text": "短文本",
    # shared by the attribute type and the number column of the case list
    "Number": "编号",
    "Date and time": "日期时间",
    "Long text": "长文本",
    "One of a list": "单选",
    "Several of a list": "多选",
    "category": "类别",
    "type": "类型",
    "question": "问题",
    "required": "必填",
    "choices": "选项",
    "category attribute": "类别附加信息项",
    "category attributes": "类别附加信息项",
    "key digest": "密钥摘要",
    "key prefix": "密钥前缀",
    "Requests may be posted for places inside this area.": "可提交该辖区内地点的诉求。",
    "last used": "最近使用时间",
    "API client": "API 客户端",
    "API clients": "API 客户端",
    "handler": "承办单位",
    "handlers": "承办单位",
    "routing rule": "分派规则",
    "routing rules": "分派规则",
    "number": "编号",
    "channel": "渠道",
    "summary": "摘要",
    "description": "诉求内容",
    "place": "地点",
    "place in words": "具体位置",
    "latitude": "纬度",
    "longitude": "经度",
    "requester (registered)": "诉求人（登记居民）",
    "requester (account)": "诉求人（账号）",
    "requester's name (encrypted)": "诉求人姓名（加密）",
    "requester's name": "诉求人姓名",
    "requester's phone (encrypted)": "诉求人电话（加密）",
    "requester's phone (blind index)": "诉求人电话索引",
    "requester's phone": "诉求人电话",
    "wants a reply": "需要答复",
    "details": "详细信息",
    "token": "令牌",
    "suggestion": "分派建议",
    "duplicate of / merged into": "重复/并入的诉求",
    "reply": "答复",
    "rating": "评价",
    "solved, says the requester": "诉求人认为已解决",
    # shared by the rating's source (by the requester / a follow-up call) and its time
    "rated": "评价",
    "times reopened": "重新办理次数",
    "received": "登记时间",
    "accepted": "受理时间",
    "assigned": "派单时间",
    "first contact": "首次联系时间",
    "replied": "答复时间",
    "closed": "办结时间",
    "accept by": "受理期限",
    "contact by": "联系期限",
    "resolve by": "办理期限",
    "time limit": "时限状态",
    "escalation level": "督办级别",
    "recorded by": "登记人",
    "case": "诉求",
    "cases": "诉求",
    "step": "办理环节",
    "by": "操作人",
    "approved by": "审批人",
    "case event": "办理记录",
    "case events": "办理记录",
    "level": "级别",
    "overdue since": "超期起始时间",
    "escalation": "督办",
    "escalations": "督办记录",
    "day": "日期",
    "area path": "辖区路径",
    "case figure": "诉求统计",
    "case figures": "诉求统计",
    # — shequ/cases/open311/views.py (field and parameter names stay as the API spells them) —
    "API keys are issued by the platform's administrators.": "API 密钥由平台管理员发放。",
    "service_code: no service with this code.": "service_code：没有此编码的服务。",
    "status: use open, closed or both separated by a comma.": (
        "status: 请使用 open、closed，或两者以逗号分隔。"
    ),
    "start_date: use a date and time such as 2026-10-09T10:00:00+08:00.": (
        "start_date: 请使用日期和时间，如 2026-10-09T10:00:00+08:00。"
    ),
    "end_date: use a date and time such as 2026-10-09T10:00:00+08:00.": (
        "end_date: 请使用日期和时间，如 2026-10-09T10:00:00+08:00。"
    ),
    "end_date: the end comes before the start.": "end_date：结束时间早于开始时间。",
    "end_date: a query may span at most 90 days.": "end_date：一次查询的时间跨度最长为 90 天。",
    "service_request_id: no request with this id.": "service_request_id：没有此编号的诉求。",
    "token: no request with this token.": "token：没有与此令牌对应的诉求。",
    "api_key: the key is missing, wrong or withdrawn.": "api_key：密钥缺失、错误或已停用。",
    "Choose one of the services listed by services.json.": "请选择 services.json 中列出的服务。",
    "Give a number between -%(limit)s and %(limit)s.": "请输入 -%(limit)s 到 %(limit)s 之间的数。",
    "Keep the address under 200 characters.": "地址不能超过 200 个字符。",
    "No place with this code in the area of your key.": "您的密钥所属辖区内没有此编码的地点。",
    "Give lat and long, address_string or address_id.": (
        "请提供 lat 和 long、address_string 或 address_id。"
    ),
    "Keep the description under 4000 characters.": "诉求内容不能超过 4000 个字符。",
    "Enter a valid email address.": "请输入有效的电子邮箱地址。",
    "Enter a valid http or https address.": "请输入有效的 http 或 https 网址。",
    "This service asks no such question.": "该服务没有此问题。",
    "Received as %(number)s; to be resolved by %(date)s.": (
        "已登记，编号 %(number)s；办理期限为 %(date)s。"
    ),
    "Use GET to read requests and POST to post one.": "请用 GET 查询诉求，用 POST 提交诉求。",
    # — shequ/cases/routing.py (the routing author's wording) —
    "Words closest to closed cases of “%(category)s”: %(words)s (confidence %(p).2f)": (
        "与“%(category)s”类已办结诉求的用词最接近：%(words)s（置信度 %(p).2f）"
    ),
    "Closest to closed cases of “%(category)s” (confidence %(p).2f)": (
        "与“%(category)s”类已办结诉求最接近（置信度 %(p).2f）"
    ),
    "Keywords of “%(category)s” found: %(words)s": "命中“%(category)s”类关键词：%(words)s",
    "No word of the text points to a category; choose one.": (
        "诉求内容未能指向任何类别，请人工选择。"
    ),
    # — shequ/cases/services.py —
    "Choose the channel.": "请选择渠道。",
    "Describe the request.": "请填写诉求内容。",
    "Only staff record requests from this channel.": "此渠道的诉求只能由工作人员登记。",
    "Give a phone number so that we can answer you.": "请留下联系电话，以便我们答复您。",
    "Your request %(number)s has been received.": "您的诉求 %(number)s 已登记。",
    "Your request %(number)s has been accepted.": "您的诉求 %(number)s 已受理。",
    "Your request %(number)s is not one we can handle; the reason is on its page.": (
        "您的诉求 %(number)s 不属于本辖区职责，不予受理，原因请查看诉求详情。"
    ),
    "Your request %(number)s repeats one already being handled.": (
        "您的诉求 %(number)s 与正在办理的诉求重复。"
    ),
    "Your request %(number)s has been merged with another on the same matter.": (
        "您的诉求 %(number)s 已与同一事项的其他诉求合并办理。"
    ),
    "Your request %(number)s has been passed to the one who will handle it.": (
        "您的诉求 %(number)s 已派至承办单位。"
    ),
    "Your request %(number)s is being handled.": "您的诉求 %(number)s 正在办理中。",
    "Your request %(number)s is being passed to another handler.": (
        "您的诉求 %(number)s 正在转交其他承办单位。"
    ),
    "Your request %(number)s needs more time; the new date is on its page.": (
        "您的诉求 %(number)s 需延期办理，新的办理期限请查看诉求详情。"
    ),
    "Your request %(number)s is being handled again.": "您的诉求 %(number)s 已恢复办理。",
    "Your request %(number)s has been answered; please rate the answer.": (
        "您的诉求 %(number)s 已答复，请对答复进行评价。"
    ),
    "Thank you for rating request %(number)s.": "感谢您对诉求 %(number)s 的评价。",
    "Your request %(number)s has been reopened.": "您的诉求 %(number)s 已重新办理。",
    "Your request %(number)s is closed.": "您的诉求 %(number)s 已办结。",
    "A case that is %(source)s cannot become %(target)s.": (
        "状态为“%(source)s”的诉求不能转为“%(target)s”。"
    ),
    "You may not take this step on this case.": "您无权对此诉求执行此操作。",
    "The approver may not approve steps on this case.": "该审批人无权审批此诉求的操作。",
    "This handler no longer takes cases.": "该承办单位已不再承办诉求。",
    "Name the original case, not another duplicate.": "请填写原诉求的编号，而不是另一件重复件。",
    "The case is closed.": "该诉求已结束办理。",
    # — shequ/cases/templates —
    "Place": "地点",
    "Requester": "诉求人",
    "no reply wanted": "无需答复",
    "Resolve by": "办理期限",
    "Duplicate of": "原诉求",
    "Reply": "答复",
    "Steps": "办理过程",
    "Supervision %(level)s: %(node)s": "第 %(level)s 级督办：%(node)s",
    "Suggested by routing": "智能分派建议",
    "Possibly the same matter as": "可能与以下诉求为同一事项：",
    "Contacted the requester?": "已联系诉求人？",
    "Record first contact": "登记首次联系",
    "Record a request": "登记诉求",
    "Record": "登记",
    "My requests": "我的诉求",
    "Requests": "诉求办理",
    "Figures": "统计",
    "Report something": "我要反映",
    "Supervised ×%(level)s": "督办 ×%(level)s",
    "No request matches.": "没有符合条件的诉求。",
    "Report something to your community": "向社区反映问题",
    "Send": "提交",
    "Thank you: your request has been received": "感谢您！您的诉求已收到",
    "Its number is <strong>%(number)s</strong>. Keep it to ask about it.": (
        "诉求编号为 <strong>%(number)s</strong>，请妥善保存，以便查询办理情况。"
    ),
    "Follow it": "查看办理情况",
    "Figures of requests": "诉求统计",
    "Received and answered by day": "每日登记量与答复量",
    "No request in this period.": "此期间没有诉求。",
    "Earlier requests from this phone": "该号码以往的诉求",
    "No earlier request from this phone.": "该号码没有以往的诉求。",
    # — shequ/cases/templatetags/case_ui.py —
    "First contact": "首次联系",
    "Supervision (overdue)": "超期督办",
    # — shequ/cases/views.py —
    "(none)": "（无）",
    "By category": "按类别",
    "By community": "按社区",
    "Handlers": "按承办单位",
    "Case %(number)s recorded.": "诉求 %(number)s 已登记。",
    "This step is no longer possible: the case has moved on.": (
        "此操作已无法执行：诉求状态已发生变化。"
    ),
    "No case with this number in your area.": "您的辖区内没有此编号的诉求。",
    "Done: %(step)s. The case is now %(status)s.": "已完成：%(step)s。诉求当前状态：%(status)s。",
    "First contact recorded.": "已登记首次联系。",
    # — shequ/cases/workflow.py: steps —
    "Accept": "受理",
    "Reject as not ours": "不予受理",
    "Mark as duplicate": "标记为重复件",
    "Merge into another case": "并入其他诉求",
    "Assign": "派单",
    "Start handling": "开始办理",
    "Send back": "回退",
    "Postpone": "延期",
    "Rate": "评价",
    "Reopen": "重新办理",
    "Close": "办结",
    "Close unrated": "未评价办结",
    "Give the reason.": "请填写事由。",
    "This step needs an approver.": "此操作需要审批人。",
    "The approver must be someone other than you.": "审批人不能是您本人。",
    "Choose the handler.": "请选择承办单位。",
    "Choose the category.": "请选择诉求类别。",
    "Name the case this one repeats.": "请填写所重复的原诉求编号。",
    "A case cannot repeat itself.": "诉求不能与自身重复。",
    "Write the reply to the requester.": "请填写给诉求人的答复。",
    "Choose satisfied, basically satisfied or not satisfied.": "请选择满意、基本满意或不满意。",
    "Say whether the problem is solved.": "请说明问题是否已解决。",
    "Give the working days the postponement adds.": "请填写延期的工作日数。",
    "Only a case rated not satisfied can be reopened.": "只有评价为不满意的诉求才能重新办理。",
    "The requester wanted a reply: say why the case closes without his rating.": (
        "诉求人需要答复：请说明未经其评价即办结的原因。"
    ),
    # the rating link and contexts
    "case status\x04Merged": "已合并",
    "case step\x04Resume": "恢复办理",
    "rated by": "评价方式",
    "Rate the answer": "评价答复",
    "Rate the answer to your request": "评价您诉求的答复",
    "This link is not valid or has expired. Call the hotline to rate the answer.": (
        "此链接无效或已过期，请拨打热线电话进行评价。"
    ),
    "Thank you: your rating of request %(number)s has been recorded.": (
        "感谢您！您对诉求 %(number)s 的评价已记录。"
    ),
    "Answer": "答复",
    "Send my rating": "提交评价",
    "The request is %(status)s: there is nothing to rate now.": (
        "诉求当前状态为“%(status)s”，暂无可评价的内容。"
    ),
}
