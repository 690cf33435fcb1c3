"""Simplified Chinese of meetings, votes and resolutions (shequ/deliberation: models/meetings.py,
models/votes.py, services/{meetings,votes,resolutions}.py, selectors/meetings.py,
views/{meetings,votes}.py, forms_meetings.py, api/{meetings,votes}.py,
templates/deliberation/{meetings,votes}/; R-DLB-3, R-DLB-4).

Terms: meeting = 会议; give notice = 发出会议通知; roll = 应到名单; quorum = 法定人数;
by proxy = 委托代理; motion = 议案; roll-call vote = 记名表决; secret ballot = 无记名投票;
threshold = 通过门槛; tally = 计票结果; ballot-set hash = 选票集合哈希; receipt = 投票回执;
recount = 复核计票; resolution = 决议; carried out = 落实完成.
"""

TRANSLATIONS = {
    # — models/meetings.py —
    "Planned": "已通知",
    "In session": "会议进行中",
    "meeting\x04Closed": "已闭会",
    "body": "议事组织",
    "starts at": "开始时间",
    "notice given": "通知发出时间",
    "opened": "开会时间",
    "meeting closed": "闭会时间",
    "convened by": "召集人",
    "no.": "序号",
    "item": "议程事项",
    "agenda item": "议程事项",
    "agenda items": "议程事项",
    "By proxy": "委托代理",
    "proxy held by": "受托人",
    "roll line": "应到人员",
    "roll": "应到名单",
    "Draft": "待表决",
    "Voting": "表决中",
    "motion\x04Passed": "通过",
    "motion\x04Failed": "未通过",
    "Withdrawn": "已撤回",
    "Roll-call": "记名表决",
    "Secret ballot": "无记名投票",
    "More than half of those present": "超过到会人数的一半",
    "More than half of all members": "超过全体组成人员的一半",
    "Two-thirds of those present": "到会人数的三分之二以上",
    "Two-thirds of all members": "全体组成人员的三分之二以上",
    "vote by": "表决方式",
    "threshold": "通过门槛",
    "voting opened": "表决开始时间",
    "voting closed": "表决结束时间",
    "motions": "议案",
    # — models/votes.py —
    "Abstain": "弃权",
    "Online": "网上投票",
    "Paper, entered by staff": "纸质票（工作人员录入）",
    "By the proxy holder": "受托人代投",
    "voter": "投票人",
    "vote": "表决意见",
    "entered by": "录入人",
    "cast at": "投票时间",
    "roll-call vote": "记名表决票",
    "roll-call votes": "记名表决票",
    "ballot cast": "投票记录",
    "ballots cast": "投票记录",
    "receipt digest": "回执摘要",
    "secret ballot": "无记名选票",
    "secret ballots": "无记名选票",
    "yes": "赞成",
    "no": "反对",
    "abstain": "弃权",
    "eligible": "应到人数",
    "present (with proxies)": "实到人数（含委托）",
    "passed": "通过",
    "ballot-set hash": "选票集合哈希",
    "vote closed": "计票时间",
    "closed by": "计票人",
    "tally": "计票结果",
    "tallies": "计票结果",
    "responsible": "责任人",
    "done on": "完成日期",
    "progress": "进展",
    "Percent done": "完成百分比",
    "progress update": "进展记录",
    "progress updates": "进展记录",
    # — services —
    "This body has been dissolved.": "该议事组织已撤销。",
    "Notice must be given %(days)d days ahead: the meeting can start at %(earliest)s at the "
    "earliest.": "须提前 %(days)d 天发出会议通知：会议最早可于 %(earliest)s 开始。",
    "At most %(n)d agenda items.": "议程事项最多 %(n)d 项。",
    "An agenda item is at most 160 characters.": "每项议程最多 160 个字。",
    "Nobody sits in this body on the meeting's day.": "会议当日该议事组织没有组成人员。",
    "A meeting that is %(status)s cannot become %(to)s.": (
        "处于“%(status)s”的会议不能变为“%(to)s”。"
    ),
    "The meeting is called for %(day)s: it cannot open before.": (
        "会议定于 %(day)s 召开，此前不能开会。"
    ),
    "Close the vote on every motion first.": "请先结束所有议案的表决。",
    "Minutes are kept once the meeting has opened.": "会议开始后才能记录会议记录。",
    "The meeting is over: its roll is kept as it is.": "会议已结束，出席情况不能再修改。",
    "A vote is open: close it before changing the roll.": "正在表决，请结束表决后再修改出席情况。",
    "This person is not on the meeting's roll.": "此人不在本次会议应到名单中。",
    "Choose present, by proxy, absent or on leave.": "请选择出席、委托代理、缺席或请假。",
    "Before the meeting opens only leave can be marked.": "会议开始前只能登记请假。",
    "%(body)s does not allow proxies.": "%(body)s 不允许委托代理。",
    "Name the member on the roll who holds %(name)s's proxy.": (
        "请指定应到名单中接受 %(name)s 委托的人员。"
    ),
    "%(holder)s holds %(name)s's proxy but is not present.": (
        "%(holder)s 接受了 %(name)s 的委托，但本人未出席。"
    ),
    "%(holder)s holds %(count)d proxies; at most %(limit)d allowed.": (
        "%(holder)s 接受了 %(count)d 份委托，最多允许 %(limit)d 份。"
    ),
    "Choose roll-call or secret ballot.": "请选择记名表决或无记名投票。",
    "Choose the threshold the motion needs.": "请选择议案的通过门槛。",
    "Motions are put to a meeting before it closes.": "议案须在会议结束前提出。",
    "The motion is %(status)s.": "议案状态为“%(status)s”。",
    "The meeting is not in session.": "会议未在进行中。",
    "No quorum: %(counted)d of %(roll)d counted, %(needed)d needed.": (
        "未达法定人数：应到 %(roll)d 人，实到（含委托）%(counted)d 人，至少需 %(needed)d 人。"
    ),
    "%(name)s has already voted on this motion (%(channel)s).": (
        "%(name)s 已对本议案投过票（%(channel)s）。"
    ),
    "Choose yes, no or abstain.": "请选择赞成、反对或弃权。",
    "Choose how the vote was cast.": "请选择投票方式。",
    "You may vote online only for yourself.": "网上投票只能为本人投票。",
    "The vote on this motion is not open.": "本议案未在表决中。",
    "You do not hold %(name)s's proxy.": "您未接受 %(name)s 的委托。",
    "%(name)s is represented by proxy: the holder votes.": "%(name)s 已委托他人，由受托人投票。",
    "%(name)s is not marked present at the meeting.": "%(name)s 未登记出席本次会议。",
    "Ballots and voters do not match: recount.": "选票数与投票人数不符，请复核。",
    "%(yes)d yes, %(no)d no, %(abstain)d abstaining; %(present)d present (with proxies) of "
    "%(eligible)d on the roll.": (
        "赞成 %(yes)d 票，反对 %(no)d 票，弃权 %(abstain)d 票；应到 %(eligible)d 人，"
        "实到（含委托）%(present)d 人。"
    ),
    "Only a passed motion yields a resolution.": "只有通过的议案才形成决议。",
    "Name who carries it out.": "请填写责任人。",
    "The resolution has been carried out.": "该决议已落实完成。",
    "Say what was done.": "请填写进展情况。",
    "Between 0 and 100.": "请填写 0 至 100 之间的数。",
    "Give a day that is not in the future.": "日期不能晚于今天。",
    "Done.": "已完成。",
    "Carried out: %(title)s": "已落实：%(title)s",
    # — selectors, exports, 我的议事 —
    "Body": "议事组织",
    "Starts at": "开始时间",
    "On the roll": "应到人数",
    "Motions": "议案",
    "Meetings of bodies": "议事会议",
    "Responsible": "责任人",
    "Last progress": "最近进展",
    "Council": "议事会",
    "Month": "月份",
    "Meetings held": "已开会次数",
    "Councils without a meeting": "未按月开会的议事会",
    "Councils": "议事会",
    "My meetings and votes": "我的会议与表决",
    "My votes and receipts": "我的投票与回执",
    # — views —
    "meetings of bodies %(day)s.xlsx": "议事会议 %(day)s.xlsx",
    "Notice of the meeting given.": "会议通知已发出。",
    "The meeting is in session.": "会议已开始。",
    "The meeting is closed.": "会议已结束。",
    "Minutes saved.": "会议记录已保存。",
    "Motion added.": "议案已添加。",
    "councils without a meeting %(month)s.xlsx": "未按月开会的议事会 %(month)s.xlsx",
    "Paper vote of %(name)s entered.": "已录入 %(name)s 的纸质票。",
    "The motion is put to the vote.": "议案已付诸表决。",
    "The vote is closed and counted.": "表决已结束并完成计票。",
    "The motion is withdrawn.": "议案已撤回。",
    "resolutions %(day)s.xlsx": "决议 %(day)s.xlsx",
    "Saved.": "已保存。",
    "Progress recorded.": "进展已记录。",
    "The resolution is recorded as carried out.": "决议已登记为落实完成。",
    # — forms —
    "Title, place or body": "标题、地点或议事组织",
    "Agenda": "议程",
    "One item per line.": "每行一项。",
    "Text": "内容",
    "Vote by": "表决方式",
    "Threshold": "通过门槛",
    "Voter": "投票人",
    "Vote": "表决意见",
    "Receipt": "回执",
    "Title, body or responsible": "标题、议事组织或责任人",
    "Outcome": "落实结果",
    # — templates —
    "Give notice of a meeting": "发出会议通知",
    "Every council met that month.": "当月所有议事会均已开会。",
    "Give notice": "发出通知",
    "Vote: %(title)s": "表决：%(title)s",
    "Notice given": "通知发出时间",
    "Quorum": "法定人数",
    "quorate": "已达法定人数",
    "no quorum": "未达法定人数",
    "Open the meeting": "开始会议",
    "Close the meeting": "结束会议",
    "Add a motion": "添加议案",
    "%(roll)s on the roll · %(present)s present · %(proxies)s by proxy · %(needed)s needed "
    "(%(share)s)": (
        "应到 %(roll)s 人 · 出席 %(present)s 人 · 委托 %(proxies)s 人 · 至少需 %(needed)s 人"
        "（%(share)s）"
    ),
    "%(yes)s yes, %(no)s no, %(abstain)s abstaining": (
        "赞成 %(yes)s 票，反对 %(no)s 票，弃权 %(abstain)s 票"
    ),
    "held by %(holder)s": "受托人 %(holder)s",
    "Check my receipt": "核对我的回执",
    "Check": "核对",
    "No ballot in the published list carries this receipt (or the vote is not closed yet).": (
        "公布的选票中没有与此回执对应的选票（或表决尚未结束）。"
    ),
    "Back to the motion": "返回议案",
    "Your ballot is in the published list: %(found)s.": "您的选票在公布名单中：%(found)s。",
    "Tally": "计票结果",
    "Who carries it out": "落实责任",
    "Record progress": "记录进展",
    "Record as done": "登记为已完成",
    "Mark as carried out": "登记落实完成",
    "Recount": "复核计票",
    "Recounted": "复核结果",
    "Published tally": "公布结果",
    "Ballot-set hash": "选票集合哈希",
    "The recount reproduces the published tally.": "复核计票与公布结果一致。",
    "The recount differs from the published tally.": "复核计票与公布结果不一致。",
    "No resolution matches.": "没有符合条件的决议。",
    "Your vote": "您的表决",
    "Secret ballot: nobody can see how you voted. You get a receipt to check your ballot in the "
    "published list.": (
        "无记名投票：任何人都看不到您投了什么票。您将获得一张回执，可在公布的选票中核对。"
    ),
    "not passed": "未通过",
    "Published ballots": "公布的选票",
    "Put to the vote": "付诸表决",
    "Withdraw": "撤回",
    "Close the vote and count": "结束表决并计票",
    "Enter a paper vote": "录入纸质票",
    "Enter": "录入",
    "Your vote is recorded (%(channel)s).": "您的投票已记录（%(channel)s）。",
    "Vote by proxy for %(name)s": "代 %(name)s 投票",
    "%(yes)s yes, %(no)s no, %(abstain)s abstaining; %(present)s present (with proxies) of "
    "%(eligible)s on the roll.": (
        "赞成 %(yes)s 票，反对 %(no)s 票，弃权 %(abstain)s 票；应到 %(eligible)s 人，"
        "实到（含委托）%(present)s 人。"
    ),
    "Your receipt": "您的投票回执",
    "Keep this receipt: it is shown only this once. When the vote is closed, find your ballot in "
    "the published list with it.": (
        "请保存此回执，它只显示这一次。表决结束后，可凭它在公布的选票中找到您的选票。"
    ),
    "The vote of %(name)s on “%(title)s” is recorded.": "%(name)s 对“%(title)s”的投票已记录。",
    "Recorded vote: %(choice)s.": "记录的表决意见：%(choice)s。",
    "secret ballot cast": "已投无记名票",
    "check with your receipt": "凭回执核对",
}
