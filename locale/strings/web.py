"""Simplified Chinese of the import and export pages (shequ/sheets views, forms, templates)."""

TRANSLATIONS = {
    "Import & export": "导入导出",
    "Import a sheet": "导入表格",
    "Imports": "导入记录",
    "Exports": "导出记录",
    "Import": "导入",
    "Import into": "导入到",
    "No import yet.": "暂无导入记录。",
    "No export yet.": "暂无导出记录。",
    "File": "文件",
    "File name": "文件名",
    "Search by file name": "按文件名搜索",
    "Sheet": "表格类型",
    "Rows": "行数",
    "Rejected": "未通过",
    "Started by": "操作人",
    "Format": "格式",
    "Encoding": "编码",
    "Personal data": "个人信息",
    "full": "完整",
    "masked": "已脱敏",
    "full personal data": "含完整个人信息",
    "personal data masked": "个人信息已脱敏",
    "%(kind)s template.xlsx": "%(kind)s导入模板.xlsx",
    "Excel (.xlsx, .xls) or CSV (UTF-8 or GBK). The first rows may be a title.": (
        "Excel（.xlsx、.xls）或 CSV（UTF-8 或 GBK 编码）。表头上方可以有标题行。"
    ),
    "Create missing flats": "自动创建缺少的房屋",
    "Otherwise a row whose flat is not in the registry is rejected.": (
        "不勾选时，房屋不在台账中的行将不予导入。"
    ),
    "Next you check which field each column holds, with the first rows of the file shown "
    "masked; nothing is saved before you start the import.": (
        "下一步将核对每一列对应的字段，并以脱敏方式显示文件的前几行；开始导入之前不会保存任何数据。"
    ),
    "Upload": "上传",
    "Empty templates": "空白模板",
    "A sheet with the column headings the import recognises. Your own sheets may use other "
    "headings: you map them in the next step.": (
        "含系统可识别列标题的空白表格。您自己的表格也可以使用其他列标题，在下一步中对应字段即可。"
    ),
    "Map the columns": "核对列对应关系",
    "%(n)s row": "%(n)s 行",
    "Choose the field each column of your file holds. Columns marked “unrecognised” were not "
    "known: pick their field or leave them ignored. The headings you map are remembered for "
    "this community's next sheets.": (
        "请为文件的每一列选择对应的字段。标有“未识别”的列系统无法识别：请选择其字段，或保持忽略。"
        "您设定的列标题将被记住，本社区下次导入时自动识别。"
    ),
    "unrecognised": "未识别",
    "Field of column “%(heading)s”": "“%(heading)s”列对应的字段",
    "Column %(n)s": "第 %(n)s 列",
    "The file has no data rows under its heading.": "文件表头下没有数据行。",
    "Start import": "开始导入",
    "Later": "稍后再说",
    "%(done)s / %(total)s rows": "%(done)s / %(total)s 行",
    "No sign of life for over two minutes": "已超过两分钟没有进展",
    "Progress": "进度",
    "Rows per second": "每秒行数",
    "Unchanged": "无变化",
    "Updated": "已更新",
    "Finished": "完成时间",
    "Downloaded": "下载时间",
    "Resume": "继续导入",
    "Download error report": "下载错误报告",
    "Row": "行号",
    "What is wrong": "问题说明",
    "The first %(n)s rejected row is shown; the error report has them all.": (
        "此处显示前 %(n)s 条未通过的行，完整内容请下载错误报告。"
    ),
    "You may leave this page: the import goes on, and this page shows where it stands when "
    "you come back.": "您可以离开本页面：导入会在后台继续进行，回到本页面即可查看进度。",
    "The import continues where it stopped.": "导入将从中断处继续。",
    "Only for CSV.": "仅用于 CSV 格式。",
    "Include full personal data": "包含完整个人信息",
    "ID numbers and phones in full. The export and its reason are logged.": (
        "导出完整的身份证号和联系电话。本次导出及其事由将被记录在审计日志中。"
    ),
    "Why do you need the full values?": "为什么需要完整信息？",
    "The columns are those of the import: an exported sheet can be imported again.": (
        "导出的列与导入相同：导出的表格可以再次导入。"
    ),
    "ID numbers and phones are masked in the file.": "文件中的身份证号和联系电话已脱敏。",
    "Download": "下载",
    "The file is kept until it has been downloaded once.": "文件仅保留至首次下载。",
    "Only the person who made an export may download it.": "只有发起导出的人可以下载该文件。",
    "The file has been downloaded and is no longer kept; export again for a new copy.": (
        "文件已被下载，不再保留；如需再次获取，请重新导出。"
    ),
    "The file is no longer kept; export again.": "文件已不再保留，请重新导出。",
}
