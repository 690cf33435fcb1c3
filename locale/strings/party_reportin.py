"""Simplified Chinese of the report-in loop of in-service members (shequ/party: 在职党员到社区报到,
R-PM-2; R-PM-5 服务承诺、设岗定责): models, services, selectors, views, forms, API and templates.

Terms: report-in = 报到; in-service member = 在职党员; service pledge = 服务承诺书; service post =
服务岗位 (设岗定责); claim = 认领; give up a post = 退出岗位; service record = 服务记录; confirm =
确认; feedback letter = 反馈函; employer's party organisation = 所在单位党组织; register of letters
= 反馈函登记簿. Msgids shared with other areas (Name, Community, Employer, Status …) are
translated there.
"""

TRANSLATIONS = {
    # — models/reportin.py —
    "Self-service": "本人自助报到",
    "Entered by a worker": "社区工作者代录",
    "service record status\x04Awaiting confirmation": "待确认",
    "service record status\x04Confirmed": "已确认",
    "service record status\x04Rejected": "未通过",
    "feedback grade\x04Excellent": "优秀",
    "feedback grade\x04Good": "良好",
    "feedback grade\x04Fair": "一般",
    "feedback grade\x04Poor": "较差",
    "feedback grade\x04Hours below the requirement": "服务时长未达要求",
    "feedback grade\x04Not rated": "未评定",
    "reported on": "报到日期",
    "ended on": "结束日期",
    "report-in": "在职党员报到",
    "report-ins": "在职党员报到",
    "pledge": "承诺内容",
    "signed on": "签订日期",
    "service pledge": "服务承诺书",
    "service pledges": "服务承诺书",
    "duties": "岗位职责",
    "places": "名额",
    "open": "开放认领",
    "service post": "服务岗位",
    "service posts": "服务岗位",
    "claimed on": "认领日期",
    "released on": "退出日期",
    "post claim": "岗位认领",
    "post claims": "岗位认领",
    "hours": "时长（小时）",
    "confirmed at": "确认时间",
    "service record": "服务记录",
    "service records": "服务记录",
    "period from": "期间起",
    "period until": "期间止",
    "activities": "服务次数",
    "posts": "认领岗位",
    "mean rating": "平均评分",
    "issued on": "出具日期",
    "sent on": "寄送日期",
    "feedback letter": "反馈函",
    "feedback letters": "反馈函",
    "confirmed by": "确认人",
    "issued by": "出具人",
    "sent by": "寄送人",
    # — services/reportin.py —
    "Choose a community.": "请选择社区。",
    "The date cannot be in the future.": "日期不能晚于今天。",
    "Write what he pledges to do.": "请填写承诺内容。",
    "This report-in has ended.": "该报到已结束。",
    "Name the post.": "请填写岗位名称。",
    "A post has at least one place.": "岗位至少设 1 个名额。",
    "Give the first day of the post.": "请填写岗位起始日期。",
    "Choose a team of this community.": "请选择本社区的服务队。",
    "Claim a post of the community he reported to.": "只能认领报到社区设立的岗位。",
    "Say what he did.": "请填写服务内容。",
    "Give the day of the service.": "请填写服务日期。",
    "Give the hours.": "请填写服务时长。",
    "Only in-service members report in to their community.": "只有在职党员需要到居住社区报到。",
    "%(name)s has already reported in.": "%(name)s 已经报到。",
    "He has already signed the pledge for %(year)s.": "已签订 %(year)s 年度服务承诺书。",
    "The post cannot end before it starts.": "岗位结束日期不能早于起始日期。",
    "This post is closed.": "该岗位已关闭。",
    "Hours of one day are more than 0 and at most 24.": "单日服务时长应大于 0 且不超过 24 小时。",
    "He did not hold this post on that day.": "当天未认领该岗位。",
    "Choose a feedback period (%(months)s months from %(start)s).": (
        "请选择反馈周期（自 %(start)s 起 %(months)s 个月）。"
    ),
    "Only the member himself reports in on this page.": "本页面仅供党员本人报到。",
    "He reports to the community where he lives: %(name)s.": "应到居住地所在社区报到：%(name)s。",
    "This report-in has already ended.": "该报到已结束。",
    "It cannot end before the member reported in.": "结束日期不能早于报到日期。",
    "This post is already closed.": "该岗位已经关闭。",
    "He already holds this post.": "已认领该岗位。",
    "This post has already been given up.": "已退出该岗位。",
    "It cannot be given up before it was claimed.": "退出日期不能早于认领日期。",
    "The day must fall while he was reported in here.": "服务日期须在本社区报到期间内。",
    "Give the hours to one decimal place.": "服务时长最多保留一位小数。",
    "Letters are issued once the period is over (%(end)s).": (
        "反馈周期结束（%(end)s）后方可出具反馈函。"
    ),
    "A letter cannot be sent before it is issued.": "寄送日期不能早于出具日期。",
    "Say how the report-in was made.": "请选择报到方式。",
    "This post is not open on %(day)s.": "该岗位在 %(day)s 不开放认领。",
    "This post is full (%(capacity)s people).": "该岗位已满（%(capacity)s 人）。",
    "Nobody confirms his own service.": "不能确认本人的服务记录。",
    "Say why the record is rejected.": "请填写不予确认的理由。",
    "This letter was sent on %(day)s.": "该反馈函已于 %(day)s 寄送。",
    "This record is already %(status)s.": "该记录已是“%(status)s”状态。",
    "Rate from 1 to %(scale)s.": "评分范围为 1 至 %(scale)s。",
    "Reported on": "报到日期",
    "Posts held": "认领岗位数",
    "Report-ins": "在职党员报到",
    "Period from": "期间起",
    "Period until": "期间止",
    "Posts": "认领岗位",
    "Mean rating": "平均评分",
    "Issued on": "出具日期",
    "Sent on": "寄送日期",
    "Feedback letters": "反馈函",
    "Duties": "岗位职责",
    "Places": "名额",
    "Taken": "已认领",
    "Free places": "剩余名额",
    "Service posts": "服务岗位",
    "Activity": "服务内容",
    "Confirmed by": "确认人",
    "Service records": "服务记录",
    # — selectors/reportin.py —
    "%(start)s to %(end)s": "%(start)s 至 %(end)s",
    "Report-in to the community": "到社区报到",
    # — views/reportin.py —
    "report-ins %(day)s.xlsx": "在职党员报到 %(day)s.xlsx",
    "Report-in ended.": "报到已结束。",
    "service posts %(day)s.xlsx": "服务岗位 %(day)s.xlsx",
    "Post closed; its members are released.": "岗位已关闭，认领的党员已退出该岗位。",
    "Post given up.": "已退出岗位。",
    "service records %(day)s.xlsx": "服务记录 %(day)s.xlsx",
    "feedback letters %(day)s.xlsx": "反馈函登记簿 %(day)s.xlsx",
    "Give the day the letter was sent.": "请填写寄送日期。",
    "Report-in recorded.": "报到已登记。",
    "Pledge signed.": "服务承诺书已签订。",
    "Post created.": "岗位已设立。",
    "Post %(title)s claimed.": "已认领岗位：%(title)s。",
    "Service recorded; it counts once confirmed.": "服务已记录，确认后计入服务时长。",
    "Service confirmed.": "服务记录已确认。",
    "Service record rejected.": "服务记录未予确认。",
    "Letter %(number)s marked as sent.": "反馈函 %(number)s 已登记寄送。",
    "You have reported in to %(name)s.": "您已向%(name)s报到。",
    "%(count)s feedback letters issued.": "已出具 %(count)s 份反馈函。",
    # — forms_reportin.py —
    "As a party member in service, I report to the community where I live and pledge to take "
    "part in the community's service outside working hours, to keep the posts I claim, to "
    "help my neighbours and to accept the supervision of the community and the residents.": (
        "作为在职党员，我到居住地社区报到，承诺利用业余时间积极参加社区服务活动，"
        "认真履行所认领岗位的职责，热心帮助邻里，自觉接受社区党组织和居民群众的监督。"
    ),
    "Service pledge": "服务承诺书",
    "In-service member": "在职党员",
    "Left empty, he signs the pledge later.": "不填则以后再签订承诺书。",
    "State": "状态",
    "Team (its leader confirms the service)": "服务队（由队长确认服务）",
    "Reported in": "在报到",
    "Ended": "已结束",
    "Not sent yet": "未寄送",
    # — api/reportin.py —
    "You have not reported in to a community.": "您尚未到社区报到。",
    "No such report-in.": "没有这条报到记录。",
    "Give a date as YYYY-MM-DD.": "日期格式应为 YYYY-MM-DD。",
    # — templates/party/reportin/ —
    "Report-in": "报到",
    "%(name)s reported in to %(community)s": "%(name)s 已向%(community)s报到",
    "Report-ins of in-service members": "在职党员报到",
    "Record service": "记录服务",
    "End the report-in": "结束报到",
    "Service pledges": "服务承诺书",
    "No pledge signed.": "尚未签订承诺书。",
    "Sign the pledge": "签订承诺书",
    "Posts claimed": "认领岗位",
    "Give up": "退出岗位",
    "No post claimed.": "尚未认领岗位。",
    "Claim %(title)s (%(free)s free)": "认领 %(title)s（剩余 %(free)s 个名额）",
    "No service recorded yet.": "尚无服务记录。",
    "h": "小时",
    "No letter issued yet.": "尚未出具反馈函。",
    "Enter a report-in": "代录报到",
    "Register of feedback letters": "反馈函登记簿",
    "Issue the feedback letters of a period": "出具一个周期的反馈函",
    "One letter per member reported in during the period, with his confirmed service only. "
    "Letters already issued stay as they are.": (
        "周期内报到的每名党员一份反馈函，只统计已确认的服务。已出具的反馈函保持不变。"
    ),
    "Issue letters": "出具反馈函",
    "No letter matches.": "没有符合条件的反馈函。",
    "Service on your team's posts awaiting your confirmation": "您所带服务队岗位上待确认的服务",
    "Record the service of %(name)s": "记录 %(name)s 的服务",
    "Service outside working hours counts once a worker or the team leader confirms it.": (
        "业余时间的服务经社区工作者或服务队队长确认后计入。"
    ),
    "No service record matches.": "没有符合条件的服务记录。",
    "Define a service post": "设立服务岗位",
    "Claim": "认领",
    "No post matches.": "没有符合条件的岗位。",
    "Confirm": "确认",
    "Reject": "不予确认",
    "My report-in to the community": "我的社区报到",
    "You are not in the party member register, so there is nothing to report in.": (
        "您不在党员名册中，无需报到。"
    ),
    "Report in and sign the service pledge": "报到并签订服务承诺书",
    "%(name)s, you report to the community where you live: %(community)s.": (
        "%(name)s，您应到居住地所在社区报到：%(community)s。"
    ),
    "Report in and sign": "报到并签订",
    "Reported in to %(name)s on %(day)s.": "已于 %(day)s 向%(name)s报到。",
    "From %(start)s to %(end)s: %(hours)s h confirmed in %(n)s activities.": (
        "%(start)s 至 %(end)s：已确认服务 %(n)s 次，共 %(hours)s 小时。"
    ),
    "Service pledge %(year)s": "%(year)s 年度服务承诺书",
    "Signed on %(day)s": "签订于 %(day)s",
    "Service posts of the community": "社区服务岗位",
    "Mine": "我的岗位",
    "The community has no open post.": "社区暂无开放认领的岗位。",
    "My posts": "我认领的岗位",
    "since %(day)s": "自 %(day)s 起",
    "My service": "我的服务",
    "Confirmed hours %(start)s – %(end)s": "%(start)s – %(end)s 已确认时长",
    "%(n)s activity": "%(n)s 次",
    "Awaiting confirmation": "待确认",
    "You have not reported in to the community where you live.": "您尚未到居住地社区报到。",
    "My report-in page": "我的报到页",
    "Feedback letter": "反馈函",
    "Print": "打印",
    "Feedback letter on an in-service party member's service in the community": (
        "在职党员到社区报到服务情况反馈函"
    ),
    ":": "：",
    "Comrade %(name)s of %(employer)s has reported in to %(community)s, where he lives. His "
    "service in the community from %(start)s to %(end)s is as follows:": (
        "贵单位（%(employer)s）%(name)s 同志已到居住地%(community)s报到。"
        "现将其 %(start)s 至 %(end)s 在社区服务的情况反馈如下："
    ),
    "Confirmed service hours": "已确认服务时长（小时）",
    "We thank your organisation for its support of the community's party building, and ask "
    "you to take this letter into account in the member's evaluation.": (
        "感谢贵单位对社区党建工作的支持，请将本函作为该同志评先评优和民主评议的参考。"
    ),
    "Party organisation of %(community)s (seal)": "%(community)s党组织（盖章）",
    "Signature:": "负责人签字：",
    "Sent on %(day)s.": "已于 %(day)s 寄送。",
    "Not sent yet.": "尚未寄送。",
    "Mark as sent": "登记寄送",
    "%(reported)s of %(total)s in-service members living here have reported in.": (
        "居住在本辖区的 %(total)s 名在职党员中已有 %(reported)s 名报到。"
    ),
    "No report-in matches.": "没有符合条件的报到记录。",
}
