"""Charges (罪名): names as judgments and CAIL write them, the article that defines each, and finding them in facts.

A charge name comes in several spellings: 盗窃罪, 盗窃, CAIL's bracketed 「[走私、贩卖、运输、制造]毒品」. All are
normalised (brackets and the final 罪 removed) and looked up in `CHARGES`, which gives the Criminal Law article
and paragraphs defining the charge (the names are those of the SPC/SPP 确定罪名 instruments, the articles are the
consolidated Criminal Law's), and the glossary code name where the project's sentencing guideline rules cover it.
A name not in the table is matched to the article whose text shares the most of its words; the match is marked
`matched_by: "text"` so the trace says it was inferred.

`find_charges` reads charges from a fact text when none are given: a text model fitted on judgments
(`charge_model`, not law) decides, and says so with its score; where the text states a charge the model does not
know, or there is no model, the charge names the text itself states (构成盗窃罪, 以诈骗罪), then keyword rules.
Its accuracy on real data is measured by `pleaguard eval predict`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pleaguard.errors import InputError
from pleaguard.predict.charge_model import ChargeModel
from pleaguard.predict.charge_model import load as load_charge_model
from pleaguard.predict.statutory import TierLadder, charge_ladder, criminal_law


@dataclass(frozen=True, slots=True)
class ChargeInfo:
    """One charge: its name (without 罪), the article (and paragraphs) defining it and its glossary code name."""

    name: str
    article: str
    paragraphs: tuple[int, ...] | None = None
    code: str | None = None  # glossary code name where the guideline covers the charge
    matched_by: str = "table"  # table | text

    @property
    def key(self) -> str:
        """An ASCII identifier for data files: the glossary code name, else cl_<article>[_<paragraph>]."""
        if self.code:
            return self.code
        base = "cl_" + self.article.replace("-", "_")
        if self.paragraphs and self.paragraphs[0] != 1:
            base += f"_p{self.paragraphs[0]}"
        return base

    @property
    def name_zh(self) -> str:
        return self.name + "罪"

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"name": self.name_zh, "article": self.article, "matched_by": self.matched_by}
        if self.code:
            out["code"] = self.code
        if self.paragraphs:
            out["paragraphs"] = list(self.paragraphs)
        return out


def _c(name: str, article: str, paragraphs: tuple[int, ...] | None = None, code: str | None = None) -> ChargeInfo:
    return ChargeInfo(name, article, paragraphs, code)


# Charge name → article, with the code name of the project's crime rules (law/parameters/criminal_law/) where
# they cover the charge; the sentencing engine computes those.
CHARGES: dict[str, ChargeInfo] = {c.name: c for c in (
    _c("危险驾驶", "133-1", code="dangerous_driving"),
    _c("交通肇事", "133", code="traffic_accident"),
    _c("盗窃", "264", code="theft"),
    _c("诈骗", "266", code="fraud"),
    _c("故意伤害", "234", (1, 2), code="intentional_injury"),
    _c("抢劫", "263", code="robbery"),
    _c("帮助信息网络犯罪活动", "287-2", code="aiding_cyber_crime"),
    _c("寻衅滋事", "293", (1, 2), code="provocation"),
    _c("走私、贩卖、运输、制造毒品", "347", (2, 3, 4), code="drug_trafficking"),
    _c("非法吸收公众存款", "176", (1,), code="illegal_fundraising"),
    _c("聚众斗殴", "292", (1,), code="affray"),
    _c("掩饰、隐瞒犯罪所得、犯罪所得收益", "312", (1,), code="concealing_proceeds"),
    _c("开设赌场", "303", (2,), code="gambling_house"),
    _c("赌博", "303", (1,)),
    _c("故意杀人", "232"),
    _c("过失致人死亡", "233"),
    _c("强奸", "236", (1, 3)),
    _c("强制猥亵、侮辱", "237", (1, 2)),
    _c("强制猥亵、侮辱妇女", "237", (1, 2)),
    _c("猥亵儿童", "237", (3,)),
    _c("非法拘禁", "238", (1, 2), code="illegal_detention"),
    _c("绑架", "239"),
    _c("拐卖妇女、儿童", "240"),
    _c("非法侵入住宅", "245"),
    _c("侮辱", "246"),
    _c("诽谤", "246"),
    _c("抢夺", "267", (1,), code="snatching"),
    _c("聚众哄抢", "268"),
    _c("侵占", "270"),
    _c("职务侵占", "271", (1,), code="embezzlement"),
    _c("挪用资金", "272", (1,)),
    _c("敲诈勒索", "274", code="extortion"),
    _c("故意毁坏财物", "275"),
    _c("破坏生产经营", "276"),
    _c("拒不支付劳动报酬", "276-1"),
    _c("妨害公务", "277", (1,)),
    _c("袭警", "277", (5,)),
    _c("伪造、变造、买卖国家机关公文、证件、印章", "280", (1,)),
    _c("伪造、变造居民身份证", "280", (3,)),
    _c("伪造公司、企业、事业单位、人民团体印章", "280", (2,)),
    _c("招摇撞骗", "279"),
    _c("非法获取公民个人信息", "253-1"),
    _c("侵犯公民个人信息", "253-1"),
    _c("聚众扰乱社会秩序", "290"),
    _c("组织、领导、参加黑社会性质组织", "294"),
    _c("传授犯罪方法", "295"),
    _c("非法持有、私藏枪支、弹药", "128", (1,)),
    _c("非法制造、买卖、运输、邮寄、储存枪支、弹药、爆炸物", "125", (1,)),
    _c("放火", "114"),
    _c("失火", "115", (2,)),
    _c("爆炸", "114"),
    _c("投放危险物质", "114"),
    _c("以危险方法危害公共安全", "114"),
    _c("过失以危险方法危害公共安全", "115", (2,)),
    _c("破坏电力设备", "118"),
    _c("破坏交通设施", "117"),
    _c("重大责任事故", "134", (1,)),
    _c("生产、销售伪劣产品", "140"),
    _c("生产、销售假药", "141"),
    _c("生产、销售不符合安全标准的食品", "143"),
    _c("生产、销售有毒、有害食品", "144"),
    _c("走私普通货物、物品", "153"),
    _c("虚开增值税专用发票、用于骗取出口退税、抵扣税款发票", "205", (1,)),
    _c("虚开发票", "205-1", (1,)),
    _c("逃税", "201", (1,)),
    _c("合同诈骗", "224", code="contract_fraud"),
    _c("集资诈骗", "192", code="fundraising_fraud"),
    _c("贷款诈骗", "193"),
    _c("信用卡诈骗", "196", code="credit_card_fraud"),
    _c("保险诈骗", "198"),
    _c("妨害信用卡管理", "177-1", (1,)),
    _c("非法经营", "225"),
    _c("组织、领导传销活动", "224-1"),
    _c("假冒注册商标", "213"),
    _c("销售假冒注册商标的商品", "214"),
    _c("侵犯著作权", "217"),
    _c("强迫交易", "226"),
    _c("伪造货币", "170"),
    _c("持有、使用假币", "172"),
    _c("出售、购买、运输假币", "171", (1,)),
    _c("非法持有毒品", "348", code="drug_possession"),
    _c("容留他人吸毒", "354", code="harboring_drug_use"),
    _c("非法种植毒品原植物", "351"),
    _c("引诱、容留、介绍卖淫", "359", (1,), code="facilitating_prostitution"),
    _c("组织、强迫、引诱、容留、介绍卖淫", "358", (1,)),
    _c("组织卖淫", "358", (1,)),
    _c("强迫卖淫", "358", (1,)),
    _c("制作、复制、出版、贩卖、传播淫秽物品牟利", "363", (1,)),
    _c("制造、贩卖、传播淫秽物品", "363", (1,)),
    _c("传播淫秽物品", "364", (1,)),
    _c("组织淫秽表演", "365"),
    _c("窝藏、包庇", "310"),
    _c("伪证", "305"),
    _c("拒不执行判决、裁定", "313"),
    _c("非法处置查封、扣押、冻结的财产", "314"),
    _c("脱逃", "316", (1,)),
    _c("偷越国（边）境", "322"),
    _c("组织他人偷越国（边）境", "318"),
    _c("盗掘古文化遗址、古墓葬", "328"),
    _c("污染环境", "338"),
    _c("非法捕捞水产品", "340"),
    _c("非法狩猎", "341", (2,)),
    _c("非法猎捕、杀害珍贵、濒危野生动物", "341", (1,)),
    _c("非法收购、运输、出售珍贵、濒危野生动物、珍贵、濒危野生动物制品", "341", (1,)),
    _c("非法占用农用地", "342"),
    _c("非法采矿", "343", (1,)),
    _c("滥伐林木", "345", (2,)),
    _c("盗伐林木", "345", (1,)),
    _c("贪污", "382"),
    _c("挪用公款", "384"),
    _c("受贿", "385"),
    _c("行贿", "389"),
    _c("单位行贿", "393"),
    _c("对非国家工作人员行贿", "164", (1,)),
    _c("非国家工作人员受贿", "163", (1,)),
    _c("介绍贿赂", "392"),
    _c("滥用职权", "397"),
    _c("玩忽职守", "397"),
    _c("非法买卖、运输、携带、持有毒品原植物种子、幼苗", "352"),
    _c("引诱、教唆、欺骗他人吸毒", "353", (1,)),
    _c("强迫他人吸毒", "353", (2,)),
    _c("重婚", "258"),
    _c("虐待", "260"),
    _c("遗弃", "261"),
    _c("收买被拐卖的妇女、儿童", "241"),
    _c("扰乱无线电通讯管理秩序", "288"),
    _c("非法侵入计算机信息系统", "285", (1,)),
    _c("破坏计算机信息系统", "286"),
    _c("拒不履行信息网络安全管理义务", "286-1"),
    _c("非法利用信息网络", "287-1"),
    _c("非法采伐、毁坏国家重点保护植物", "344"),
    _c("聚众冲击国家机关", "290"),
    _c("骗取贷款、票据承兑、金融票证", "175-1"),
    _c("高利转贷", "175"),
    _c("洗钱", "191"),
    _c("票据诈骗", "194"),
    _c("金融凭证诈骗", "194"),
    _c("冒充军人招摇撞骗", "372"),
    _c("破坏广播电视设施、公用电信设施", "124", (1,)),
    _c("非法储存枪支、弹药", "125", (1,)),
    _c("非法携带枪支、弹药、管制刀具、危险物品危及公共安全", "130"),
)}

_ALIASES = {"贩卖毒品": "走私、贩卖、运输、制造毒品", "运输毒品": "走私、贩卖、运输、制造毒品",
            "制造毒品": "走私、贩卖、运输、制造毒品", "走私毒品": "走私、贩卖、运输、制造毒品",
            "贩卖、运输毒品": "走私、贩卖、运输、制造毒品", "非法持有枪支": "非法持有、私藏枪支、弹药",
            "掩饰、隐瞒犯罪所得": "掩饰、隐瞒犯罪所得、犯罪所得收益", "帮信": "帮助信息网络犯罪活动",
            "强制猥亵": "强制猥亵、侮辱", "容留卖淫": "引诱、容留、介绍卖淫", "介绍卖淫": "引诱、容留、介绍卖淫"}


def normalize_name(name: str) -> str:
    """盗窃罪 / 盗窃 / [走私、贩卖、运输、制造]毒品 → the bare name: 盗窃, 走私、贩卖、运输、制造毒品."""
    text = re.sub(r"[\[\]［］\s]", "", name.strip())
    if text.endswith("罪") and len(text) > 1:
        text = text[:-1]
    return text


def _grams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


@lru_cache(maxsize=1)
def _article_index() -> list[tuple[str, int, set[str], str]]:
    """(article, paragraph, bigrams of the paragraph's opening clause, that clause) for every penal paragraph."""
    out = []
    for number, art in criminal_law().items():
        if not art.tiers:
            continue
        n_art = int(number.split("-")[0])
        if n_art < 102:
            continue  # General Part: no charges are defined there
        for t in art.tiers:
            if t.index == 0 or t.paragraph != art.tiers[t.index - 1].paragraph:
                clause = t.condition or t.clause
                out.append((number, t.paragraph, _grams(clause), clause))
    return out


@lru_cache(maxsize=4096)
def resolve(name: str) -> ChargeInfo:
    """The charge named `name` (any spelling); names outside the table are matched to an article by its text.

    Raises InputError (field `charges`) when the name is empty or matches no article at all.
    """
    bare = normalize_name(name)
    if not bare:
        raise InputError("罪名为空 / empty charge name", field="charges",
                         allowed="a charge name such as 盗窃罪 or 盗窃")
    bare = _ALIASES.get(bare, bare)
    if bare in CHARGES:
        return CHARGES[bare]
    from pleaguard.judgments.normalize import to_simplified

    simplified = normalize_name(to_simplified(bare))
    if simplified != bare:
        return resolve(simplified)
    grams = _grams(bare.replace("、", ""))
    best: tuple[float, str, int] | None = None
    for article, para, agrams, _clause in _article_index():
        if not grams:
            break
        score = len(grams & agrams) / len(grams)
        if best is None or score > best[0]:
            best = (score, article, para)
    if best is None or best[0] < 0.5:
        raise InputError(f"未找到罪名 {name!r} 对应的刑法条文 / no Criminal Law article found for charge {name!r}",
                         field="charges",
                         allowed="a charge name of the Criminal Law (确定罪名), e.g. 盗窃罪, 故意伤害罪")
    return ChargeInfo(bare, best[1], (best[2],), None, "text")


# ------------------------------------------------------------------------------------------ finding charges

_STATED_RE = re.compile(r"(?:构成|犯有?|以|涉嫌)([\u4e00-\u9fff、（）]{2,40}?)罪")

# Keyword rules: (charge, patterns that indicate it, weight). The strongest indication wins; a second charge is
# added when its own indication is independent and strong (e.g. 容留…吸毒 beside drug selling).
_RULES: tuple[tuple[str, str, float], ...] = (
    ("危险驾驶", r"醉酒驾驶|醉驾|酒后驾驶|血液中?(?:的)?乙醇|乙醇含量|追逐竞驶|mg/100ml|毫克/100毫升", 5),
    ("交通肇事", r"交通事故|肇事|事故责任", 4),
    ("走私、贩卖、运输、制造毒品", r"贩卖|甲基苯丙胺|海洛因|冰毒|麻古|氯胺酮|毒品", 3),
    ("容留他人吸毒", r"容留[^。；]{0,30}(?:吸食|吸毒|注射)|提供[^。]{0,10}(?:场所|房间)[^。]{0,20}吸食", 3),
    ("非法持有毒品", r"非法持有[^。]{0,10}(?:毒品|甲基苯丙胺|海洛因)", 4),
    ("盗窃", r"盗窃|窃取|偷走|扒窃|盗走|窃得|盗得|被盗|盗取|偷得|偷盗|行窃|扒取", 3),
    ("抢劫", r"抢劫|劫取|抢走", 3.5),
    ("抢夺", r"抢夺|夺走|夺取", 3),
    ("诈骗", r"诈骗|骗取|骗得|骗走|虚构|冒充|谎称|假冒|骗局|以[^。，]{1,12}为由|隐瞒真相", 2.5),
    ("合同诈骗", r"合同|签订|协议|订单|货款|租赁|租用|承租|供货|收购", 1.0),
    ("信用卡诈骗", r"信用卡|透支", 1.5),
    ("故意伤害", r"轻伤|重伤|故意伤害|殴打|刺伤|砍伤", 2.5),
    ("故意杀人", r"杀害|故意杀人|杀死|掐死|刺死|砍死|勒死|捂死|杀人|灭口", 4),
    ("寻衅滋事", r"寻衅滋事|随意殴打|强拿硬要|任意毁损|起哄闹事|无故|逞强|耍威风|借故生非|无事生非|争霸|滋事"
                 r"|拦截|追逐|辱骂|恐吓", 3),
    ("强奸", r"强奸|奸淫|性关系|奸污", 4),
    ("虚开增值税专用发票、用于骗取出口退税、抵扣税款发票", r"增值税专用发票|虚开", 5),
    ("生产、销售有毒、有害食品", r"有毒、有害|非食品原料|瘦肉精|盐酸克伦特罗|西地那非|罂粟|地沟油|硼砂|亚硝酸盐|甲醛"
                                r"|国家禁用|禁止使用的物质|有毒有害|非法添加", 5),
    ("传播淫秽物品", r"淫秽", 4),
    ("制造、贩卖、传播淫秽物品", r"淫秽[^。]{0,30}(?:牟利|贩卖|出售|会员)", 2),
    ("开设赌场", r"开设赌场|赌场|赌博机|抽头|赌资", 4),
    ("掩饰、隐瞒犯罪所得、犯罪所得收益", r"掩饰|隐瞒|明知[^。]{0,20}(?:赃物|盗窃所得|犯罪所得)|收购[^。]{0,10}赃", 2.5),
    ("帮助信息网络犯罪活动", r"银行卡[^。]{0,30}(?:出售|出租|提供)|帮助信息网络", 3),
    ("妨害公务", r"妨害公务|阻碍[^。]{0,20}(?:执行职务|执法|民警)|袭警", 3),
    ("敲诈勒索", r"敲诈|勒索", 4),
    ("故意毁坏财物", r"毁坏|损毁|砸坏", 1.5),
    ("职务侵占", r"职务之便|职务便利|利用职务", 3),
    ("非法持有、私藏枪支、弹药", r"枪支|仿制式枪|气枪|猎枪", 3),
    ("放火", r"放火|点燃|纵火", 3),
    ("聚众斗殴", r"聚众斗殴|斗殴", 3.5),
    ("非法拘禁", r"非法拘禁|拘禁|限制[^。]{0,5}人身自由", 3),
    ("非法吸收公众存款", r"吸收公众存款|吸收存款|高息", 3),
    ("受贿", r"收受[^。]{0,20}(?:贿|好处费|现金)", 3),
)
_COMPILED = tuple((name, re.compile(pat), w) for name, pat, w in _RULES)
_SUBSUMES = {"合同诈骗": "诈骗", "信用卡诈骗": "诈骗", "寻衅滋事": "故意伤害",
             "制造、贩卖、传播淫秽物品": "传播淫秽物品", "非法持有毒品": "走私、贩卖、运输、制造毒品"}

# Charges commonly tried together for separate conduct: the second is added when its own words occur this often.
_COMBINABLE = {frozenset(("走私、贩卖、运输、制造毒品", "容留他人吸毒")): 1, frozenset(("抢劫", "盗窃")): 2,
               frozenset(("盗窃", "抢夺")): 2}


STATED_CONSTRAINS = False  # True: the model chooses among the classes holding the charges the text states


def stated_charges(fact: str) -> list[ChargeInfo]:
    """The charges of the table the text itself names (构成盗窃罪, 以诈骗罪, 涉嫌…罪), in order of appearance."""
    stated: list[ChargeInfo] = []
    for m in _STATED_RE.finditer(fact):
        try:
            info = resolve(m.group(1))
        except InputError:
            continue
        if info.matched_by == "table" and info not in stated:
            stated.append(info)
    return stated


def find_by_rules(fact: str) -> tuple[list[ChargeInfo], str]:
    """The charges the text states, else the keyword rules' strongest indication (and a combinable second)."""
    stated = stated_charges(fact)
    scores: dict[str, float] = {}
    hits: dict[str, int] = {}
    for name, pat, weight in _COMPILED:
        n = len(pat.findall(fact))
        if n:
            hits[name] = n
            scores[name] = weight * (1 + min(n, 5) / 5)
    for special, general in _SUBSUMES.items():
        if special in scores and general in scores:
            scores[special] += scores.pop(general)
    if stated:
        names = {i.name for i in stated}
        added = [name for name, n in hits.items() if name not in names and any(
            _COMBINABLE.get(frozenset((c, name)), 99) <= n for c in names)]
        stated.extend(CHARGES[name] for name in added)
        return stated, "事实中载明的罪名" + ("，另依关键词规则补充" if added else "")
    if not scores:
        return [], "未能从事实中识别罪名"
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    out = [CHARGES[ranked[0][0]]]
    for name, _score in ranked[1:]:
        if _COMBINABLE.get(frozenset((ranked[0][0], name)), 99) <= hits[name]:
            out.append(CHARGES[name])
    return out, "依关键词规则识别的罪名（非事实载明）"


#: How `find_charges` says that the fitted text model found the charges (the trace marks that step as fitted).
FOUND_BY_MODEL = "依拟合文本模型识别的罪名"
#: A text shorter than this (characters) that names a charge is taken at its word: the model has too little of it
#: to go by (e.g. "张三以非法占有为目的骗取他人财物，构成诈骗罪。").
SHORT_FACT = 60


def find_charges(fact: str, model: ChargeModel | None = None, constrain: bool = STATED_CONSTRAINS
                 ) -> tuple[list[ChargeInfo], str]:
    """The charges a fact text supports, and how they were found.

    The fitted text model (`charge_model`; `model`, else the shipped one) decides, with its score in the answer,
    unless the text names a charge and is short (`SHORT_FACT`), or states a charge the model has learnt no words for
    (too few records of it): then the stated names
    and the keyword rules (`find_by_rules`) decide, as they do when there is no model or it knows no bigram of the
    text. Cross-validation inside the train part chose this order (`fit_charges.cross_validate`).
    """
    m = model if model is not None else load_charge_model()
    stated = stated_charges(fact)
    if stated and len(fact) < SHORT_FACT:
        return find_by_rules(fact)  # too few character pairs to outweigh a charge the text names
    if m is not None and all(i.name in m.known for i in stated):
        guess = m.guess(fact, [i.name for i in stated] if constrain else ())
        if guess is not None:
            infos = [resolve(n) for n in guess.names]
            return infos, (f"{FOUND_BY_MODEL}（非法律，拟合参数 {m.instrument}；"
                           f"{'、'.join(i.name_zh for i in infos)}，模型得分 {guess.score:.2f}）")
    return find_by_rules(fact)


def ladder_for(info: ChargeInfo) -> TierLadder | None:
    """The statutory tier ladder of a charge (see statutory.charge_ladder)."""
    return charge_ladder(info.article, info.paragraphs)
