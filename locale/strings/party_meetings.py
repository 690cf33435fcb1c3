"""Simplified Chinese of branch meetings (shequ/party: models/meetings.py, services/meetings.py,
selectors/meetings.py, views/meetings.py, forms_meetings.py, api/meetings.py,
templates/party/meetings/; R-PM-5).

Terms: 三会一课 = branch members' assembly 支部党员大会, committee meeting 支委会, party group
meeting 党小组会, party lecture 党课; organisational life meeting = 组织生活会; theme party day =
主题党日; democratic evaluation of members = 民主评议党员; roll = 签到/考勤; leave = 请假;
minutes = 会议记录; resolution = 决议; behind schedule = 未按期召开.
Msgids shared with the dues pages (Kind, Recorded …) are translated in party_dues.py.
"""

TRANSLATIONS = {
    # — models/meetings.py —
    "Branch members' assembly": "支部党员大会",
    "Committee meeting": "支委会",
    "Party group meeting": "党小组会",
    "Party lecture": "党课",
    "Organisational life meeting": "组织生活会",
    "Theme party day": "主题党日",
    "Democratic evaluation of members": "民主评议党员",
    "meeting\x04Scheduled": "已安排",
    "meeting\x04Held": "已召开",
    "meeting\x04Cancelled": "已取消",
    "Leave requested": "请假待批",
    "On leave": "请假",
    "Leave refused": "请假未准",
    "Present": "出席",
    "Absent": "缺席",
    "scheduled for": "计划时间",
    "held": "召开时间",
    "minutes": "会议记录",
    "lecturer": "授课人",
    "reason for cancelling": "取消原因",
    "meeting": "会议",
    "meetings": "会议",
    "attendance": "出席情况",
    "reason for leave": "请假事由",
    "leave requested": "请假时间",
    "leave decided": "审批时间",
    "leave decided by": "审批人",
    "resolution": "决议",
    "resolutions": "决议",
    "votes for": "赞成票",
    "votes against": "反对票",
    "abstentions": "弃权票",
    "members entitled to vote": "应到会有表决权党员数",
    "adopted": "通过",
    # — services/meetings.py —
    "Give the date and time.": "请填写日期和时间。",
    "Choose the kind of meeting.": "请选择会议类别。",
    "A %(org_kind)s does not hold a %(kind)s.": "%(org_kind)s不召开%(kind)s。",
    "Only a party lecture has a lecturer.": "只有党课需要填写授课人。",
    "The meeting is %(status)s: this is no longer possible.": (
        "会议状态为“%(status)s”，不能再进行此操作。"
    ),
    "Write the minutes of the meeting.": "请填写会议记录。",
    "Name the lecturer of the party lecture.": "请填写党课的授课人。",
    "A meeting cannot be held in the future.": "召开时间不能晚于现在。",
    "Give the reason for cancelling.": "请填写取消原因。",
    "The meeting was cancelled.": "会议已取消。",
    "The meeting has not begun yet.": "会议尚未开始。",
    "Mark each member present or absent.": "请为每名党员选择出席或缺席。",
    "Not on the roll of this meeting: %(names)s.": "以下人员不在本次会议应到名单中：%(names)s。",
    "Give the reason for the leave.": "请填写请假事由。",
    "Leave is asked before the meeting begins.": "请假须在会议开始前提出。",
    "%(name)s is not on the roll of this meeting.": "%(name)s 不在本次会议应到名单中。",
    "His leave has already been granted.": "该党员的请假已获批准。",
    "There is no leave request waiting.": "没有待审批的请假。",
    "Record resolutions of a meeting that was held.": "只能为已召开的会议登记决议。",
    "Write the resolution.": "请填写决议内容。",
    "Enter a number of votes, 0 or more.": "请填写票数（0 或以上）。",
    "Record the roll of the meeting first.": "请先登记会议出席情况。",
    "%(cast)d votes cast, but only %(present)d full members were present.": (
        "投票 %(cast)d 票，但出席的正式党员只有 %(present)d 名。"
    ),
    # — selectors/meetings.py —
    "Not marked": "未登记",
    "%(year)d-%(month)02d": "%(year)d年%(month)02d月",
    "Q%(quarter)d %(year)d": "%(year)d年第%(quarter)d季度",
    "year %(year)d": "%(year)d年",
    "%(kind)s: %(period)s held %(held)d, at least %(at_least)d required": (
        "%(kind)s：%(period)s 召开 %(held)d 次，应至少 %(at_least)d 次"
    ),
    "Meetings to attend": "待参加的会议",
    "Scheduled for": "计划时间",
    "Held": "召开时间",
    "Lecturer": "授课人",
    "Resolutions": "决议",
    "At least": "应至少",
    "Meetings": "会议",
    "Behind schedule": "未按期召开",
    # — views/meetings.py —
    "meetings %(day)s.xlsx": "会议 %(day)s.xlsx",
    "meetings behind schedule %(day)s.xlsx": "未按期召开会议 %(day)s.xlsx",
    "Meeting scheduled.": "会议已安排。",
    "The meeting is recorded as held.": "已登记会议召开。",
    "The meeting is cancelled.": "会议已取消。",
    "Attendance recorded.": "出席情况已登记。",
    "Leave requested.": "已提交请假。",
    "Leave granted.": "已批准请假。",
    "Leave refused.": "未批准请假。",
    "Resolution recorded.": "决议已登记。",
    # — forms_meetings.py —
    "Title, place or organisation": "会议名称、地点或党组织",
    "For a party lecture.": "党课填写。",
    "Minutes": "会议记录",
    "Reason for cancelling": "取消原因",
    "Reason for leave": "请假事由",
    "Resolution": "决议",
    "Votes for": "赞成票",
    "Votes against": "反对票",
    "Abstentions": "弃权票",
    # — templates/party/meetings/ —
    "Meetings (三会一课)": "三会一课及组织生活",
    "Schedule a meeting": "安排会议",
    "Schedule": "安排",
    "No meeting matches.": "没有符合条件的会议。",
    "Organisations behind their meeting schedule": "未按期召开会议的党组织",
    "Meetings held in the last complete month, quarter or year before %(day)s, against the "
    "minimum of each kind.": (
        "统计 %(day)s 前最近一个完整的月、季度或年度内召开的会议，与各类会议的最低次数比较。"
    ),
    "Shortfall": "未达要求",
    "Every organisation held its meetings.": "各党组织均已按期召开会议。",
    "Roll": "出席情况",
    "%(all)s on the roll · %(present)s present · %(leave)s on leave · %(absent)s absent": (
        "应到 %(all)s 人 · 出席 %(present)s 人 · 请假 %(leave)s 人 · 缺席 %(absent)s 人"
    ),
    "Attendance": "出席情况",
    "Mark": "登记",
    "probationary": "预备党员",
    "Grant": "批准",
    "No member is on the roll.": "应到名单为空。",
    "Save the roll": "保存出席情况",
    "%(f)s for, %(a)s against, %(s)s abstaining, of %(due)s entitled to vote": (
        "赞成 %(f)s 票，反对 %(a)s 票，弃权 %(s)s 票，应到会有表决权党员 %(due)s 名"
    ),
    "not adopted": "未通过",
    "Ask leave": "请假",
    "Record the meeting as held": "登记会议召开",
    "Record a resolution": "登记决议",
    "Cancel the meeting": "取消会议",
}
