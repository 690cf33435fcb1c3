"""Simplified Chinese of bodies, seats, constituencies, the sizing report, convening petitions,
the disclosure board's pages and the self-government index (shequ/deliberation: models/bodies.py
(the fields of the core as well), models/petitions.py, services/bodies.py, services/petitions.py,
selectors/{bodies,petitions,board}.py, views/{index,bodies,petitions,board}.py, forms_bodies.py,
api/{bodies,board}.py, templates/deliberation/{index.html,bodies,petitions,board}/; R-DLB-1,
R-DLB-3, R-DLB-6, R-ORG-7).

Terms: body = 组织（议事机构）; seat = 席位; residents' committee = 居民委员会; residents'
representatives = 居民代表; constituency = 代表联系片区; recall = 罢免; by-election = 补选;
convening petition = 联名提议召开; share = 比例; roll = 名册; disclosure board = 公开栏;
term = 任期; households = 户.
"""

TRANSLATIONS = {
    # — models —
    "who sits in it": "组成方式",
    "quorum": "法定出席比例",
    "share that may require a meeting": "可提议召开的比例",
    "proxies allowed": "允许委托投票",
    "term from": "任期起",
    "term to": "任期止",
    "bodies": "议事组织",
    "constituency": "联系片区",
    "constituencies": "联系片区",
    "how seated": "产生方式",
    "why ended": "离任原因",
    "body member": "组织成员",
    "body members": "组织成员",
    "territory": "所属区域",
    "Share of the eligible who must be present, e.g. 2/3; empty: configured": (
        "应到人数中须出席的比例，如 2/3；留空则按系统配置"
    ),
    "e.g. 1/5; empty: configured": "如 1/5；留空则按系统配置",
    "created by": "创建人",
    "covers": "覆盖范围",
    "fills the seat of": "补选接替",
    "recall decided by": "罢免决定",
    "Signed online": "网上签名",
    "Signed on paper, entered by staff": "纸质签名，工作人员录入",
    "matters to discuss": "提议讨论事项",
    "opened on": "发起日期",
    "share reached": "达到比例时间",
    "withdrawn on": "撤回日期",
    "convening petition": "联名提议",
    "convening petitions": "联名提议",
    "signed at": "签名时间",
    "how signed": "签名方式",
    "petition signature": "联名签名",
    "petition signatures": "联名签名",
    "meeting convened": "召开的会议",
    "petition": "联名提议",
    # — services —
    "Outside %(place)s: %(names)s.": "不在%(place)s范围内：%(names)s。",
    "The term cannot end before it starts.": "任期结束日期不能早于开始日期。",
    "Only a residents' assembly seats all adults or one per household.": (
        "只有居民会议可以由全体成年居民或每户一名代表组成。"
    ),
    "The constituency belongs to another body.": "该联系片区属于其他组织。",
    "The recall cannot take effect before the vote (%(day)s).": (
        "罢免不能早于表决日期（%(day)s）生效。"
    ),
    "A seat whose term ended is filled at the next election, not by a by-election.": (
        "因任期届满空出的席位应在换届选举中产生，不进行补选。"
    ),
    "Constituencies belong to a residents' representatives' assembly.": (
        "联系片区只属于居民代表会议。"
    ),
    "Give a share between 0 and 1, such as 2/3 or 1/5.": (
        "请填写 0 到 1 之间的比例，如 2/3 或 1/5。"
    ),
    "A body belongs to a community or a subdistrict.": "议事组织须设在社区或街道。",
    "%(body)s is dissolved.": "%(body)s已撤销。",
    "%(body)s seats its members from the register of residents: nobody is seated in it one by "
    "one.": "%(body)s的成员按居民登记确定，无需逐一任命。",
    "Name the unit that delegates him.": "请填写委派他的单位。",
    "The seat of %(name)s has already ended.": "%(name)s的席位已经结束。",
    "A recall is recorded with the decision behind it.": "罢免须连同其决定一并记录。",
    "Choose why the seat ends.": "请选择离任原因。",
    "Give the decision that recalls him: its motion, or its reference.": (
        "请提供罢免决定：表决议案，或决定文号。"
    ),
    "The seat of %(name)s is not vacant.": "%(name)s的席位没有空缺。",
    "The seat of %(name)s has already been filled.": "%(name)s的席位已经补选。",
    "%(name)s already sits in %(body)s.": "%(name)s已是%(body)s的成员。",
    "%(name)s does not live in %(place)s.": "%(name)s不住在%(place)s。",
    "The seat cannot end before it began (%(day)s).": "离任日期不能早于就任日期（%(day)s）。",
    "The motion recalling him has not passed.": "罢免议案未获通过。",
    "The motion was decided by a body of another place.": "该议案由其他地方的组织表决。",
    "The by-election cannot seat him before the seat fell vacant (%(day)s).": (
        "补选就任日期不能早于席位空缺日期（%(day)s）。"
    ),
    "%(name)s took the seat after that day.": "%(name)s在该日期之后才就任。",
    "%(name)s is not on the roll of %(body)s.": "%(name)s不在%(body)s的名册上。",
    "The petition has been withdrawn.": "联名提议已撤回。",
    "%(name)s has already signed.": "%(name)s已经签过名。",
    "The petition has reached its share: the body must be convened.": (
        "联名已达到规定比例，必须召开会议。"
    ),
    # — selectors and exports —
    "Ending soon": "即将届满",
    "Bodies": "议事组织",
    "Sizing report": "规模达标情况",
    "My seats": "我的任职",
    "No representative answers for it.": "没有居民代表联系该片区。",
    "Who sits in it": "组成方式",
    "Seats": "席位",
    "Term from": "任期起",
    "Term to": "任期止",
    "Must be convened": "必须召开",
    "Dissolved on": "撤销日期",
    "Standard": "标准",
    "Representatives": "居民代表",
    "At most": "至多",
    "Constituencies off the standard": "不达标的联系片区",
    "Terms ended": "任期已届满",
    "Fewer than %(low)d households per representative.": "每名代表联系不足 %(low)d 户。",
    "More than %(high)d households per representative.": "每名代表联系超过 %(high)d 户。",
    "No residents' committee.": "未设居民委员会。",
    "No residents' representatives' assembly.": "未设居民代表会议。",
    "%(n)d constituencies outside %(low)d–%(high)d households per representative.": (
        "%(n)d 个联系片区不在每名代表 %(low)d–%(high)d 户的范围内。"
    ),
    "The term of %(body)s ended on %(day)s.": "%(body)s的任期已于 %(day)s 届满。",
    "The residents' committee has %(seats)d members; %(households)d households call for "
    "%(standard)d.": "居民委员会现有 %(seats)d 名成员；%(households)d 户应配 %(standard)d 名。",
    "%(reps)d representatives for %(households)d households: one per %(low)d–%(high)d "
    "households calls for %(min)d–%(max)d.": (
        "%(households)d 户现有居民代表 %(reps)d 名；按每 %(low)d–%(high)d 户一名，"
        "应有 %(min)d–%(max)d 名。"
    ),
    "Disclosure board": "公开栏",
    "Name of the body": "组织名称",
    "Name of the constituency": "片区名称",
    # — index —
    "Residents' self-government": "居民自治",
    "Meetings and decisions": "会议与决策",
    "Bodies and their members": "议事组织及其成员",
    "Committees and representatives against the standard": "居委会及居民代表规模达标情况",
    "Set up a body": "设立议事组织",
    "Convening petitions": "联名提议召开",
    "Post a notice": "发布公告",
    "My self-government page": "我的议事",
    "Must be convened (enough members signed a petition):": "必须召开（联名已达规定比例）：",
    "Bodies in being": "现有议事组织",
    "Terms ending or ended": "任期即将或已经届满",
    "Petitions collecting signatures": "征集签名中的联名提议",
    "Newly on the board": "公开栏新内容",
    # — views —
    "bodies %(day)s.xlsx": "议事组织 %(day)s.xlsx",
    "sizing report %(day)s.xlsx": "规模达标情况 %(day)s.xlsx",
    "The constituency has been recorded.": "联系片区已保存。",
    "%(name)s has been changed.": "%(name)s已修改。",
    "%(name)s is dissolved.": "%(name)s已撤销。",
    "%(name)s has been recalled.": "%(name)s已被罢免。",
    "%(name)s has been seated by a by-election.": "%(name)s已经补选就任。",
    "Opened on": "发起日期",
    "Signatures": "签名数",
    "Share reached": "达到比例时间",
    "Meeting convened": "召开的会议",
    "Withdrawn on": "撤回日期",
    "convening petitions %(day)s.xlsx": "联名提议 %(day)s.xlsx",
    "The petition is open for signatures.": "联名提议已发起，可以签名。",
    "The signature of %(name)s is counted.": "已计入%(name)s的签名。",
    "Only those on its roll may ask to convene it.": "只有名册上的成员才能提议召开。",
    "disclosure board %(day)s.xlsx": "公开栏 %(day)s.xlsx",
    "The notice is on the board.": "公告已发布到公开栏。",
    # — forms —
    "Name or place": "名称或地点",
    "Title or body": "标题或组织",
    "Title, text or place": "标题、正文或地点",
    "Only bodies in being": "只看现有组织",
    "A residents' assembly may seat every adult resident, or one per household; other bodies "
    "seat their members.": "居民会议可由全体成年居民或每户一名代表组成；其他组织由其成员组成。",
    "Share that may require a meeting": "可提议召开的比例",
    "Proxies allowed": "允许委托投票",
    "His name, its pinyin or initials.": "姓名、拼音或拼音首字母。",
    "How seated": "产生方式",
    "Constituency": "联系片区",
    "A unit's delegate names his unit.": "单位委派的成员须填写其单位。",
    "Why it ends": "离任原因",
    "Recalled with effect from": "罢免生效日期",
    "Motion that recalled him": "罢免议案",
    "Or the decision's reference": "或决定文号",
    "When the decision was taken outside the platform: its number, the meeting that took it, its "
    "date.": "决定在平台外作出时：填写其文号、作出决定的会议及日期。",
    "Covers": "覆盖范围",
    "Compounds, buildings, entrances or flats.": "小区、楼栋、单元或房屋。",
    "— everything I see —": "— 我可查看的全部 —",
    "Body to convene": "提议召开的组织",
    "Matters to discuss": "提议讨论事项",
    "Term ending or ended": "任期即将或已经届满",
    "Collecting signatures": "征集签名中",
    "Share reached: to be convened": "已达比例，待召开",
    "Meeting scheduled": "已安排会议",
    # — API —
    "No resident of this territory has this id.": "本区域没有该编号的居民。",
    "Your account names no resident.": "您的账号未关联居民。",
    "Not a constituency of this body.": "不是该组织的联系片区。",
    "No passed motion you may see has this id.": "没有您可查看的该编号已通过议案。",
    # — templates —
    "Dissolved": "已撤销",
    "Term ended": "任期已届满",
    "Term ending soon": "任期即将届满",
    "No body matches.": "没有符合条件的组织。",
    "By-election": "补选",
    "Seat a member": "增加成员",
    "By-election to the seat of %(name)s": "补选接替%(name)s",
    "Seat a member of %(name)s": "为%(name)s增加成员",
    "Choose someone else": "改选他人",
    "No resident of this territory found.": "本区域未找到该居民。",
    "Change %(name)s": "修改%(name)s",
    "No meeting planned.": "暂无安排的会议。",
    "Enough members have signed a petition: this body must be convened.": (
        "联名签名已达规定比例：必须召开本组织会议。"
    ),
    "The term ended on %(day)s: elect the next body.": "任期已于 %(day)s 届满：请组织换届选举。",
    "The term ends on %(day)s: prepare the election.": "任期将于 %(day)s 届满：请准备换届选举。",
    "%(n)s on the roll today": "今日名册共 %(n)s 人",
    "%(n)s member": "成员 %(n)s 名",
    "configured": "按系统配置",
    "in place of %(name)s": "接替%(name)s",
    "End or recall": "离任或罢免",
    "Record the recall": "记录罢免",
    "No member seated.": "暂无成员。",
    "Vacant seats": "空缺席位",
    "%(post)s %(name)s: %(reason)s on %(day)s": "%(post)s%(name)s：%(day)s %(reason)s",
    "Why ended": "离任原因",
    "by the motion “%(title)s” of %(meeting)s": "经%(meeting)s议案“%(title)s”决定",
    "Constituencies": "联系片区",
    "Households per representative": "每名代表联系户数",
    "No constituency recorded.": "暂无联系片区。",
    "Add a constituency": "增加联系片区",
    "Dissolve the body": "撤销组织",
    "Dissolve": "撤销",
    "A residents' committee's size follows its households; one representative answers for "
    "%(low)s–%(high)s households.": (
        "居民委员会规模按户数确定；每名居民代表联系 %(low)s–%(high)s 户。"
    ),
    "Within the standard": "符合标准",
    "The term of %(name)s ends on %(day)s.": "%(name)s的任期将于 %(day)s 届满。",
    "No community here.": "此范围内没有社区。",
    "Ask to convene a body": "联名提议召开会议",
    "No petition matches.": "没有符合条件的联名提议。",
    "When enough of those on its roll sign, the body must be convened.": (
        "名册上签名人数达到规定比例时，必须召开会议。"
    ),
    "Open the petition": "发起联名",
    "%(signed)s of the %(needed)s needed (%(roll)s on the roll)": (
        "已签 %(signed)s 人，需 %(needed)s 人（名册共 %(roll)s 人）"
    ),
    "Share reached: the body must be convened.": "已达规定比例：必须召开会议。",
    "Answered by the meeting “%(title)s” on %(day)s.": "已安排会议“%(title)s”（%(day)s）。",
    "You have signed.": "您已签名。",
    "Sign": "签名",
    "Signed by": "签名人",
    "Signed at": "签名时间",
    "How signed": "签名方式",
    "Nobody yet.": "尚无人签名。",
    "Enter a paper signature": "录入纸质签名",
    "Count the signature": "计入签名",
    "Nothing on the board.": "公开栏暂无内容。",
    "on the board until %(day)s": "公开至 %(day)s",
    "See what it is about": "查看相关内容",
}
