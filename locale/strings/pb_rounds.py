"""Simplified Chinese of 民生微实事 rounds (shequ/pb: models/rounds.py, models/ballots.py,
models/extras.py, workflow.py, services/{rounds,projects,ballots}.py, selectors/{rounds,
ballots}.py, forms.py, views/{index,rounds,projects,vote}.py, api/{rounds,ballots}.py,
templates/pb/{index.html,rounds,projects,vote}; R-PB-1 … R-PB-3).

Terms: round = 轮次; micro-project = 民生微实事项目; propose = 申报; vet = 审核 (feasible = 可行);
shortlist / put on the ballot = 列入选票 (by the council = 居民议事会); ballot = 选票; cast =
投票; co-funding = 共建资金 (company = 企业, donor = 捐赠人); receipt = 投票回执; paper code =
纸质选票编码; budget = 预算; cost cap = 限额.
"""

TRANSLATIONS = {
    # — models —
    "budget (yuan)": "预算（元）",
    "phase": "阶段",
    "ballot": "选票",
    "fewest projects on a ballot": "每张选票最少选择项目数",
    "most projects on a ballot": "每张选票最多选择项目数",
    "points to spread": "可分配分数",
    "rule": "分配规则",
    "completion": "补充分配方式",
    "metadata": "元数据",
    "micro-project round": "民生微实事轮次",
    "micro-project rounds": "民生微实事轮次",
    "round phase": "轮次阶段",
    "round phases": "轮次阶段",
    "cost (yuan)": "费用（元）",
    "location": "地点",
    "vetting note": "审核意见",
    "vetted at": "审核时间",
    "put on the ballot at": "列入选票时间",
    "micro-projects": "民生微实事项目",
    "proposed by": "申报人",
    "vetted by": "审核人",
    "put on the ballot by": "列入选票人",
    "voted on": "投票日期",
    "participation": "投票记录",
    "participations": "投票记录",
    "voter id": "投票人编号",
    "ballots": "选票",
    "points": "分数",
    "rank": "排名",
    "ballot mark": "选票选项",
    "ballot marks": "选票选项",
    "project": "项目",
    "round step": "轮次阶段变更",
    "round steps": "轮次阶段变更",
    "project photo": "项目照片",
    "project photos": "项目照片",
    "Company": "企业",
    "Donor": "捐赠人",
    "Pledged": "已认捐",
    "funder": "出资方",
    "pledged on": "认捐日期",
    "recorded at": "登记时间",
    "co-funding": "共建资金",
    "issued at": "发放时间",
    "entered on": "录入日期",
    "paper ballot code": "纸质选票编码",
    "paper ballot codes": "纸质选票编码",
    # — workflow.py —
    "Open for proposals": "开始征集项目",
    "Close proposals and vet them": "截止征集并审核",
    "Hand over to the council": "提交居民议事会确定候选项目",
    "Open voting": "开始投票",
    "Close voting and allocate": "截止投票并分配资金",
    "Publish the results": "公布结果",
    "Start the work": "开始实施",
    "Check and accept": "进行验收",
    "Open the evaluation": "开始评价",
    # — services —
    "The budget must be more than zero.": "预算必须大于零。",
    "The most projects on a ballot cannot be fewer than the fewest.": (
        "每张选票最多选择项目数不能少于最少选择项目数。"
    ),
    "The round has no dates for all its phases.": "该轮次尚未设定全部阶段的日期。",
    "No project is on the ballot: the council must shortlist at least one project before "
    "voting opens.": "选票上还没有项目：开始投票前，居民议事会须至少将一个项目列入选票。",
    "The results cannot be published before the allocation has been run.": (
        "尚未进行资金分配，不能公布结果。"
    ),
    "%(count)d projects funded, %(spent)s of %(budget)s yuan. The page of the results explains "
    "why each project was or was not funded.": (
        "共资助 %(count)d 个项目，使用 %(spent)s 元（预算 %"
        "(budget)s 元）。结果页面逐项说明了每个项目获得或未获得资助的原因。"
    ),
    "A round in %(from)s cannot move to %(to)s.": "处于“%(from)s”阶段的轮次不能转入“%(to)s”。",
    "A round belongs to a community or a subdistrict.": "轮次只能设在社区或街道。",
    "Unknown phase.": "未知的阶段。",
    "This round has no dates for that phase.": "该轮次没有这一阶段的日期。",
    "The round has left this phase; its dates stay.": "该轮次已结束这一阶段，其日期不再调整。",
    "A phase cannot end before it starts.": "阶段的结束日期不能早于开始日期。",
    "yuan": "元",
    "Results of %(round)s": "%(round)s结果公示",
    "The phase would overlap %(phase)s, which ends on %(day)s.": (
        "该阶段将与“%(phase)s”重叠（其结束日期为 %(day)s）。"
    ),
    "The allocation rules are not installed.": "资金分配规则尚未安装。",
    "Proposals are collected only while the round is collecting them.": (
        "只有在项目征集阶段才能申报项目。"
    ),
    "Your account may not make proposals.": "您的账号不能申报项目。",
    "%(cost)s yuan is over the cap of %(cap)s yuan for %(category)s.": (
        "%(cost)s 元超过了%(category)s类项目 %(cap)s 元的限额。"
    ),
    "Give the project a title.": "请填写项目名称。",
    "The place lies outside the round's territory.": "该地点不在本轮次的辖区内。",
    "Name the company or donor.": "请填写企业或捐赠人名称。",
    "Only residents of %(area)s may propose projects in this round.": (
        "只有%(area)s的居民可以在本轮次申报项目。"
    ),
    "The cost must be more than zero.": "费用必须大于零。",
    "Projects are vetted before the council's shortlisting.": (
        "项目审核须在居民议事会确定候选项目之前进行。"
    ),
    "Only the council or the round's managers shortlist projects.": (
        "只有居民议事会或本轮次的管理人员可以确定候选项目。"
    ),
    "Projects are put on the ballot while the council shortlists them.": (
        "只有在居民议事会确定候选项目阶段才能将项目列入选票。"
    ),
    "Only a project found feasible can be put on the ballot.": "只有审核可行的项目才能列入选票。",
    "This project is not on the ballot.": "该项目不在选票上。",
    "The amount must be more than zero.": "金额必须大于零。",
    "Enter the amount as a number of yuan.": "请以元为单位填写金额。",
    "Unknown category.": "未知的类别。",
    "Photos are added while proposals are collected and vetted.": (
        "只能在项目征集和审核阶段添加照片。"
    ),
    "This project can no longer be vetted.": "该项目已不能再审核。",
    "Give the reason the project is not feasible.": "请说明项目不可行的理由。",
    "Only a pledge can be marked paid.": "只有认捐记录才能标记为已到账。",
    "Enter the cost as a number of yuan.": "请以元为单位填写费用。",
    "At most %(n)d photos per project.": "每个项目最多 %(n)d 张照片。",
    "%(name)s: the photo is larger than %(mb)s MB.": "%(name)s：照片超过 %(mb)s MB。",
    "%(name)s: not a photo (JPEG, PNG or WebP).": "%(name)s：不是照片（仅限 JPEG、PNG 或 WebP）。",
    "(no name)": "（无文件名）",
    "Your account is not linked to a resident; ask your community.": (
        "您的账号未关联居民信息，请联系所在社区。"
    ),
    "Only residents of %(area)s vote in this round.": "只有%(area)s的居民可以在本轮次投票。",
    "Voters must be at least %(age)d years old on %(day)s.": (
        "投票人在 %(day)s 须年满 %(age)d 周岁。"
    ),
    "Only projects on this round's ballot can be chosen.": "只能选择本轮次选票上的项目。",
    "Choose at least one project.": "请至少选择一个项目。",
    "Choose each project once.": "每个项目只能选择一次。",
    "%(name)s has already voted in this round (%(channel)s, %(day)s); a second ballot is "
    "refused.": "%(name)s 已在本轮次投票（%(channel)s，%(day)s），不能再次投票。",
    "Voting is not open in this round.": "本轮次目前不在投票阶段。",
    "Paper codes are issued before and during voting.": "纸质选票编码只能在投票前和投票期间发放。",
    "No paper ballot of this round has this code.": "本轮次没有该编码的纸质选票。",
    "The ballot is empty.": "选票为空。",
    "Points cannot be negative.": "分数不能为负数。",
    "Rank the projects 1, 2, 3… without gaps or ties.": "请按 1、2、3……连续排序，不得空缺或并列。",
    "Choose at least %(n)d projects.": "请至少选择 %(n)d 个项目。",
    "Choose at most %(n)d projects.": "最多只能选择 %(n)d 个项目。",
    "The ballot with this code was already entered on %(day)s.": "该编码的选票已于 %(day)s 录入。",
    "The ballot cannot be read.": "无法识别该选票。",
    "You gave %(total)d points; you have %(points)d to spread.": (
        "您分配了 %(total)d 分，但可分配的分数只有 %(points)d 分。"
    ),
    "The projects you chose cost %(total)s yuan, more than the budget of %(budget)s yuan.": (
        "您所选项目的费用合计 %(total)s 元，超过了 %(budget)s 元的预算。"
    ),
    "Only eligible voters of this round get a code.": "只有本轮次有投票资格的居民才能获得编码。",
    # — selectors —
    "Micro-project rounds": "民生微实事轮次",
    "Budget (yuan)": "预算（元）",
    "Ballot": "选票类型",
    "Phase": "阶段",
    "Projects": "项目",
    "Rounds you can vote in": "可以参加投票的轮次",
    "My ballots": "我的投票",
    # — forms —
    "Fewest projects on a ballot": "每张选票最少选择项目数",
    "Most projects on a ballot": "每张选票最多选择项目数",
    "Points to spread (cumulative ballots)": "可分配分数（积分投票）",
    "Proposals open on": "开始征集日期",
    "What should be done": "要办的实事",
    "Why, and for whom": "理由及受益人群",
    "Estimated cost (yuan)": "预估费用（元）",
    "Cost found (yuan)": "核定费用（元）",
    "Reason or note": "理由或备注",
    "Company or donor": "企业或捐赠人",
    "Pledged on": "认捐日期",
    "Code on the paper ballot": "纸质选票上的编码",
    "Feasible": "可行",
    "Not feasible": "不可行",
    "Your receipt": "您的投票回执",
    # — views —
    "micro-project rounds %(day)s.xlsx": "民生微实事轮次 %(day)s.xlsx",
    "Round created.": "轮次已创建。",
    "The round has moved on.": "轮次已进入下一阶段。",
    "The dates have moved; the later phases moved with them.": "日期已调整，后续各阶段随之顺延。",
    "The paper ballot is entered.": "纸质选票已录入。",
    "%(title)s: saved.": "%(title)s：已保存。",
    "%(n)d paper codes issued.": "已发放 %(n)d 个纸质选票编码。",
    "The finding is recorded.": "审核意见已记录。",
    "The co-funding is recorded.": "共建资金已登记。",
    "Thank you: your proposal is registered as %(code)s.": "谢谢！您的申报已登记，编号 %(code)s。",
    "Unknown territory.": "未知的辖区。",
    "Unknown round.": "未知的轮次。",
    # — templates —
    "Micro-projects": "民生微实事",
    "Micro-project rounds (民生微实事)": "民生微实事轮次",
    "Check a receipt": "核对投票回执",
    "New round": "新建轮次",
    "No round matches.": "没有符合条件的轮次。",
    "New micro-project round": "新建民生微实事轮次",
    "Each phase gets its dates from the configured lengths; you can move them on the round's "
    "page.": "各阶段日期按配置的时长自动生成，可在轮次页面调整。",
    "Shortlist": "确定候选项目",
    "Shortlist: which projects go on the ballot": "确定候选项目：哪些项目列入选票",
    "The council shortlists while the round is in its shortlisting phase.": (
        "居民议事会在确定候选项目阶段进行遴选。"
    ),
    "Take off the ballot": "移出选票",
    "Put on the ballot": "列入选票",
    "No project has been found feasible yet.": "尚无审核可行的项目。",
    "put on the ballot by %(who)s at %(when)s": "由 %(who)s 于 %(when)s 列入选票",
    "Propose a project": "申报项目",
    "Shortlist (council)": "确定候选项目（议事会）",
    "Paper codes": "纸质选票编码",
    "Enter a paper ballot": "录入纸质选票",
    "The round": "本轮次",
    "On the ballot (yuan)": "列入选票项目合计（元）",
    "Funded (yuan)": "获资助（元）",
    "Co-funding (yuan)": "共建资金（元）",
    "Phases": "阶段安排",
    "Move a phase": "调整阶段日期",
    "The later phases move by as many days as this one's end.": (
        "后续各阶段随本阶段结束日期同步顺延。"
    ),
    "Cost (yuan)": "费用（元）",
    "No project yet.": "暂无项目。",
    "at least %(n)s": "至少 %(n)s 项",
    "at most %(n)s": "至多 %(n)s 项",
    "%(n)s points": "%(n)s 分",
    "Vetting:": "审核意见：",
    "Vetting": "审核",
    "Record the finding": "记录审核意见",
    "Money": "资金",
    "Public money (yuan)": "财政资金（元）",
    "Co-funding pledged (yuan)": "共建资金·已认捐（元）",
    "Co-funding paid (yuan)": "共建资金·已到账（元）",
    "Total (yuan)": "合计（元）",
    "Record co-funding": "登记共建资金",
    "Put on the ballot by the council on %(when)s.": "居民议事会于 %(when)s 将其列入选票。",
    "Cost caps:": "费用限额：",
    "Services": "服务类",
    "Goods": "货物类",
    "Works": "工程类",
    "Submit the proposal": "提交申报",
    "Check your receipt": "核对投票回执",
    "Not found: no ballot has this receipt. Check that you copied it exactly.": (
        "未找到：没有与该回执对应的选票。请检查是否抄写无误。"
    ),
    "Found: a ballot with this receipt is counted in %(round)s.": (
        "已找到：与该回执对应的选票已计入“%(round)s”。"
    ),
    "You have voted in this round. Thank you.": "您已在本轮次投票，谢谢参与。",
    "Cast my ballot": "提交我的选票",
    "Spread up to %(n)s points over the projects you support.": (
        "请将最多 %(n)s 分分配给您支持的项目。"
    ),
    "Choose projects whose costs add up to no more than the budget of %(budget)s yuan.": (
        "请选择费用合计不超过 %(budget)s 元预算的项目。"
    ),
    "Choose at least %(n)s project(s)": "请至少选择 %(n)s 个项目",
    ", at most %(n)s": "，至多 %(n)s 个",
    "Points used": "已用分数",
    "Cost chosen (yuan)": "已选费用（元）",
    "Projects chosen": "已选项目",
    "One point less": "减一分",
    "Points for": "分数：",
    "One point more": "加一分",
    "Your ballot is cast": "投票成功",
    "This is your receipt. It is shown only this once: write it down or take a photo of it. With "
    "it you can check that your ballot is counted; it does not show how you voted, and nobody "
    "else can link it to you.": (
        "这是您的投票回执，只显示这一次，请抄下或拍照保存。凭回执可以核对"
        "您的选票已被计入；回执不显示您投了什么，他人也无法将它与您对应。"
    ),
    "Back to the round": "返回轮次",
    "Paper ballot codes": "纸质选票编码",
    "Issue codes to every eligible voter": "为所有有投票资格的居民发放编码",
    "Entered on": "录入日期",
    "No code issued yet.": "尚未发放编码。",
    "Enter the ballot": "录入选票",
    "Vote in %(title)s": "参加“%(title)s”投票",
}
