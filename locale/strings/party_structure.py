"""Simplified Chinese of the party-organisation tree and its structural rules (shequ/party:
choices.py, models/orgs.py, models/members.py, services/orgs.py, services/members.py,
selectors/orgs.py and apps.py of the core; structure.py, selectors/services/views/api of the
structure area, forms_structure.py, templates/party/structure; R-ORG-2, R-ORG-3, R-ORG-6).

Terms: party organisation = 党组织; working committee = 党工委; party committee = 党委;
general branch = 党总支; branch = 党支部; party group = 党小组; joint organisation = 联合党组织;
committee = 委员会 (支委会); committee member = 委员; part-time member = 兼职委员; term = 任期,
election at the end of a term = 换届; full member = 正式党员; probationary member = 预备党员;
structural report = 组织设置检查; finding = 问题; compound = 小区; building = 楼栋.
Msgids shared with other areas (Search, Clear, Name, Code, Members, From, All …) are
translated there.
"""

TRANSLATIONS = {
    # — apps.py, choices.py —
    "Party building": "党建",
    "Working committee": "党工委",
    "Party committee": "党委",
    "General branch": "党总支",
    "Branch": "党支部",
    "Secretary": "书记",
    "Deputy secretary": "副书记",
    "Committee member": "委员",
    "Group leader": "党小组长",
    "Elected member of the organisation": "本组织选举产生",
    "Part-time: leader of a unit in the area": "兼职委员：驻区单位负责人",
    "Part-time: cadre of a higher level": "兼职委员：上级机关干部",
    "Retired members' 'Yure' team": "离退休党员“余热”服务队",
    "In-service members' volunteer team": "在职党员志愿服务队",
    "Unemployed members' 'Shuangdai' team": "无职党员“双带”服务队",
    "Volunteer service team": "志愿服务队",
    "Culture and sports team": "文体队",
    "Full management": "全面管理",
    "Local management": "属地管理",
    "Registration management": "登记管理",
    "Dual management": "双重管理",
    "Probationary member": "预备党员",
    "Full member": "正式党员",
    "Active": "在册",
    "Transferred out": "转出",
    "Left the party": "已出党",
    "Transferred in": "转入",
    "Moved between organisations here": "内部调整",
    # — models/orgs.py, models/members.py —
    "founded": "成立日期",
    "teams": "服务队",
    "form": "组织形式",
    "joint organisation across units": "跨单位联合党组织",
    "units joined": "联合单位",
    "established": "成立日期",
    "term started": "本届任期起始",
    "term ends": "本届任期届满",
    "party organisation": "党组织",
    "party organisations": "党组织",
    "post": "职务",
    "source": "来源",
    "unit": "单位",
    "committee seat": "委员职务",
    "committee seats": "委员职务",
    "leader": "负责人",
    "territory covered": "覆盖区域",
    "team (functional group)": "所属服务队（功能型党小组）",
    "organisation elsewhere holding the membership": "组织关系所在的外地党组织",
    "stage": "党员身份",
    "state": "状态",
    "joined the party": "入党日期",
    "full member since": "转正日期",
    "party organisation of the employer": "工作单位党组织",
    "member service card": "党员服务卡",
    "left on": "离开日期",
    "party member": "党员",
    "party members": "党员",
    "direction": "转接类型",
    "from (elsewhere)": "转出党组织（外地）",
    "to (elsewhere)": "转入党组织（外地）",
    "letter number": "介绍信编号",
    "letter issued": "介绍信开具日期",
    "letter received": "介绍信接收日期",
    "membership transfer": "组织关系转接",
    "membership transfers": "组织关系转接",
    "organisation holding the membership": "组织关系所在党组织",
    "managed at": "管理地",
    "party group": "党小组",
    "from organisation": "转出党组织",
    "to organisation": "转入党组织",
    # — services/orgs.py —
    "Choose the form of the organisation.": "请选择组织形式。",
    "Choose the territory the organisation covers.": "请选择党组织覆盖的区域。",
    "A party group elects no committee.": "党小组不设委员会，没有任期。",
    "The term must end after it starts.": "任期届满日期须晚于起始日期。",
    "Choose the post.": "请选择职务。",
    "Name the person.": "请填写姓名。",
    "A part-time member names his unit.": "兼职委员须填写所在单位。",
    "Another organisation already has this code.": "已有党组织使用此编码。",
    "Only a party group attaches to a team.": "只有党小组可以建在服务队上。",
    "A party group has a leader; the other forms have a committee.": (
        "党小组设党小组长，其他组织形式设委员会。"
    ),
    "A %(kind)s cannot be set up under a %(parent)s.": "%(parent)s下不能设立%(kind)s。",
    "The territory must lie inside that of %(parent)s.": "覆盖区域须在%(parent)s的区域之内。",
    "A working committee covers a subdistrict.": "党工委应覆盖一个街道。",
    "The team works elsewhere.": "该服务队不在此区域活动。",
    "Move its members to another organisation first.": "请先将其党员转到其他党组织。",
    "Dissolve or move the organisations under it first.": "请先撤销或调整其下级党组织。",
    "A seat cannot end before it starts.": "任职结束日期不能早于起始日期。",
    "nothing": "无",
    # — services/members.py —
    "Choose the member's category.": "请选择党员类别。",
    "Say whether he is a probationary or a full member.": "请选择预备党员或正式党员。",
    "Choose the organisation holding his membership, or name it.": (
        "请选择组织关系所在党组织，或填写其名称。"
    ),
    "Membership is held by a branch or a committee, not a party group.": (
        "组织关系应在党支部或党委，不能在党小组。"
    ),
    "This organisation has been dissolved.": "该党组织已撤销。",
    "Choose a party group of his branch.": "请选择其所在党支部的党小组。",
    "Give the date he joined the party.": "请填写入党日期。",
    "Give the date he became a full member.": "请填写转正日期。",
    "He cannot become a full member before joining.": "转正日期不能早于入党日期。",
    "Name the employer of an in-service member.": "在职党员须填写工作单位。",
    "Give the number of the introduction letter.": "请填写介绍信编号。",
    "Give the date the letter was issued.": "请填写介绍信开具日期。",
    "Name the organisation he comes from.": "请填写转出党组织。",
    "Name the organisation he goes to.": "请填写转入党组织。",
    "Choose a branch or committee in being.": "请选择现有的党支部或党委。",
    "He already belongs there.": "其组织关系已在该党组织。",
    "%(name)s is already in the register.": "%(name)s 已在党员名册中。",
    "The letter cannot arrive before it was issued.": "介绍信接收日期不能早于开具日期。",
    "This card number is taken.": "此党员服务卡号已被使用。",
    "%(name)s already belongs to %(org)s here.": "%(name)s 的组织关系已在本地的%(org)s。",
    # — structure.py: the rules and their findings (R-ORG-3) —
    "Form too small for its size": "组织形式偏小",
    "Form too large for its size": "组织形式偏大",
    "Too few full members for a branch": "正式党员不足",
    "Committee size out of range": "委员人数不符",
    "Term expired": "任期已届满",
    "Term expiring": "任期即将届满",
    "Compound with members and no branch": "小区有党员未建支部",
    "Building with members and no party group": "楼栋有党员未建党小组",
    "%(members)s members, enough for a %(form)s (≥%(threshold)s members): "
    "the %(kind)s has outgrown its form.": (
        "党员 %(members)s 名，已达成立%(form)s的标准（≥%(threshold)s 名），"
        "现设%(kind)s的组织形式偏小。"
    ),
    "%(members)s members, fewer than a %(kind)s needs (≥%(threshold)s members), and "
    "too few full members for a branch of their own: join a joint branch.": (
        "党员 %(members)s 名，不足设立%(kind)s的标准（≥%(threshold)s 名），"
        "正式党员也不足单独成立党支部，宜组建联合党支部。"
    ),
    "%(members)s members, fewer than a %(kind)s needs (≥%(threshold)s members): a %(form)s fits.": (
        "党员 %(members)s 名，不足设立%(kind)s的标准（≥%(threshold)s 名），宜改设%(form)s。"
    ),
    "%(full)s full members, fewer than a branch needs (≥%(threshold)s) even as a joint "
    "branch: merge it with another.": (
        "正式党员 %(full)s 名，联合党支部仍不足成立党支部的标准（≥%(threshold)s 名），"
        "宜与其他党支部合并。"
    ),
    "%(full)s full members, fewer than a branch needs (≥%(threshold)s): form a joint "
    "branch with neighbouring units.": (
        "正式党员 %(full)s 名，不足成立党支部的标准（≥%(threshold)s 名），"
        "宜与邻近单位组建联合党支部。"
    ),
    "%(seats)s committee members, fewer than the %(min)s–%(max)s required.": (
        "委员 %(seats)s 名，少于规定的 %(min)s–%(max)s 名。"
    ),
    "%(seats)s committee members, more than the %(min)s–%(max)s allowed.": (
        "委员 %(seats)s 名，多于规定的 %(min)s–%(max)s 名。"
    ),
    "The term ended on %(ends_on)s, %(days)s days ago: hold the election.": (
        "任期已于 %(ends_on)s 届满，已超过 %(days)s 天，应及时换届。"
    ),
    "The term ends on %(ends_on)s, in %(days)s days (told %(notice)s days ahead): "
    "prepare the election.": (
        "任期将于 %(ends_on)s 届满，还有 %(days)s 天（提前 %(notice)s 天提醒），应做好换届准备。"
    ),
    "%(residents)s members live in this compound (a branch from %(threshold)s) and no "
    "branch has been set up here.": (
        "小区居住党员 %(residents)s 名（≥%(threshold)s 名应建支部），尚未建立党支部。"
    ),
    "%(residents)s members live in this building (a group from %(threshold)s) and no "
    "party group has been set up here.": (
        "楼栋居住党员 %(residents)s 名（≥%(threshold)s 名应建党小组），尚未建立党小组。"
    ),
    # — services/structure.py (exports) —
    "Form": "组织形式",
    "Territory covered": "覆盖区域",
    "Team (functional group)": "所属服务队（功能型党小组）",
    "Joint organisation": "联合党组织",
    "Units joined": "联合单位",
    "Full members": "正式党员",
    "Committee members": "委员人数",
    "Term started": "本届任期起始",
    "Term ends": "本届任期届满",
    "Findings": "发现的问题",
    "Party organisations": "党组织",
    "Rule": "规则",
    "Rule code": "规则代码",
    "Organisation or place": "党组织或地点",
    "Organisation answering": "责任党组织",
    "Numbers": "数据",
    "Finding": "问题",
    "Structural report": "组织设置检查",
    # — forms_structure.py —
    "Under": "上级党组织",
    "— none: a top-level organisation —": "— 无：顶层党组织 —",
    "Only for a party group attached to a volunteer or culture team.": (
        "仅用于建在志愿服务队或文体队上的党小组。"
    ),
    "Joint organisation across units": "跨单位联合党组织",
    "For a joint organisation: the units it spans.": "联合党组织填写所联合的各单位。",
    "Established": "成立日期",
    "Left empty, the term runs the configured number of years.": "不填则按规定的任期年限计算。",
    "Post": "职务",
    "Source": "来源",
    "Unit": "单位",
    "Last day in the seat": "任职截止日期",
    "New term started": "新一届任期起始",
    "Name or code": "名称或编码",
    # — views/structure.py —
    "party organisations %(day)s.xlsx": "党组织 %(day)s.xlsx",
    "structural report %(day)s.xlsx": "组织设置检查 %(day)s.xlsx",
    "The new term has been recorded.": "新一届任期已记录。",
    "%(name)s has been set up.": "%(name)s 已成立。",
    "%(name)s has been seated.": "%(name)s 已任职。",
    "The seat of %(name)s has ended.": "%(name)s 的任职已结束。",
    # — templates/party/structure —
    "No finding: every organisation fits its size and its rules.": (
        "未发现问题：各党组织的设置均符合规定。"
    ),
    "Set up an organisation under it": "设立下级党组织",
    "joint": "联合",
    "Term": "任期",
    "Committee": "委员会",
    "In the seat": "任职期间",
    "End the seat": "结束任职",
    "No seat recorded.": "尚无任职记录。",
    "Organisations under it": "下级党组织",
    "None.": "无。",
    "Findings of the structural rules": "组织设置检查发现的问题",
    "Seat a committee member": "增补委员",
    "Seat": "任职",
    "Record a new term": "记录换届",
    "Record the term": "记录任期",
    "dissolved on %(day)s": "已于 %(day)s 撤销",
    "%(members)s members, %(full)s of them full members": (
        "党员 %(members)s 名，其中正式党员 %(full)s 名"
    ),
    "Set up an organisation": "设立党组织",
    "Set up": "设立",
    "No organisation matches.": "没有符合条件的党组织。",
    "%(full)s full": "正式 %(full)s",
    "Organisation (with everything under it)": "党组织（含全部下级）",
    "All I see": "我可见的全部",
    "%(n)s finding on %(day)s.": "%(day)s 共发现 %(n)s 个问题。",
}
