"""术语说明: every word of the trade the site uses, in words a resident knows.

Templates link a term to its entry with ``gy_term``; the glossary page lists
them all with ``<dfn>``. One list, so a term used on a page always has an entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

GLOSSARY_URL = "glossary/"


@dataclass(frozen=True)
class Term:
    word: str
    anchor: str
    meaning: str


TERMS = (
    Term("制定", "zhiding", "第一次订立一部公约。"),
    Term("修正", "xiuzheng", "只改其中几条，其余不变；改动的地方在“修改对照”里逐条列出。"),
    Term("修订", "xiuding", "对公约作较大的、整体的修改，常常重新编排条文；新旧对照同样逐条列出。"),
    Term("废止", "feizhi", "经表决不再施行，公约从此失效（文本仍可查阅）。"),
    Term("现行有效", "xianxing", "现在正在施行的版本。"),
    Term("已被修订", "beixiuding", "曾经施行、后来被新版本取代的版本，留作查阅。"),
    Term(
        "征求意见", "zhengqiu", "修改草案表决之前向居民公开（公示），在截止日期前收集大家的意见。"
    ),
    Term("草案", "caoan", "还没有表决的修改稿，不具有约束力。"),
    Term(
        "修改对照", "duizhao", "把修改前后的文本按条并排列出：哪条新增、删除、修改，改了哪几个字。"
    ),
    Term("仅序号变化", "xuhao", "这一条内容一字未改，只是因为前面增删了条文，序号跟着变了。"),
    Term("沿革", "yange", "一条条文从制定以来经历的每一次变化：何时新增、何时修改、序号怎么变。"),
    Term("应到", "yingdao", "按规定应当参加表决的人数（或户数、代表数）。"),
    Term("实到", "shidao", "实际到会参加表决的人数；是否“到会”够数，按实到除以应到计算。"),
    Term(
        "赞成", "zancheng", "同意的票数；是否通过，按赞成除以实到计算（各类会议的要求见编辑指南）。"
    ),
    Term(
        "备案",
        "beian",
        "公约通过后报给街道或区里的主管部门存档。“已报备”是已经报送，“已备案”是主管部门已经登记。",
    ),
    Term(
        "文本指纹",
        "zhiwen",
        "由这一版全文算出的 12 位编号（数字和 a–f）。文字改动一个字，指纹就完全不同，"
        "所以纸上印的指纹和网页上的一致，就说明纸上的是表决通过的原文。",
    ),
    Term(
        "记录日志",
        "rizhi",
        "网站把每次表决、每条勘误依次记下的清单，只能往后加，不能改也不能删；每次发布都签名公布。"
        "以前看过网站的人（街道办、居民自己的手机）都能核对今天的清单是不是以前那份加上新的，"
        "所以有人改写已经通过的公约，一定会被发现。",
    ),
    Term("张贴版", "zhangtie", "适合打印贴在公告栏上的一页，带二维码和文本指纹。"),
    Term(
        "范本",
        "fanben",
        "上级或示范单位提供的参考文本；院落公约常在范本的基础上修改，网站可以把它与范本对照。",
    ),
    Term(
        "勘误",
        "kanwu",
        "表决之后发现的错别字等笔误的更正；每一处都写明原来的字和改正后的字，不改变表决的内容。",
    ),
    Term(
        "订阅",
        "dingyue",
        "用“RSS 阅读器”一类的软件关注某个社区、院落，公约有变化时自动收到提醒；用的格式叫 Atom。",
    ),
)
BY_WORD = {term.word: term for term in TERMS}


def term_link(word: str, url: str, text: str | None = None) -> Markup:
    """``word`` (or ``text``) linked to its entry; ``url`` is the glossary page's, as seen
    from the page (so the link works in every layout). Unknown words stay plain text."""
    term = BY_WORD.get(word)
    shown = escape(text if text is not None else word)
    if term is None:
        return Markup(shown)
    return Markup(f'<a class="gy-term" href="{escape(url)}#{term.anchor}">{shown}</a>')
