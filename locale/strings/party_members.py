"""Simplified Chinese of the member register's pages, API and exports (shequ/party: views,
forms, selectors and services of the members area, templates/party/members; R-PM-1, R-PM-7,
item 12 "my party page").

Terms: party member register = 党员名册; organisation holding the membership = 组织关系所在党组织;
transfer of membership = 组织关系转接 (in 转入, out 转出, between organisations here 内部调整);
introduction letter = 介绍信; member service card = 党员服务卡; management mode = 管理方式;
my party page = 我的党建; my tasks = 我的待办.
Msgids shared with other areas (Search, Clear, Save, Cancel, Note, Name, Address, Register,
Employer, ID number, Export (xlsx) …) are translated there.
"""

TRANSLATIONS = {
    # — forms_members.py —
    "All": "全部",
    "Name, pinyin or member service card number.": "姓名、拼音或党员服务卡号。",
    "Organisation": "党组织",
    "party member\x04Category": "党员类别",
    "party member\x04Stage": "党员身份",
    "party member\x04State": "状态",
    "Membership held": "组织关系",
    "By an organisation here": "在本地党组织",
    "Elsewhere (resident here)": "在外地（居住在本地）",
    "Name, pinyin, letter number or organisation.": "姓名、拼音、介绍信编号或党组织。",
    "Direction": "转接类型",
    "Letter issued from": "介绍信开具日期自",
    "Letter issued until": "介绍信开具日期至",
    "The end of the period is before its start.": "截止日期早于起始日期。",
    "Find the resident": "查找居民",
    "His full ID number; or, if you may see the residents' registry, his name, pinyin or phone.": (
        "完整的身份证号；有权查看居民信息的，也可输入姓名、拼音或电话。"
    ),
    "Joined the party": "入党日期",
    "Full member since": "转正日期",
    "Required for a full member.": "正式党员必填。",
    "Required for an in-service member.": "在职党员必填。",
    "Organisation holding the membership": "组织关系所在党组织",
    "Or: organisation elsewhere holding it": "或：组织关系所在的外地党组织",
    "For a member who lives here and belongs to an organisation elsewhere.": (
        "适用于居住在本地、组织关系在外地的党员。"
    ),
    "Party group": "党小组",
    "Party organisation of the employer": "工作单位党组织",
    "Member service card": "党员服务卡号",
    "Letter number": "介绍信编号",
    "The number of the introduction letter (介绍信).": "组织关系介绍信的编号。",
    "Organisation receiving him": "接收党组织",
    "Organisation he comes from": "转出党组织",
    "Letter issued": "介绍信开具日期",
    "Letter received": "介绍信接收日期",
    "Organisation he goes to": "转入党组织",
    "Date of the move": "调整日期",
    # — views/members.py —
    "party members %(day)s.xlsx": "党员名册 %(day)s.xlsx",
    "%(name)s is now in the member register.": "%(name)s已登记入党员名册。",
    "Find the resident again: the choice has expired.": "所选居民已失效，请重新查找。",
    "%(name)s's membership has been transferred in.": "%(name)s的组织关系已转入。",
    "The member record has been saved.": "党员信息已保存。",
    "%(name)s's membership has been transferred out.": "%(name)s的组织关系已转出。",
    "He is no longer in the register.": "该党员已不在党员名册中。",
    "%(name)s's membership has moved to %(org)s.": "%(name)s的组织关系已调整至%(org)s。",
    "membership transfers %(day)s.xlsx": "组织关系转接 %(day)s.xlsx",
    # — services/members_export.py —
    "Elsewhere: %(org)s": "外地：%(org)s",
    "Card number": "服务卡号",
    "Managed at": "管理地",
    "Management mode": "管理方式",
    "Left on": "离开日期",
    "Party members": "党员名册",
    "transfer\x04From": "转出方",
    "transfer\x04To": "转入方",
    "Membership transfers": "组织关系转接",
    # — api/members.py —
    "You are not in the party member register.": "您不在党员名册中。",
    # — templates/party/members —
    "Party member register": "党员名册",
    "Transfers of membership": "组织关系转接",
    "Transfers": "组织关系转接",
    "Transfer in": "组织关系转入",
    "Transfer out": "组织关系转出",
    "Transfer of membership in": "组织关系转入",
    "Record the transfer": "登记转接",
    "Choose another resident": "改选其他居民",
    "Registered as belonging to %(org)s: his record moves to the organisation chosen.": (
        "该党员登记为%(org)s的党员：转入后其组织关系调整至所选党组织。"
    ),
    "Register a member": "登记党员",
    "No member matches.": "没有符合条件的党员。",
    "Party member": "党员",
    "Resident record": "居民档案",
    "Edit": "编辑",
    "Move to another organisation here": "调整至本地其他党组织",
    "Edit the record of %(name)s": "编辑%(name)s的党员信息",
    "Transfer the membership of %(name)s out": "转出%(name)s的组织关系",
    "Move the membership of %(name)s to another organisation here": (
        "将%(name)s的组织关系调整至本地其他党组织"
    ),
    "Record the move": "登记调整",
    "No transfer recorded.": "暂无转接记录。",
    "He is already in the register, held by %(org)s.": "该居民已在党员名册中，组织关系在%(org)s。",
    "He is already in the register as belonging to %(org)s: record his arrival as a transfer in.": (
        "该居民已登记为%(org)s的党员：请按组织关系转入办理。"
    ),
    "Find": "查找",
    "Choose": "选择",
    "No resident found where you run party work.": "在您负责的党建范围内未找到该居民。",
    "My party page": "我的党建",
    "My record": "我的党员信息",
    "My tasks": "我的待办",
    "If you are a party member living or working here, ask your branch secretary or the "
    "community to register you or to record the transfer of your membership.": (
        "如果您是在本地居住或工作的党员，请联系支部书记或社区为您登记，或办理组织关系转接。"
    ),
    "This part of your page cannot be shown just now.": "此部分暂时无法显示。",
    "Nothing for you to do just now.": "暂无待办事项。",
}
