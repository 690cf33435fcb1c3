"""Demo residents' requests: ten categories typical of a Chinese community, with keywords and
limits, and seeded request texts built from sentence templates and slot words. The same seed
gives the same texts. Categories share words (物业, 楼上, 老人, 晚上 …) and a request now and
then mentions a second matter, so routing them is not trivially right."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from .choices import LimitUnit
from .models import CaseCategory


@dataclass(frozen=True)
class DemoCategory:
    code: str
    name: str
    name_en: str
    keywords: str
    unit: str
    limits: tuple[int, int, int]  # accept, contact, resolve
    weight: int  # how often residents raise it, relative
    templates: tuple[str, ...]
    slots: dict[str, tuple[str, ...]]
    asides: tuple[str, ...]  # a clause another category's request may add about this matter


_D, _H = LimitUnit.WORK_DAYS, LimitUnit.WORK_HOURS

# Slots every category may use.
COMMON_SLOTS: dict[str, tuple[str, ...]] = {
    "place": (
        "小区东门",
        "3号楼",
        "5号楼西侧",
        "我家楼下",
        "2单元门口",
        "小区南侧",
        "幼儿园门口",
        "菜市场旁边",
        "地下车库入口",
        "12号楼后面",
        "社区服务站附近",
        "老旧小区",
        "北门岗亭旁",
    ),
    "time": (
        "最近一周",
        "这几天",
        "连续三天",
        "从上个月开始",
        "每天晚上",
        "今天早上",
        "半个多月",
        "周末",
        "昨天夜里",
        "好长一段时间",
    ),
    "ask": (
        "请尽快处理。",
        "希望有关部门管一管。",
        "麻烦社区协调一下。",
        "请派人来看看。",
        "希望给个答复。",
        "已经反映过一次，还没解决。",
        "居民意见很大。",
        "",
    ),
}

CATEGORIES: tuple[DemoCategory, ...] = (
    DemoCategory(
        "lighting",
        "路灯照明",
        "Street lights",
        "路灯,照明,灯,不亮",
        _D,
        (1, 1, 3),
        12,
        (
            "{place}的{lamp}{fault}，{time}都这样，{effect}，{ask}",
            "{time}{place}{lamp}{fault}，{effect}。{ask}",
            "反映{place}{lamp}问题：{fault}，{effect}，{ask}",
            "{place}一到晚上黑漆漆的，{lamp}{fault}，{effect}。{ask}",
        ),
        {
            "lamp": ("路灯", "楼道灯", "庭院灯", "声控灯", "照明灯", "景观灯", "灯杆"),
            "fault": (
                "不亮",
                "一闪一闪的",
                "坏了",
                "白天亮晚上不亮",
                "灯罩掉了",
                "线路裸露",
                "亮度太低",
                "被树枝挡住",
            ),
            "effect": (
                "老人晚上出行很不方便",
                "孩子放学回家害怕",
                "有人摔倒过",
                "存在安全隐患",
                "晚上遛弯看不清路",
            ),
        },
        ("楼道灯也不亮", "门口路灯还坏着"),
    ),
    DemoCategory(
        "road_facilities",
        "道路与井盖",
        "Roads and manholes",
        "井盖,道路,路面,坑,人行道",
        _D,
        (1, 1, 5),
        10,
        (
            "{place}{road}{fault}，{time}{effect}，{ask}",
            "{place}的{cover}{cover_fault}，{effect}，{ask}",
            "{time}发现{place}{road}{fault}，下雨天{rain}。{ask}",
            "{place}{cover}{cover_fault}，{road}也{fault}，{ask}",
        ),
        {
            "road": ("路面", "人行道", "小区主路", "盲道", "台阶", "路沿石", "步道砖"),
            "fault": ("坑坑洼洼", "塌陷了一块", "破损严重", "裂了好几道缝", "砖块松动翘起"),
            "cover": ("井盖", "雨水篦子", "污水井盖", "电力井盖"),
            "cover_fault": ("松动了", "缺失", "被压碎了", "踩上去哐当响", "下沉"),
            "effect": (
                "电动车经过很危险",
                "已经有人崴了脚",
                "老人推车过不去",
                "车辆通行颠簸",
                "存在安全隐患",
            ),
            "rain": ("全是积水", "积水没过脚面", "溅人一身泥"),
        },
        ("门口井盖还松着", "路面也坑坑洼洼的"),
    ),
    DemoCategory(
        "sanitation",
        "垃圾分类与环境卫生",
        "Waste sorting and sanitation",
        "垃圾,垃圾分类,清运,卫生,异味",
        _D,
        (1, 1, 2),
        12,
        (
            "{place}的{bin}{fault}，{time}{smell}，{ask}",
            "{place}{dirt}，{time}没人清理，{smell}。{ask}",
            "{bin}{fault}，{sorting}，{ask}",
            "{time}{place}{dirt}，{bin}也{fault}，{ask}",
        ),
        {
            "bin": ("垃圾桶", "垃圾站", "分类垃圾桶", "厨余垃圾桶", "垃圾箱"),
            "fault": ("满了没人清运", "满溢出来", "一直不清运", "盖子坏了", "被挪走了"),
            "dirt": (
                "堆满了建筑垃圾",
                "有人乱扔垃圾",
                "堆了很多大件垃圾",
                "污水横流",
                "到处是狗屎",
                "有人私搭鸡窝",
            ),
            "smell": ("异味很大", "招苍蝇蚊子", "夏天臭气熏天", "影响环境卫生"),
            "sorting": (
                "垃圾分类没人指导",
                "定时定点投放时间不合理",
                "分类督导员不在岗",
                "厨余和其他垃圾混在一起收走",
            ),
        },
        ("垃圾桶也满了没人清运", "楼下堆着垃圾"),
    ),
    DemoCategory(
        "noise_nuisance",
        "噪声扰民",
        "Noise nuisance",
        "噪音,噪声,扰民,吵,广场舞",
        _H,
        (2, 4, 16),
        10,
        (
            "{place}{source}，{time}{hours}，{effect}，{ask}",
            "{time}{source}，声音特别大，{effect}。{ask}",
            "投诉{place}{source}噪音扰民，{hours}，{ask}",
            "{place}{source}，{hours}，{effect}，{ask}",
        ),
        {
            "source": (
                "广场舞音响开得很大",
                "工地夜间施工",
                "商铺用喇叭招揽生意",
                "烧烤店吵闹",
                "楼上装修电钻声",
                "空调外机嗡嗡响",
                "酒吧音乐",
                "有人半夜唱歌",
            ),
            "hours": ("晚上十点还在响", "早上六点就开始", "一直到凌晨", "中午也不停"),
            "effect": (
                "吵得睡不着",
                "孩子没法写作业",
                "老人心脏受不了",
                "严重影响休息",
                "噪声扰民",
            ),
        },
        ("晚上还有广场舞扰民", "夜里施工噪音很大"),
    ),
    DemoCategory(
        "property_management",
        "物业管理",
        "Property management",
        "物业,物业费,电梯,保安,业委会",
        _D,
        (1, 2, 10),
        10,
        (
            "{company}{fault}，{time}{effect}，{ask}",
            "{place}的{facility}{broken}，{company}{fault}，{ask}",
            "{time}{facility}{broken}，报修给{company}，{fault}。{ask}",
            "对{company}不满：{fault}，{fee}，{ask}",
        ),
        {
            "company": ("物业", "物业公司", "物业管家", "物业客服"),
            "fault": (
                "一直推诿不管",
                "报修没人来",
                "态度很差",
                "服务不到位",
                "乱收费",
                "保安不在岗",
            ),
            "facility": ("电梯", "单元门禁", "消防栓", "监控", "楼顶防水", "外墙瓷砖"),
            "broken": ("经常坏", "困过人", "坏了好几天", "脱落", "漏雨"),
            "effect": ("业主意见很大", "老人上下楼困难", "门禁形同虚设", "存在安全隐患"),
            "fee": ("物业费涨价没有公示", "公共收益不公开", "业委会没有答复"),
        },
        ("物业也不管", "电梯又坏了"),
    ),
    DemoCategory(
        "parking",
        "停车管理",
        "Parking",
        "停车,车位,占道,僵尸车,充电桩",
        _D,
        (1, 1, 5),
        8,
        (
            "{place}{car}{problem}，{time}{effect}，{ask}",
            "{place}{problem2}，{effect}，{ask}",
            "{time}{place}{car}{problem}，{ask}",
            "小区{spaces}，{problem2}，{ask}",
        ),
        {
            "car": ("私家车", "僵尸车", "外来车辆", "货车", "电动车", "共享单车"),
            "problem": (
                "乱停乱放",
                "占用消防通道",
                "长期占着车位",
                "堵住单元门口",
                "停在人行道上",
                "飞线充电",
            ),
            "problem2": ("停车收费不合理", "充电桩不够用", "车位被外来车占满", "地锁私装占道"),
            "spaces": ("停车位太少", "车位只租不售", "晚上没地方停车"),
            "effect": ("救护车进不来", "出行很不方便", "每天为停车吵架", "存在安全隐患"),
        },
        ("门口还有车乱停", "车位也被占了"),
    ),
    DemoCategory(
        "heating_water",
        "供暖供水",
        "Heating and water",
        "暖气,供暖,停水,水压,漏水,自来水",
        _H,
        (2, 4, 24),
        10,
        (
            "{place}{utility}{fault}，{time}{effect}，{ask}",
            "{time}{utility}{fault}，{effect}。{ask}",
            "家里{heat}，{time}室温{temp}，{ask}",
            "{place}{pipe}{leak}，{effect}，{ask}",
        ),
        {
            "utility": ("自来水", "热水", "供水", "二次供水"),
            "fault": ("突然停水", "水压太低", "水发黄有异味", "停水没有通知"),
            "heat": ("暖气不热", "暖气片冰凉", "地暖不热", "供暖不达标"),
            "temp": ("只有十四度", "不到十六度", "十五度上下，老人孩子冻感冒了"),
            "pipe": ("水管", "楼上管道", "地下管网", "供暖管道"),
            "leak": ("漏水", "爆裂", "往下渗水", "跑冒滴漏"),
            "effect": ("做饭洗澡都成问题", "高层住户用不上水", "墙面都泡了", "生活很不方便"),
        },
        ("家里暖气也不热", "还经常停水"),
    ),
    DemoCategory(
        "greening",
        "绿化养护",
        "Green spaces",
        "绿化,树,草坪,修剪,树枝,绿地",
        _D,
        (1, 2, 10),
        6,
        (
            "{place}的{plant}{fault}，{time}{effect}，{ask}",
            "{place}{plant}{fault}，{ask}",
            "{time}{place}{green}，{effect}，{ask}",
        ),
        {
            "plant": ("大树", "树枝", "绿化带", "草坪", "灌木", "枯树"),
            "fault": (
                "长得太茂盛挡住窗户",
                "很久没修剪",
                "被台风刮断了",
                "快要倒了",
                "有虫子",
                "挡住了路灯",
            ),
            "green": ("绿地被人种了菜", "草坪被踩秃了", "绿化带被毁占作停车", "公共绿地被圈占"),
            "effect": ("遮挡采光", "砸到人就麻烦了", "蚊虫特别多", "影响小区环境"),
        },
        ("门口的树也该修剪了", "绿化带被踩坏了"),
    ),
    DemoCategory(
        "elderly_care",
        "养老服务",
        "Elderly care",
        "老人,养老,助餐,独居,适老化,高龄",
        _D,
        (1, 1, 5),
        6,
        (
            "{person}{need}，{time}{situation}，{ask}",
            "咨询{service}，{person}{situation}，{ask}",
            "{person}{situation}，希望社区{help}，{ask}",
        ),
        {
            "person": ("我家老人", "楼里的独居老人", "八十多岁的高龄老人", "失能老人", "空巢老人"),
            "need": ("想申请助餐服务", "需要上门护理", "想办理高龄补贴", "想装扶手做适老化改造"),
            "situation": (
                "腿脚不便下不了楼",
                "子女不在身边",
                "几天没见出门了",
                "吃饭成问题",
                "晚上出门怕摔倒",
            ),
            "service": ("社区养老驿站", "老年餐桌", "居家养老服务", "助浴服务"),
            "help": ("定期上门探访", "安排志愿者帮扶", "开通老年助餐"),
        },
        ("楼里独居老人也需要照顾",),
    ),
    DemoCategory(
        "neighbour_disputes",
        "邻里纠纷",
        "Disputes between neighbours",
        "邻居,纠纷,矛盾,调解,吵架",
        _D,
        (1, 1, 7),
        6,
        (
            "{who}{act}，{time}{effect}，{ask}",
            "与{who}因为{cause}发生矛盾，{effect}，{ask}",
            "{who}{act}，沟通多次无果，{ask}",
        ),
        {
            "who": ("楼上邻居", "对门邻居", "隔壁住户", "楼下住户", "同单元的住户"),
            "act": (
                "在楼道堆放杂物",
                "养狗不拴绳",
                "在楼道飞线充电",
                "装修破坏了承重墙",
                "半夜跺脚拖椅子",
                "私自占用公共楼道",
                "高空抛物",
            ),
            "cause": ("漏水赔偿", "楼道堆物", "养狗", "噪音", "停车位", "装修"),
            "effect": ("双方吵架好几次", "差点动手", "关系很僵", "希望调解"),
        },
        ("和邻居也闹了矛盾",),
    ),
)

BY_CODE = {c.code: c for c in CATEGORIES}

# Matters on the border of two or three categories: call-takers file the same words under
# either (the label is drawn with these weights), as they do in real closed cases.
BORDER_CASES: tuple[tuple[str, dict[str, int]], ...] = (
    ("楼上漏水到我家，{time}墙面都泡了，{ask}",
     {"heating_water": 2, "neighbour_disputes": 2, "property_management": 1}),
    ("{place}楼道里堆满杂物，{time}没人管，{ask}",
     {"property_management": 2, "neighbour_disputes": 1, "sanitation": 1}),
    ("{place}有人从楼上拉电线飞线充电，{ask}",
     {"parking": 1, "neighbour_disputes": 1, "property_management": 1}),
    ("{place}树枝把路灯挡住了，晚上很黑，{ask}", {"greening": 1, "lighting": 1}),
    ("楼上装修{time}电钻声不断，{ask}", {"noise_nuisance": 2, "neighbour_disputes": 1}),
    ("家里独居老人暖气不热，{ask}", {"elderly_care": 1, "heating_water": 2}),
    ("{place}车辆堵住消防通道，物业不管，{ask}",
     {"parking": 2, "property_management": 1}),
    ("{place}路面上堆着建筑垃圾，{time}没人清运，{ask}",
     {"sanitation": 2, "road_facilities": 1}),
    ("{place}绿地被改成了停车位，{ask}", {"greening": 1, "parking": 1}),
    ("电梯{time}坏了，老人下不了楼，{ask}", {"property_management": 2, "elderly_care": 1}),
    ("{place}晚上有人在空地上聚集喝酒吵闹，{ask}",
     {"noise_nuisance": 2, "neighbour_disputes": 1}),
)  # fmt: skip
BORDER_SHARE = 0.12

_SLOT = re.compile(r"\{(\w+)\}")
ASIDE_SHARE = 0.15  # requests that also mention another matter


def _fill(template: str, slots: dict[str, tuple[str, ...]], rng: random.Random) -> str:
    return _SLOT.sub(lambda m: rng.choice(slots.get(m[1]) or COMMON_SLOTS[m[1]]), template)


def demo_cases(n: int, seed: int) -> list[tuple[str, str]]:
    """``n`` request texts as (category code, text), the same for the same seed."""
    rng = random.Random(seed)
    weights = [c.weight for c in CATEGORIES]
    out = []
    for _i in range(n):
        if rng.random() < BORDER_SHARE:
            template, codes = rng.choice(BORDER_CASES)
            category = BY_CODE[rng.choices(list(codes), list(codes.values()))[0]]
            text = _fill(template, category.slots, rng)
        else:
            category = rng.choices(CATEGORIES, weights)[0]
            text = _fill(rng.choice(category.templates), category.slots, rng)
        if rng.random() < ASIDE_SHARE:
            other = rng.choice([c for c in CATEGORIES if c is not category])
            text += f"另外{rng.choice(other.asides)}。"
        text = re.sub(r"，。|。。|，，|，$", "。", text.strip())
        out.append((category.code, text))
    return out


def demo_categories() -> dict:
    """The demo categories as rows (keywords and limits included), by code; rows with those
    codes already there are kept as they are."""
    rows = {}
    for order, c in enumerate(CATEGORIES, start=1):
        accept, contact, resolve = c.limits
        rows[c.code], _created = CaseCategory.objects.get_or_create(
            code=c.code,
            defaults={
                "name": c.name, "name_en": c.name_en, "order": order, "keywords": c.keywords,
                "limit_unit": c.unit, "accept_limit": accept, "contact_limit": contact,
                "resolve_limit": resolve,
            },
        )  # fmt: skip
    return rows
