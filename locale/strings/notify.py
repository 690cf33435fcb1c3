"""Simplified Chinese of shequ/core's working days, notifications and scheduler (models)."""

TRANSLATIONS = {
    # — working days (节假日调整) —
    "working day": "工作日",
    "working-day override": "节假日调整",
    "working-day overrides": "节假日调整",
    # — notifications —
    "In the platform": "站内消息",
    "Email": "电子邮件",
    "SMS": "短信",
    "Waiting to be sent": "待发送",
    "Sent": "已发送",
    "Not sent (channel not configured)": "未发送（渠道未配置）",
    "address (encrypted)": "地址（加密）",
    "subject": "标题",
    "message": "正文",
    "link": "链接",
    "attempts": "发送次数",
    "sent": "发送时间",
    "read": "阅读时间",
    "error": "错误信息",
    "notification": "通知",
    "notifications": "通知",
    # — scheduler —
    "job": "任务",
    "slot": "时段",
    "enqueued": "入队时间",
    "task id": "任务 ID",
    "scheduled slot": "定时任务时段",
    "scheduled slots": "定时任务时段",
}
