"""Simplified Chinese of topics, procedures and proposals (shequ/deliberation: procedures.py,
models/topics.py, models/proposals.py, services/topics.py, services/proposals.py,
selectors/topics.py, selectors/proposals.py, views/topics.py, views/proposals.py,
forms_topics.py, api/topics.py, api/proposals.py, templates/deliberation/{topics,proposals}/;
R-DLB-2, R-DLB-5).

Terms: topic = 议题; procedure = 议事程序; step = 步骤; motion = 议案; passed = 通过;
proposal = 提案; party member's proposal = 党员提案; community proposal = 社区提案;
co-sign = 附议; accept = 采纳; decline = 不予采纳; public evaluation = 公开评议;
affects all residents = 涉及全体居民; board = 公开栏.

Msgids shared with other areas (Search, Clear, All, Title, Status, Kind, Community, Export
(xlsx), Cancel, Submit, Reason, Rating, Comment …) are translated there; those that would
read differently here carry a context ("topic", "topic state", "proposal").
"""

TRANSLATIONS = {
    # — procedures.py —
    "Community party organisation": "社区党组织",
    "Four deliberations, two disclosures": "四议两公开",
    "Party branch proposes": "党支部提议",
    "Two committees discuss": "两委会议商议",
    "Party members review": "党员大会审议",
    "Residents' representatives decide": "居民代表会议决议",
    "Decision published": "决议公开",
    "Outcome published and publicly evaluated": "实施结果公开并公开评议",
    "Five-step method": "五步工作法",
    "Raised in public": "公开征集议题",
    "Discussed in joint meeting": "联席会议商议",
    "Decided by vote": "民主表决决定",
    "Carried out": "组织实施",
    "Supervised": "监督评议",
    # — forms_topics.py —
    "Title or description": "标题或内容",
    "Procedure": "议事程序",
    "Current step": "当前步骤",
    "Affects all residents": "涉及全体居民",
    "Then only the residents' assembly may decide it.": "此类事项只能由居民会议决定。",
    "What was decided or done": "决定或办理情况",
    "Passed motion": "已通过的议案",
    "Documents": "相关材料",
    "Title or text": "标题或内容",
    "Only mine": "只看我的",
    "What you propose, and why": "提案内容及理由",
    "Title of the topic": "议题标题",
    "Left empty, the proposal's title.": "不填则沿用提案标题。",
    "Reason for declining": "不予采纳的理由",
    # — models/topics.py —
    "Opened directly": "直接立项",
    "From a proposal": "由提案转立",
    "In progress": "办理中",
    "topic state\x04Decided": "已决定",
    "Completed": "已完成",
    "topic\x04description": "议题说明",
    "procedure": "议事程序",
    "steps": "步骤",
    "steps done": "已完成步骤数",
    "current step": "当前步骤",
    "affects all residents": "涉及全体居民",
    "Only the residents' assembly may decide it (R-DLB-3).": "只能由居民会议决定（R-DLB-3）。",
    "origin": "来源",
    "evaluation opened": "评议开始时间",
    "opened by": "立项人",
    "topic": "议题",
    "topics": "议题",
    "step number": "步骤序号",
    "step name": "步骤名称",
    "topic\x04step": "步骤",
    "motion": "议案",
    "publication": "公开栏公示",
    "topic step": "议题步骤",
    "topic steps": "议题步骤",
    "topic document": "议题材料",
    "topic documents": "议题材料",
    "topic evaluation": "议题评议",
    "topic evaluations": "议题评议",
    # — models/proposals.py —
    "Party member's proposal": "党员提案",
    "Community proposal": "社区提案",
    "Submitted": "已提交",
    "proposal\x04Accepted": "已采纳",
    "Declined": "未采纳",
    "text": "内容",
    "proposer": "提案人",
    "signing link": "附议链接",
    "answered": "答复时间",
    "answered by": "答复人",
    "reason for declining": "不予采纳的理由",
    "proposal": "提案",
    "proposals": "提案",
    "co-signer": "附议人",
    "signed": "附议时间",
    "co-signature": "附议",
    "co-signatures": "附议",
    # — services/topics.py —
    "Choose a procedure.": "请选择议事程序。",
    "A topic belongs to a community.": "议题须属于一个社区。",
    "This step takes no motion.": "此步骤不需要议案。",
    "This step needs a passed motion of a meeting of %(body)s.": (
        "此步骤须有%(body)s会议通过的议案。"
    ),
    "The motion's body is not one of this topic's community.": (
        "该议案的会议机构不属于本议题所在社区。"
    ),
    "The motion must be of a meeting of %(body)s, not of %(other)s.": (
        "议案须由%(body)s会议通过，而不是%(other)s。"
    ),
    "The motion %(title)s has not passed.": "议案“%(title)s”尚未通过。",
    "This motion is already recorded for another step of this topic.": (
        "该议案已登记在本议题的其他步骤中。"
    ),
    "This step needs its documents (minutes, the decision, photos).": (
        "此步骤须上传相关材料（会议记录、决议、照片）。"
    ),
    "Every step of this topic is done.": "本议题的所有步骤均已完成。",
    "The next step should be: %(step)s": "下一步应为：%(step)s",
    "Record what was decided or done.": "请填写决定或办理情况。",
    "This step has just been recorded.": "此步骤刚刚已被登记。",
    "The outcome is not published yet.": "实施结果尚未公开。",
    "Only residents of the community rate its topics.": "只有本社区居民可以评议本社区议题。",
    "Give a rating from 1 to 5.": "请给出 1 至 5 分的评价。",
    "You have already rated this topic.": "您已评议过此议题。",
    "Origin": "来源",
    "Steps done": "已完成步骤",
    "Opened": "立项时间",
    "Mean rating": "平均评分",
    "Number of ratings": "评价人数",
    "Topics": "议题",
    # — services/proposals.py —
    "Your account is not linked to your resident record; ask the community to link it.": (
        "您的账号尚未关联居民信息，请联系社区关联。"
    ),
    "%(name)s lives in no community.": "%(name)s 不属于任何社区。",
    "You may not propose here.": "您无权在此提交提案。",
    "Say what you propose.": "请填写提案内容。",
    "You may not sign proposals here.": "您无权附议此处的提案。",
    "The proposal has been answered; it takes no more signatures.": "该提案已答复，不再接受附议。",
    "The proposer cannot co-sign his own proposal.": "提案人不能附议自己的提案。",
    "Only residents of %(community)s co-sign it.": "只有%(community)s的居民可以附议。",
    "%(name)s has already signed it.": "%(name)s 已附议。",
    "The proposal has already been answered.": "该提案已答复。",
    "Give the reason for declining.": "请填写不予采纳的理由。",
    "Proposer": "提案人",
    "Co-signers": "附议人",
    "Topic": "议题",
    "Proposals": "提案",
    # — selectors —
    "Topics awaiting your evaluation": "待您评议的议题",
    "Accepted as a topic": "已采纳并立为议题",
    "Topic under way": "议题办理中",
    "Topic at step: %(step)s": "议题进行到：%(step)s",
    "Topic: every step done": "议题：所有步骤均已完成",
    "My proposals": "我的提案",
    # — views —
    "topics %(day)s.xlsx": "议题 %(day)s.xlsx",
    "Topic opened.": "议题已立项。",
    "Step recorded: %(step)s": "已登记步骤：%(step)s",
    "proposals %(day)s.xlsx": "提案 %(day)s.xlsx",
    "Proposal submitted. Share its signing link with your neighbours to gather co-signers.": (
        "提案已提交。请将附议链接分享给邻居，征集附议人。"
    ),
    "Proposal accepted; it is now a topic.": "提案已采纳，已立为议题。",
    "Proposal declined.": "已不予采纳该提案。",
    "You have co-signed the proposal.": "您已附议该提案。",
    # — templates —
    "Open a topic": "议题立项",
    "No topic matches.": "没有符合条件的议题。",
    "the platform": "平台",
    "Only the residents' assembly may decide it.": "只能由居民会议决定。",
    "topic\x04Steps": "议事步骤",
    "Next step": "下一步",
    "Motion": "议案",
    "Published on the board": "已在公开栏公示",
    "Recording this step posts it on the community's board.": "登记此步骤后将在社区公开栏公示。",
    "Public evaluation": "公开评议",
    "No rating yet.": "尚无评价。",
    "Record the step: %(step)s": "登记步骤：%(step)s",
    "Mean %(mean)s of %(count)s ratings": "平均 %(mean)s 分，共 %(count)s 人评价",
    "You rated it %(rating)s of 5.": "您的评分：%(rating)s / 5。",
    "Submit a proposal": "提交提案",
    "No proposal matches.": "没有符合条件的提案。",
    "The proposal goes to your community's party organisation. Until it answers, only you, "
    "your co-signers and the community's staff see it.": (
        "提案将提交给您所在社区的党组织。答复之前，只有您、附议人和社区工作人员可以看到。"
    ),
    "Co-sign a proposal": "附议提案",
    "This is your own proposal.": "这是您自己的提案。",
    "You have co-signed it.": "您已附议。",
    "Co-sign": "附议",
    "%(n)s co-signer": "%(n)s 人附议",
    "Path to a decision": "办理进程",
    "Open the topic": "查看议题",
    "No co-signer yet.": "尚无附议人。",
    "Signing link to share with neighbours:": "分享给邻居的附议链接：",
    "Accept as a topic": "采纳并立为议题",
    "proposal\x04Accept": "采纳",
    "Decline": "不予采纳",
}
