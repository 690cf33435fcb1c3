"""Chinese text to words (分词) for routing and similarity: the one place that wraps jieba."""

from __future__ import annotations

import logging
import threading
import unicodedata
import warnings

_lock = threading.Lock()
_tokenizer = None

# Words of residents' requests jieba's dictionary splits apart (广场舞 → 广场 / 舞) or misses.
DOMAIN_WORDS = (
    "广场舞", "垃圾分类", "垃圾桶", "垃圾站", "高空抛物", "飞线充电", "电动车", "充电桩",
    "僵尸车", "占道", "楼道", "单元门", "化粪池", "下水道", "暖气", "暖气片", "地暖",
    "物业费", "业委会", "网格员", "井盖", "路灯", "树枝", "草坪", "独居", "助餐",
    "适老化", "噪音", "扰民", "漏水", "停水", "水压", "外卖柜", "快递柜", "不亮", "不热",
    "楼道灯", "声控灯", "停车位", "消防通道",
)  # fmt: skip
# As frequent as a common word: jieba's own dictionary has odd entries (灯不亮) that would
# otherwise cut 路灯不亮 into 路 / 灯不亮.
DOMAIN_WORD_FREQ = 5000

# Words that say nothing about what a request is about. Single characters are kept
# otherwise: in Chinese one character often carries the matter (灯, 水, 桶, 树, 吵).
STOP_WORDS = frozenset(
    """
    的 地 得 了 着 过 和 与 及 或 是 在 有 我 我们 你 你们 他 她 它 他们 这 那 这个 那个 这里 那里
    也 都 就 还 又 很 太 挺 再 才 把 被 给 让 对 从 到 向 于 为 以 而 但 但是 并 并且 所以 因为
    如果 就是 还是 一下 一个 一些 有些 什么 怎么 怎么办 为什么 吗 呢 吧 啊 呀 哦 啦 嘛 么 哈
    请 麻烦 希望 尽快 能否 能 会 要 想 可以 是否 已经 一直 总是 经常 比较 非常 特别 真的 现在
    您好 你好 谢谢 感谢 这样 那样 其 之 等 该 每 各 某 个 些 上 下 里 中 后 前 时 时候
    """.split()
)


def _get_tokenizer():
    """jieba's tokenizer, built once per process on first use (its dictionary takes about a
    second to load), with jieba's debug log silenced."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                with warnings.catch_warnings():
                    # jieba 0.42 has invalid escapes in its regexes and imports pkg_resources
                    warnings.simplefilter("ignore")
                    import jieba

                # jieba sets its logger to DEBUG on import: quiet it afterwards
                logging.getLogger("jieba").setLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word in DOMAIN_WORDS:
                    tokenizer.add_word(word, freq=DOMAIN_WORD_FREQ)
                _tokenizer = tokenizer
    return _tokenizer


def words(text: str) -> list[str]:
    """The words of a text, in order, lowercased: stop words, punctuation, spaces and bare
    numbers (a building's or flat's number says where, not what) dropped; Chinese single
    characters kept, Latin ones dropped."""
    if not text:
        return []
    out = []
    for token in _get_tokenizer().lcut(text):
        token = token.strip().lower()
        # isalnum holds for Chinese characters too (category Lo)
        if not token or not any(c.isalnum() for c in token):
            continue
        if token in STOP_WORDS or token.isdigit():
            continue
        if len(token) == 1 and unicodedata.category(token) != "Lo":
            continue
        out.append(token)
    return out
