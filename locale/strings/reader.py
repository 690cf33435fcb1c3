"""Simplified Chinese of the spreadsheet reader: column catalogue, cleaning, reading."""

TRANSLATIONS = {
    # — shequ/sheets/columns.py —
    "Name": "姓名",
    "Sex": "性别",
    "ID number": "身份证号",
    "Birth date": "出生日期",
    "Ethnicity": "民族",
    "Phone": "联系电话",
    "Political status": "政治面貌",
    "Residence kind": "人口类型",
    "Registered address": "户籍地址",
    "Current address": "现住址",
    "Subdistrict": "街道",
    "Community": "社区",
    "Grid": "网格",
    "Compound": "小区",
    "Building": "楼栋",
    "Entrance": "单元",
    "Flat number": "房号",
    "Household number": "户号",
    "Head of household": "户主姓名",
    "Relation to head": "与户主关系",
    "Person categories": "人员类别",
    "Living here since": "入住日期",
    "Employer": "工作单位",
    "Landlord's name": "房东姓名",
    "Residence status": "居住状态",
    # — shequ/sheets/cleaning.py —
    "The date is not a date we can read (e.g. 1985-03-02 or 1985年3月2日).": (
        "日期无法识别（应为 1985-03-02 或 1985年3月2日 等格式）"
    ),
    "The date does not exist or lies outside the years 1900 to 2099.": (
        "日期不存在或不在 1900 至 2099 年之间"
    ),
    "Enter a valid mobile or landline number.": "请输入有效的手机号或固定电话",
    "The sex must be 男 or 女.": "性别应为“男”或“女”",
    "The relation to the head of household is not one we know "
    "(e.g. 户主, 配偶, 子, 女, 父亲, 母亲, 孙子, 其他).": (
        "与户主关系无法识别（应如 户主、配偶、子、女、父亲、母亲、孙子、其他）"
    ),
    "The political status is not one we know "
    "(e.g. 群众, 中共党员, 中共预备党员, 共青团员, 民主党派).": (
        "政治面貌无法识别（应如 群众、中共党员、中共预备党员、共青团员、民主党派）"
    ),
    "The residence kind is not one we know (户籍 or 流动).": (
        "人口类型无法识别（应为 户籍 或 流动）"
    ),
    # — shequ/sheets/reading.py —
    "The file is empty.": "文件为空。",
    "The workbook is protected by a password: remove the password in Excel, save it and "
    "upload it again.": "工作簿设有打开密码：请在 Excel 中取消密码并保存后重新上传。",
    "This file is not a spreadsheet we can read: save it as .xlsx, .xls or .csv and upload "
    "it again.": "无法读取此文件：请另存为 .xlsx、.xls 或 .csv 格式后重新上传。",
    "No row of the first 20 looks like a header: the header row names at least two columns "
    "we know, such as %(examples)s.": (
        "前 20 行中没有表头行：表头行应至少包含两个可识别的列名，例如 %(examples)s。"
    ),
    "The workbook has no visible sheet with data.": "工作簿中没有含数据的可见工作表。",
    "This file is a web page or XML saved under a spreadsheet's name: open it in Excel and "
    "save it as .xlsx.": (
        "此文件是以表格文件名保存的网页或 XML 文件：请用 Excel 打开并另存为 .xlsx 格式。"
    ),
}
