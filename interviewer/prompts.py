"""What the interviewer says around the rubric's lines, and what it asks a capable model.

Transitions are authored so the interview sounds natural with no model at all. The two
prompts are for instruction-tuned models only (the bundled base model cannot follow them,
DESIGN.md §3); whatever they produce is checked by the line writer before anyone hears it.
"""

from __future__ import annotations

from interviewer.chat_model import ChatMessage
from rubrics.schema import Language

# The first question opens the interview; later ones rotate so no two in a row sound alike.
OPENINGS: dict[Language, str] = {
    "en": "Hi, thanks for joining. Take your time with each answer, and press Done when you "
    "have finished. Let's begin.",
    "zh": "你好，欢迎参加这次模拟面试。每道题都可以慢慢想，答完后点击完成。我们开始吧。",
}
# Said before an authored follow-up, so the reply starts at once (these are pre-synthesised).
ACKNOWLEDGEMENTS: dict[Language, tuple[str, ...]] = {
    "en": ("Okay.", "I see.", "Got it.", "Thanks."),
    "zh": ("好的。", "嗯，明白。", "了解。", "谢谢。"),
}
CLOSINGS: dict[Language, str] = {
    "en": "That's the end of our interview. Thank you. Your report is ready to review.",
    "zh": "面试到这里就结束了，谢谢你。你的面试报告已经生成，可以查看了。",
}
RESUMES: dict[Language, str] = {
    "en": "Welcome back. Let's pick up where we left off.",
    "zh": "欢迎回来，我们从刚才中断的地方继续。",
}
TRANSITIONS: dict[Language, tuple[str, ...]] = {
    "en": (
        "Thanks. Next question.",
        "Okay, let's move on.",
        "Got it. Here's the next one.",
        "Thank you. Let's switch topics.",
        "Alright, next one.",
    ),
    "zh": (
        "谢谢。下一个问题。",
        "好的，我们继续。",
        "明白了，来看下一题。",
        "谢谢你的回答，我们换个话题。",
        "好，下一题。",
    ),
}

# A candidate's answer can run for minutes; the model needs its gist, not every word.
MAX_ANSWER_CHARS = 1500

_PHRASE_SYSTEM: dict[Language, str] = {
    "en": (
        "You are a warm, concise interviewer in a spoken mock interview for machine-learning "
        "engineers. Rewrite the interviewer's next line so it sounds natural when spoken aloud. "
        "Keep its meaning and its technical terms. Never add hints, examples or answers. "
        "Use one or two short sentences and end with a question mark. "
        "Reply with the line only, in English."
    ),
    "zh": (
        "你是一位亲切、简洁的面试官，正在为机器学习工程师进行口语模拟面试。"
        "请改写面试官的下一句话，让它说出来自然流畅。保留原意和所有技术术语。"
        "不要添加任何提示、例子或答案。用一到两个短句，以问号结尾。只用中文回复这句话本身。"
    ),
}
_PHRASE_USER: dict[Language, str] = {
    "en": 'You have just said: "{transition}"\nLine to rephrase: {authored}',
    "zh": "你刚刚说了：“{transition}”\n要改写的句子：{authored}",
}
_PHRASE_USER_NO_TRANSITION: dict[Language, str] = {
    "en": "Line to rephrase: {authored}",
    "zh": "要改写的句子：{authored}",
}

_FOLLOW_UP_SYSTEM: dict[Language, str] = {
    "en": (
        "You are an interviewer in a spoken mock interview for machine-learning engineers. "
        "The candidate's answer missed one point. Ask one short, open follow-up question that "
        "leads the candidate to think about that point. Never state the point, its key terms "
        "or its answer, and never hint at what is correct. One sentence ending with a question "
        "mark. Reply with the question only, in English."
    ),
    "zh": (
        "你是一位机器学习工程师口语模拟面试的面试官。候选人的回答漏掉了一个要点。"
        "请提出一个简短、开放的追问，引导候选人思考这个要点。"
        "绝不能说出这个要点、它的关键术语或答案，也不要暗示什么是正确的。"
        "只用一句话，以问号结尾。只用中文回复这个问题本身。"
    ),
}
_FOLLOW_UP_USER: dict[Language, str] = {
    "en": (
        "Question: {question}\nCandidate's answer: {answer}\n"
        "The point they missed (your goal; never say it): {goal}"
    ),
    "zh": (
        "面试题：{question}\n候选人的回答：{answer}\n漏掉的要点（你的目标，绝不能说出来）：{goal}"
    ),
}


def transition_line(language: Language, index: int) -> str:
    """The authored lead-in for the `index`-th question of an interview (0 = the first)."""
    if index <= 0:
        return OPENINGS[language]
    options = TRANSITIONS[language]
    return options[(index - 1) % len(options)]


def join_lead(lead: str, text: str, language: Language) -> str:
    """An authored lead-in and a line, spaced as the language writes them."""
    return f"{lead}{'' if language == 'zh' else ' '}{text}" if lead else text


def acknowledgement(language: Language, index: int) -> str:
    options = ACKNOWLEDGEMENTS[language]
    return options[index % len(options)]


def authored_lead_ins(language: Language) -> list[str]:
    """Every authored line said around the rubric's, to synthesise ahead of the first session."""
    return [
        OPENINGS[language],
        *TRANSITIONS[language],
        *ACKNOWLEDGEMENTS[language],
        CLOSINGS[language],
        RESUMES[language],
    ]


def phrase_messages(language: Language, authored: str, transition: str) -> list[ChatMessage]:
    """Ask for a spoken rephrasing of `authored`; the transition is already said, so the
    model is told it rather than asked to repeat it."""
    if transition:
        user = _PHRASE_USER[language].format(transition=transition, authored=authored)
    else:
        user = _PHRASE_USER_NO_TRANSITION[language].format(authored=authored)
    return [
        ChatMessage(role="system", content=_PHRASE_SYSTEM[language]),
        ChatMessage(role="user", content=user),
    ]


def follow_up_messages(
    language: Language, question: str, goal: str, answer_text: str
) -> list[ChatMessage]:
    """Ask for a probing question toward `goal` (a missed key point) that does not reveal it."""
    answer = answer_text.strip()
    if len(answer) > MAX_ANSWER_CHARS:
        answer = answer[:MAX_ANSWER_CHARS] + "…"
    user = _FOLLOW_UP_USER[language].format(question=question, answer=answer, goal=goal)
    return [
        ChatMessage(role="system", content=_FOLLOW_UP_SYSTEM[language]),
        ChatMessage(role="user", content=user),
    ]
