"""Simplified Chinese of the export's messages (shequ/sheets/exporting.py, the export command)."""

TRANSLATIONS = {
    "Choose residents, households or buildings.": "请选择居民、户或楼栋房屋。",
    "Exports are written as CSV or .xlsx.": "导出文件格式只能是 CSV 或 .xlsx。",
    "Choose UTF-8 or GB18030.": "请选择 UTF-8 或 GB18030 编码。",
    "You may not export sheets of this area.": "您无权导出该辖区的台账。",
    "You may not export full personal data of this area.": "您无权导出该辖区未脱敏的个人信息。",
    "State why you need the full personal data.": "请说明需要完整个人信息的理由。",
    "Keep the reason under 200 characters.": "理由不能超过 200 个字符。",
    "The export failed: %(error)s": "导出失败：%(error)s",
    "Only the person who made an export may download it.": "只有发起导出的人才能下载该文件。",
    "The export is not finished yet.": "导出尚未完成。",
    "The file is no longer kept; export again.": "文件已不再保留，请重新导出。",
    "No territory node has the code %(code)s.": "没有编码为 %(code)s 的辖区节点。",
    "No user is called %(name)s.": "没有名为 %(name)s 的用户。",
    "Give the file the suffix .csv or .xlsx, or choose one with --format.": (
        "请使用 .csv 或 .xlsx 作为文件后缀，或用 --format 指定格式。"
    ),
    "--unmask needs --reason: say why the full personal data is needed.": (
        "使用 --unmask 时须提供 --reason：请说明需要完整个人信息的理由。"
    ),
    "Exported %(rows)s rows to %(file)s.": "已导出 %(rows)s 行到 %(file)s。",
}
