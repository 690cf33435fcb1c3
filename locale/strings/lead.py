"""Translations of the import engine, its services, command and models (shequ/sheets)."""

TRANSLATIONS = {
    "%(column)s: %(message)s": "%(column)s：%(message)s",
    "The same ID number as row %(row)s.": "与第%(row)s行的身份证号重复。",
    "Registered outside the area of this import; the community where the person lives must "
    "move him out first.": "该身份证号已在本次导入范围以外登记，需由其所在社区先办理迁出。",
    "Give the flat (building and flat number) or the current address.": (
        "请填写房屋（楼栋和房号）或现住址。"
    ),
    "More than one flat matches this address; add the grid, compound or entrance.": (
        "该地址对应多套房屋，请补充网格、小区或单元。"
    ),
    "No flat in the area matches this address; check the building, entrance and flat, or "
    "allow creating missing flats.": (
        "辖区内找不到与该地址对应的房屋，请核对楼栋、单元、房号，或勾选“自动创建缺少的房屋”。"
    ),
    "The birth date does not match the ID number.": "出生日期与身份证号不符。",
    "Unknown person category: %(name)s": "未知的人员类别：%(name)s",
    "You may not record the category %(name)s.": "您无权登记人员类别“%(name)s”。",
    "Give the household number or the head's name.": "请填写户号或户主姓名。",
    "The household already has a head (row %(row)s).": "该户已有户主（第%(row)s行）。",
    "No resident with this ID number in the area: import the residents first.": (
        "辖区内没有该身份证号的居民，请先导入居民。"
    ),
    "Give at least the building and the flat number.": "请至少填写楼栋和房号。",
    "The %(level)s named in the row does not exist in the area.": (
        "该行填写的%(level)s在辖区内不存在。"
    ),
    "Import %(file)s, rows %(first)s–%(last)s": "导入 %(file)s，第%(first)s–%(last)s行",
    "Each field may come from one column only: %(fields)s.": "每个字段只能对应一列：%(fields)s。",
    "Map a column to each required field: %(fields)s.": "请为必填字段指定对应的列：%(fields)s。",
    "You may not import into this area.": "您无权向该辖区导入数据。",
    "Import into a community, a subdistrict or the district.": "请选择社区、街道或区作为导入范围。",
    "Choose what the sheet holds.": "请选择表格内容类型。",
    "The file is larger than %(mb)s MB.": "文件超过 %(mb)s MB。",
    "Ignore this column": "忽略此列",
    "This import has already been started.": "该导入已经开始。",
    "Unknown field: %(key)s": "未知字段：%(key)s",
    "Only a failed or stalled import can be resumed.": "只有失败或中断的导入才能继续。",
    "The error report holds personal data you may not see.": "错误报告含有您无权查看的个人信息。",
    "Error report of an import": "导入错误报告",
    "No such file: %(path)s": "文件不存在：%(path)s",
    "No territory node with the code %(code)s.": "没有编码为 %(code)s 的辖区节点。",
    "No user named %(name)s.": "没有名为 %(name)s 的用户。",
    "%(file)s: %(rows)s rows, %(created)s created, %(updated)s updated, %(unchanged)s "
    "unchanged, %(rejected)s rejected (%(rate)s rows/s).": (
        "%(file)s：共 %(rows)s 行，新增 %(created)s，更新 %(updated)s，未变 %(unchanged)s，"
        "拒绝 %(rejected)s（每秒 %(rate)s 行）。"
    ),
    "row %(row)s: %(messages)s": "第%(row)s行：%(messages)s",
    "Error report (%(count)s rows): %(path)s": "错误报告（%(count)s 行）：%(path)s",
    "rows": "行",
    "%(n)s rejected": "拒绝 %(n)s",
    "Spreadsheet import and export": "台账导入导出",
    "Buildings and flats": "楼栋房屋",
    "UTF-8 (with BOM, opens in Excel)": "UTF-8（带 BOM，Excel 可直接打开）",
    "GB18030 (Excel on Chinese Windows)": "GB18030（中文 Windows 版 Excel）",
    "Waiting for the column mapping": "等待确认列对应",
    "Queued": "排队中",
    "Running": "进行中",
    "Done": "已完成",
    "Failed": "失败",
    "sheet": "表格类型",
    "started by": "发起人",
    "format": "格式",
    "encoding": "编码",
    "rows in all": "总行数",
    "rows done": "已处理行数",
    "started": "开始时间",
    "finished": "完成时间",
    "last sign of life": "最近心跳",
    "failure": "失败原因",
    "area": "范围",
    "file": "文件",
    "create missing flats": "自动创建缺少的房屋",
    "header row": "表头行",
    "headers": "表头",
    "column mapping": "列对应",
    "last committed row": "已提交至行",
    "rows created": "新增行数",
    "rows updated": "更新行数",
    "rows unchanged": "未变行数",
    "rows rejected": "拒绝行数",
    "import": "导入",
    "imports": "导入记录",
    "rejected row": "被拒绝的行",
    "rejected rows": "被拒绝的行",
    "row": "行号",
    "errors": "错误",
    "heading": "表头",
    "saved column heading": "已保存的表头对应",
    "saved column headings": "已保存的表头对应",
    "full personal data": "完整个人信息",
    "downloaded": "下载时间",
    "export": "导出",
    "exports": "导出记录",
    "community": "社区",
}
