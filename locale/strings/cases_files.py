"""Simplified Chinese of case attachments (附件) and the grid worker's round (网格员巡查):
shequ/cases attachments.py, views_files.py, the attachment model and forms, their templates
and static/shequ/round.js's messages."""

TRANSLATIONS = {
    # — shequ/cases/models.py: CaseAttachment —
    "thumbnail": "缩略图",
    "file": "文件",
    "file name": "文件名",
    "content type": "文件类型",
    "size": "大小",
    "SHA-256": "SHA-256 校验值",
    "uploaded by": "上传人",
    "uploaded": "上传时间",
    "attachment": "附件",
    "attachments": "附件",
    # — shequ/cases/attachments.py —
    "(no name)": "（无文件名）",
    "%(name)s: the image is damaged or too large to open.": (
        "%(name)s：图片已损坏或尺寸过大，无法打开。"
    ),
    "%(name)s: the file is larger than %(mb)s MB.": "%(name)s：文件超过 %(mb)s MB。",
    "%(name)s: the file is empty.": "%(name)s：文件是空的。",
    "%(name)s: this type of file is not allowed; attach photos (JPEG, PNG or WebP) or PDF "
    "documents.": "%(name)s：文件类型不允许，请上传照片（JPEG、PNG 或 WebP）或 PDF 文件。",
    "A case may have at most %(max)s attachments; this one has %(existing)s, %(count)s more "
    "were given.": (
        "每件诉求最多 %(max)s 个附件；本诉求已有 %(existing)s 个，又上传了 %(count)s 个。"
    ),
    "A case may have at most %(max)s attachments; %(count)s were given.": (
        "每件诉求最多 %(max)s 个附件，本次上传了 %(count)s 个。"
    ),
    "You may not add files to this case.": "您无权为该诉求添加附件。",
    "The case is closed.": "该诉求已结束办理。",
    "Choose the files to add.": "请选择要添加的文件。",
    # — shequ/cases/forms.py —
    "Up to %(count)s photos (JPEG, PNG, WebP) or PDF documents, at most %(mb)s MB each.": (
        "最多 %(count)s 个照片（JPEG、PNG、WebP）或 PDF 文件，每个不超过 %(mb)s MB。"
    ),
    "Photos or documents": "照片或文件",
    "Photos": "照片",
    "Add photos or documents": "添加照片或文件",
    "What did you see?": "发现了什么问题？",
    "Grid": "网格",
    "Latitude": "纬度",
    "Longitude": "经度",
    "Resident's name": "居民姓名",
    "Resident's phone": "居民电话",
    "The resident wants a reply": "居民希望得到答复",
    "Give both latitude and longitude, or neither.": "经度和纬度须同时填写或同时留空。",
    # — shequ/cases/views_files.py —
    "The file is missing.": "文件不存在。",
    "%(count)s files added.": "已添加 %(count)s 个文件。",
    # — shequ/cases/templatetags/case_ui.py (the step in a case's history) —
    "Files added": "添加附件",
    # — templates: cases/includes/attachments.html, cases/case_round.html, case_list.html —
    "Photos and documents": "照片和文件",
    "Add files": "添加文件",
    "Grid round": "网格巡查",
    "Finding your location…": "正在定位…",
    "Location found (within about {metres} m).": "已定位（误差约 {metres} 米）。",
    "Location is not allowed: allow it in the browser, or type the place in words.": (
        "未获准定位：请在浏览器中允许定位，或用文字填写地点。"
    ),
    "Your location could not be found; type the place in words.": (
        "无法获取您的位置，请用文字填写地点。"
    ),
    "This browser cannot give a location.": "此浏览器无法提供位置。",
    "Use my location": "使用我的位置",
    "A resident asked (optional)": "居民反映（选填）",
}
