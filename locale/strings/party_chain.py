"""Simplified Chinese of the 四联四包 responsibility chain (shequ/party: models/chain.py,
services/chain.py, selectors/chain.py, views/chain.py, forms_chain.py, api/chain.py,
templates/party/chain; R-ORG-5).

Terms: responsibility chain = 四联四包责任网络; responsibility link = 包联关系; committee links a
branch = 党委联系支部; committee member links a branch secretary = 党委委员联系支部书记; branch
links a member = 支部联系党员; member answers for a household = 党员联系户（包户）; committee
secretary answers for a point = 党委书记包点; branch secretary answers for an area = 支部书记包片;
branch committee member answers for a building = 支部委员包楼; unassigned household = 未包联户;
overloaded member = 包户超量党员.
Msgids shared with other areas (Search, Clear, Cancel, Note, From, To, Households, Grid …) are
translated there.
"""

TRANSLATIONS = {
    # — models/chain.py —
    "Committee links a branch": "党委联系支部",
    "Committee member links a branch secretary": "党委委员联系支部书记",
    "Branch links a member": "支部联系党员",
    "Member answers for a household": "党员联系户（包户）",
    "Committee secretary answers for a point": "党委书记包点",
    "Branch secretary answers for an area": "支部书记包片",
    "Branch committee member answers for a building": "支部委员包楼",
    "kind of link": "包联类型",
    "responsibility link": "包联关系",
    "responsibility links": "包联关系",
    "organisation answering": "负责党组织",
    "committee member answering": "负责委员",
    "member answering": "负责党员",
    "branch": "党支部",
    "point, area or building": "点、片或楼",
    "member linked": "联系的党员",
    "where": "所在位置",
    # — services/chain.py —
    "This seat has ended.": "该委员任职已结束。",
    "%(name)s holds the wrong post for this link.": "%(name)s 的职务不适用于此包联类型。",
    "%(name)s does not sit on the right kind of organisation.": "%(name)s 所在党组织类型不符。",
    "Choose who answers for this.": "请选择负责人。",
    "Choose what he answers for.": "请选择负责对象。",
    "Choose a party committee in being.": "请选择现存的党委。",
    "Choose a branch in being.": "请选择现存的党支部。",
    "The branch must belong to this committee.": "该党支部须隶属于此党委。",
    "The branch must belong to his committee.": "该党支部须隶属于其所在党委。",
    "The member must belong to the branch of %(name)s.": "该党员须属于 %(name)s 所在的党支部。",
    "This household has been dissolved.": "该户已注销。",
    "The household lies outside the area of his organisation.": "该户不在其所在党组织的范围内。",
    "A point is a community, grid, compound or building.": "“点”须为社区、网格、小区或楼栋。",
    "An area is a community, grid, compound or building.": "“片”须为社区、网格、小区或楼栋。",
    "Choose a building.": "请选择楼栋。",
    "%(place)s lies outside the area of %(org)s.": "%(place)s 不在 %(org)s 的范围内。",
    "Choose the kind of link.": "请选择包联类型。",
    "%(what)s is already answered for by %(who)s; end that link first.": (
        "%(what)s 已由 %(who)s 负责，请先结束该包联关系。"
    ),
    "Someone else was just assigned to this.": "刚刚已有他人被指定负责此对象。",
    "This link has already ended.": "该包联关系已结束。",
    "A link cannot end before it starts.": "包联关系的结束日期不能早于开始日期。",
    "Per grid": "按网格",
    "Responsibility links": "包联关系",
    "Unassigned households": "未包联户",
    "Answered for": "已包联",
    "Unassigned": "未包联",
    "Overloaded members": "包户超量党员",
    "Kind of link": "包联类型",
    "What": "负责对象",
    "Where": "位置",
    # — selectors/chain.py —
    "Member answering for the household": "包户党员",
    "His branch": "所在党支部",
    "Covers the household": "覆盖该户",
    "Branch committee member answering for the building": "包楼支部委员",
    "Branch secretary answering for the area": "包片支部书记",
    "Committee member linking the branch secretary": "联系支部书记的党委委员",
    "Committee secretary answering for the point": "包点党委书记",
    "Committee linking the branch": "联系支部的党委",
    # — views/chain.py, forms_chain.py —
    "responsibility chain %(day)s.xlsx": "四联四包 %(day)s.xlsx",
    "Choose or enter this for this kind of link.": "此包联类型须填写此项。",
    "Link recorded: %(link)s.": "已登记包联关系：%(link)s。",
    "Give the day the link ended.": "请填写包联关系结束日期。",
    "Link ended.": "包联关系已结束。",
    "No household with this number in your area.": "您的辖区内没有此户号的住户。",
    "Name, place or household number": "姓名、地点或户号",
    "Include ended links": "包括已结束的包联关系",
    "Committee answering": "负责党委",
    "Committee member answering": "负责委员",
    "Member answering": "负责党员",
    "His service card number or register number.": "党员服务卡号或名册编号。",
    "Point, area or building": "点、片或楼",
    "Member linked": "联系的党员",
    "Ended on": "结束日期",
    # — templates/party/chain —
    "Responsibility chain (四联四包)": "四联四包",
    "Report per grid": "网格统计",
    "Show the chain of this household": "查看该户的包联链",
    "No link matches.": "没有符合条件的包联关系。",
    "Assign a responsibility link": "登记包联关系",
    "Choose the kind of link first: it says who answers (a committee, a committee member or a "
    "member) and for what (a branch, a place, a member or a household); the other fields are "
    "ignored.": (
        "请先选择包联类型：它决定由谁负责（党委、委员或党员）以及负责什么（支部、地点、党员或住户），"
        "其余字段将被忽略。"
    ),
    "Chain of a household": "住户包联链",
    "Assign a member to this household": "为该户指定包户党员",
    "%(counter)s step without anyone assigned": "%(counter)s 个环节无人负责",
    "Step": "环节",
    "How he is linked": "包联方式",
    "Nobody assigned": "无人负责",
    "End": "结束",
    "Responsibility chain per grid": "四联四包网格统计",
    "A member answering for more than %(limit)s households is overloaded.": (
        "一名党员包户超过 %(limit)s 户即为超量。"
    ),
    "No grid in your area.": "您的辖区内没有网格。",
    "Unassigned households in %(name)s": "%(name)s 的未包联户",
}
