"""The authored deep-dive templates (rubrics/deep_dive.py fills them with a project).

Each text is an (English, Chinese) pair with {name}, {claim} and {tech} slots. Key point ids
carry the STAR parts (situation/task, action, result) that `rubrics.round_rules` asks of a
behavioral rubric; every key point weighing 0.2 or more has a follow-up that probes it, and each
template has one deepening follow-up, and marks as core the points its angle asks for, as
`rubrics.quality` asks of the bank. Mistake cues are the
misconception's own phrasing, since the scorer detects mistakes by cues only.
"""

from __future__ import annotations

from dataclasses import dataclass

Pair = tuple[str, str]


@dataclass(frozen=True)
class TemplateKeyPoint:
    id: str
    weight: float
    text: Pair
    paraphrases: tuple[str, ...]
    terms: tuple[str, ...]
    # The project's technologies are terms of this point too (they prime speech recognition).
    technology_terms: bool = False
    # What the question asks for (rubrics.schema.KeyPoint.core).
    core: bool = False


@dataclass(frozen=True)
class TemplateMistake:
    id: str
    text: Pair
    cues: tuple[str, ...]
    correction: Pair


@dataclass(frozen=True)
class TemplateFollowUp:
    id: str
    text: Pair
    probes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    angle: str
    competency: str
    prompt: Pair
    # Other ways an interviewer asks it (English, Chinese), as the bank's `asked_as`.
    asked_as: tuple[tuple[str, ...], tuple[str, ...]]
    key_points: tuple[TemplateKeyPoint, ...]
    mistakes: tuple[TemplateMistake, ...]
    follow_ups: tuple[TemplateFollowUp, ...]
    outline: tuple[tuple[str, ...], tuple[str, ...]]
    tips: tuple[tuple[str, ...], tuple[str, ...]]


_ONLY_WE = TemplateMistake(
    "only_the_team",
    (
        "Tells only what the team did, never what they did themselves",
        "只讲团队做了什么，不讲自己做了什么",
    ),
    (
        "the team did everything",
        "we all did it together",
        "i was not really involved",
        "大家一起做的",
        "我没怎么参与",
    ),
    (
        "Say I for your own part and name what teammates owned.",
        "讲自己负责的部分时用“我”，并说明队友各自负责什么。",
    ),
)

OWNERSHIP = Template(
    angle="ownership",
    competency="ownership",
    prompt=(
        "Walk me through {name}. Which part of it was yours: what did you decide and build "
        "yourself, and what did others own?",
        "请介绍一下{name}。其中哪部分是你自己负责的？哪些是你亲自决定和实现的，哪些是别人负责的？",
    ),
    asked_as=(
        (
            "Tell me about {name}.",
            "What was your role on {name}?",
            "What did you personally build on {name}?",
        ),
        ("讲讲{name}，你在里面具体负责什么？",),
    ),
    key_points=(
        TemplateKeyPoint(
            "situation_problem",
            0.15,
            (
                "Sets the scene: the problem {name} solved, for whom, and why it mattered",
                "交代背景：{name}要解决什么问题、为谁解决、为什么重要",
            ),
            ("the problem was", "our users needed", "the goal was", "背景是", "要解决的问题是"),
            ("problem", "users", "goal", "问题", "背景"),
        ),
        TemplateKeyPoint(
            "action_own_part",
            0.3,
            (
                "Says exactly which part was theirs, in the first person, apart from the "
                "team's work",
                "用第一人称说清哪部分是自己做的，并和团队其他人的工作区分开",
            ),
            (
                "i owned",
                "my part was",
                "i was responsible for",
                "i designed and built",
                "我负责",
                "我主导",
                "我自己做的是",
            ),
            ("I owned", "my part", "responsible", "负责", "主导"),
            core=True,
        ),
        TemplateKeyPoint(
            "action_decision",
            0.3,
            (
                "Names a technical decision they made themselves, such as the choice of {tech}, "
                "and the reason for it",
                "说出一个自己做的技术决策（例如选择{tech}）以及原因",
            ),
            ("i decided", "i chose", "we picked it because", "我决定", "我选择", "之所以选"),
            ("decided", "chose", "because", "决定", "选择", "因为"),
            technology_terms=True,
        ),
        TemplateKeyPoint(
            "result_outcome",
            0.25,
            (
                "Ends with the outcome, with a number such as {claim}",
                "以结果收尾，并给出数字，例如{claim}",
            ),
            ("as a result", "it reduced", "it improved", "结果是", "提升了", "降低了"),
            ("result", "reduced", "improved", "结果", "提升", "降低"),
            core=True,
        ),
    ),
    mistakes=(
        _ONLY_WE,
        TemplateMistake(
            "no_outcome",
            ("Gives no outcome beyond saying it went well", "只说效果不错，没有具体结果"),
            (
                "everyone was happy with it",
                "it was a success overall",
                "大家都很满意",
                "整体效果还不错",
            ),
            (
                "End with what changed, in a number, and how you know.",
                "用数字说明改变了什么，以及你是怎么知道的。",
            ),
        ),
    ),
    follow_ups=(
        TemplateFollowUp(
            "teammates_view",
            (
                "If I asked your teammates on {name}, what would they say you personally did?",
                "如果我去问{name}的队友，他们会说哪些是你亲手做的？",
            ),
            ("action_own_part",),
        ),
        TemplateFollowUp(
            "decision_alone",
            (
                "Which decision on {name} was yours alone, and what would have happened "
                "without it?",
                "{name}里哪个决策是你自己拍板的？如果没有这个决策会怎样？",
            ),
            ("action_decision",),
        ),
        TemplateFollowUp(
            "how_you_knew",
            (
                "How did you know it worked: which number moved, and by how much?",
                "你怎么知道它成功了？哪个指标变了，变了多少？",
            ),
            ("result_outcome",),
        ),
        TemplateFollowUp(
            "how_big",
            (
                "How big was it: users, data, requests a second, and the size of the team?",
                "规模有多大：用户数、数据量、每秒请求数，团队有多少人？",
            ),
        ),
    ),
    outline=(
        (
            "The problem {name} solved and for whom, in a sentence",
            "Your own part in the first person, apart from what teammates owned",
            "One decision you made (such as {tech}), the options and why you chose",
            "The outcome in a number ({claim}) and what you would keep",
        ),
        (
            "一句话说明{name}解决了什么问题、为谁解决",
            "用第一人称讲自己负责的部分，并和队友的工作区分开",
            "讲一个你做的决策（例如{tech}）、备选方案和选择的理由",
            "用数字讲结果（{claim}），以及哪些做法值得保留",
        ),
    ),
    tips=(
        (
            "Prepare one sentence on what was yours before the interview.",
            "Use we for the team and I for yourself, and say both.",
        ),
        (
            "面试前准备好一句话说明哪部分是你的。",
            "团队的工作说“我们”，自己的工作说“我”，两者都要讲。",
        ),
    ),
)

RESULTS = Template(
    angle="results",
    competency="impact",
    prompt=(
        "On {name}, your resume claims {claim}. How did you measure it, and how do you know "
        "your change caused it?",
        "你在{name}中写到{claim}。这个结果是怎么衡量的？你怎么确定是你的改动带来的？",
    ),
    asked_as=(
        (
            "How did you measure the result on {name}?",
            "Your resume says {claim}. How do you know?",
            "What was the impact of {name}, and how was it measured?",
        ),
        ("{name}的效果是怎么评估的？",),
    ),
    key_points=(
        TemplateKeyPoint(
            "task_metric_baseline",
            0.25,
            (
                "Defines the metric exactly and states the baseline it was compared with",
                "准确定义指标，并说明对比的基线是多少",
            ),
            (
                "the baseline was",
                "before the change it was",
                "we measured it as",
                "基线是",
                "优化前是",
                "指标定义是",
            ),
            ("baseline", "metric", "p99", "基线", "指标"),
            core=True,
        ),
        TemplateKeyPoint(
            "action_measurement",
            0.25,
            (
                "Explains how it was measured: an A/B test, an offline benchmark, or before and "
                "after on the same traffic, over a stated period",
                "说明怎么测的：A/B 实验、离线基准，或同样流量下的前后对比，以及测了多久",
            ),
            (
                "we ran an a/b test",
                "we ran an experiment",
                "we benchmarked",
                "AB实验",
                "做了实验",
                "压测",
            ),
            ("A/B", "experiment", "benchmark", "实验", "压测"),
        ),
        TemplateKeyPoint(
            "action_attribution",
            0.3,
            (
                "Rules out other causes, such as other launches, seasonality or traffic mix, with "
                "a control group or a holdout",
                "排除其他原因（同期其他上线、季节性、流量结构变化），有对照组或留出组",
            ),
            (
                "control group",
                "holdout",
                "we checked that nothing else launched",
                "ruled out seasonality",
                "对照组",
                "留出组",
                "排除了",
            ),
            ("control", "holdout", "seasonality", "对照", "排除"),
            core=True,
        ),
        TemplateKeyPoint(
            "result_cost",
            0.2,
            (
                "States what the gain cost and what else moved: latency, compute, complexity or "
                "another metric",
                "说明收益的代价以及其他指标的变化：延迟、算力、复杂度或别的指标",
            ),
            (
                "the trade-off was",
                "it cost us",
                "but it increased",
                "代价是",
                "但是增加了",
                "副作用是",
            ),
            ("trade-off", "cost", "代价", "权衡"),
        ),
    ),
    mistakes=(
        TemplateMistake(
            "number_without_method",
            ("Repeats the number without saying how it was measured", "只重复数字，不说明怎么测的"),
            (
                "the number speaks for itself",
                "it was obviously better",
                "数字说明一切",
                "明显更好了",
            ),
            (
                "Say what was measured, against which baseline, and how.",
                "说明测的是什么、和哪个基线比、怎么测的。",
            ),
        ),
        TemplateMistake(
            "assumed_causation",
            (
                "Assumes their change caused the whole gain without checking",
                "没有验证就认定全部收益都来自自己的改动",
            ),
            (
                "it must have been our change",
                "it can only have been my change",
                "肯定是我们的改动带来的",
            ),
            (
                "Name what else could explain the gain and how you ruled it out.",
                "说出还有什么可能解释收益，以及你是怎么排除的。",
            ),
        ),
    ),
    follow_ups=(
        TemplateFollowUp(
            "baseline",
            (
                "What was the number before your change, and how exactly is the metric defined?",
                "改动之前这个数是多少？这个指标具体是怎么定义的？",
            ),
            ("task_metric_baseline",),
        ),
        TemplateFollowUp(
            "measured_how",
            (
                "How did you measure that result: an A/B test, a benchmark, or before and after?",
                "这个结果是怎么测出来的：A/B 实验、基准测试，还是前后对比？",
            ),
            ("action_measurement",),
        ),
        TemplateFollowUp(
            "other_causes",
            (
                "What else changed at the same time that could explain part of the gain, and how "
                "did you rule it out?",
                "同一时期还有什么变化可能解释一部分收益？你是怎么排除的？",
            ),
            ("action_attribution",),
        ),
        TemplateFollowUp(
            "what_got_worse",
            (
                "What got worse, or cost more, because of that change?",
                "这个改动让什么变差了，或者多花了什么成本？",
            ),
            ("result_cost",),
        ),
        TemplateFollowUp(
            "still_holds",
            (
                "Would the result still hold at ten times the traffic, or a year later?",
                "流量增长十倍或者一年以后，这个结果还成立吗？",
            ),
        ),
    ),
    outline=(
        (
            "The metric's exact definition and its baseline before the change",
            "How it was measured: experiment, benchmark or before and after, and for how long",
            "What else could explain the gain and how it was ruled out",
            "What the gain cost: latency, compute, complexity, other metrics",
        ),
        (
            "指标的准确定义，以及改动前的基线",
            "怎么测的：实验、基准或前后对比，测了多久",
            "还有什么可能解释收益，以及如何排除",
            "收益的代价：延迟、算力、复杂度、其他指标",
        ),
    ),
    tips=(
        (
            "Know the baseline and the exact metric behind every number on your resume.",
            "Say what the gain cost; interviewers trust a result with a price more.",
        ),
        ("简历上每个数字都要知道基线和具体指标。", "说出收益的代价，面试官更相信有代价的结果。"),
    ),
)

TRADEOFFS = Template(
    angle="tradeoffs",
    competency="technical judgement",
    prompt=(
        "On {name} you used {tech}. Why that choice, which alternatives did you weigh, and what "
        "did you give up?",
        "{name}里你用了{tech}。为什么这么选？你比较过哪些替代方案，又放弃了什么？",
    ),
    asked_as=(
        (
            "Why did you use {tech} on {name}?",
            "What alternatives to {tech} did you consider?",
            "What trade-offs did you make on {name}?",
        ),
        ("{name}为什么选{tech}，而不是别的方案？",),
    ),
    key_points=(
        TemplateKeyPoint(
            "situation_requirements",
            0.2,
            (
                "States the requirements that drove the choice: latency, scale, cost, team skills "
                "or deadline",
                "说明驱动选择的需求：延迟、规模、成本、团队技能或工期",
            ),
            (
                "the requirement was",
                "we needed low latency",
                "the constraint was",
                "需求是",
                "要求延迟",
                "限制条件是",
            ),
            ("requirement", "latency", "cost", "需求", "延迟", "成本"),
        ),
        TemplateKeyPoint(
            "action_alternatives",
            0.3,
            (
                "Names at least two real alternatives to {tech} and compares them on those "
                "requirements",
                "说出至少两个{tech}的真实替代方案，并按这些需求做比较",
            ),
            (
                "we also considered",
                "the alternative was",
                "compared with",
                "我们也考虑过",
                "备选方案",
                "对比了",
            ),
            ("alternative", "considered", "compared", "替代", "对比"),
            technology_terms=True,
            core=True,
        ),
        TemplateKeyPoint(
            "action_given_up",
            0.3,
            (
                "Says what the choice gave up and how they lived with it",
                "说出这个选择放弃了什么，以及如何弥补",
            ),
            (
                "the downside was",
                "we gave up",
                "the cost of that was",
                "缺点是",
                "放弃了",
                "牺牲了",
            ),
            ("downside", "trade-off", "gave up", "缺点", "权衡"),
            core=True,
        ),
        TemplateKeyPoint(
            "result_revisit",
            0.2,
            (
                "Says how the choice worked out and when they would choose differently",
                "说明这个选择效果如何，以及什么情况下会改变选择",
            ),
            (
                "in hindsight",
                "today i would",
                "if the traffic grew i would",
                "回头看",
                "如果重来",
                "如果规模更大我会",
            ),
            ("hindsight", "revisit", "回头看", "重新选择"),
        ),
    ),
    mistakes=(
        TemplateMistake(
            "popular_choice",
            (
                "Chose it because it is popular or was already there, with no comparison",
                "因为流行或者一直在用就选了，没有做比较",
            ),
            (
                "everyone uses it",
                "it is the industry standard so we just used it",
                "大家都在用",
                "公司一直用这个",
            ),
            (
                "Compare at least two options on your own requirements.",
                "按自己的需求至少比较两个方案。",
            ),
        ),
        TemplateMistake(
            "no_downside",
            ("Claims the choice had no downside", "声称这个选择没有任何缺点"),
            ("there was no downside", "there were no trade-offs", "没有缺点", "没有任何代价"),
            (
                "Every choice gives something up; say what and how you lived with it.",
                "任何选择都有代价，说出代价以及你如何应对。",
            ),
        ),
    ),
    follow_ups=(
        TemplateFollowUp(
            "requirements",
            (
                "Which requirement mattered most when you chose {tech}: latency, cost, or the "
                "team's skills?",
                "选择{tech}时最重要的需求是什么：延迟、成本，还是团队技能？",
            ),
            ("situation_requirements",),
        ),
        TemplateFollowUp(
            "alternatives",
            (
                "What else could you have used instead of {tech}, and why did it lose?",
                "除了{tech}，你还可以用什么？它为什么没被选中？",
            ),
            ("action_alternatives",),
        ),
        TemplateFollowUp(
            "given_up",
            (
                "What did {tech} cost you that an alternative would not have?",
                "{tech}让你付出了什么代价，是别的方案不会有的？",
            ),
            ("action_given_up",),
        ),
        TemplateFollowUp(
            "again",
            (
                "Knowing what you know now, would you choose {tech} again, and when would you not?",
                "以你现在的了解，还会选{tech}吗？什么情况下不会？",
            ),
            ("result_revisit",),
        ),
        TemplateFollowUp(
            "doubled",
            (
                "How would the choice change if the team or the traffic doubled?",
                "如果团队或流量翻倍，这个选择会怎么变？",
            ),
        ),
    ),
    outline=(
        (
            "The requirements that decided it: latency, scale, cost, team, deadline",
            "Two or more alternatives to {tech}, compared on those requirements",
            "What the choice gave up and how you lived with it",
            "How it worked out and when you would choose differently",
        ),
        (
            "决定选择的需求：延迟、规模、成本、团队、工期",
            "两个以上{tech}的替代方案，按这些需求比较",
            "这个选择放弃了什么，以及如何弥补",
            "效果如何，以及什么情况下会换方案",
        ),
    ),
    tips=(
        (
            "Name the alternatives by name; a vague 'other options' sounds like none were weighed.",
            "State the condition under which you would switch.",
        ),
        (
            "替代方案要说出具体名字，含糊的“其他方案”听起来像没比较过。",
            "说出在什么条件下你会换方案。",
        ),
    ),
)

FAILURE = Template(
    angle="failure",
    competency="learning",
    prompt=(
        "What went wrong on {name}, and what would you build differently if you started it "
        "again today?",
        "{name}中遇到过什么失败或问题？如果今天重新做，你会怎么改？",
    ),
    asked_as=(
        (
            "What went wrong on {name}?",
            "What would you do differently on {name}?",
            "What was the hardest problem on {name}?",
        ),
        ("{name}里踩过什么坑？",),
    ),
    key_points=(
        TemplateKeyPoint(
            "situation_incident",
            0.25,
            (
                "Describes a concrete failure or mistake on {name}: what happened and its impact",
                "描述{name}中一次具体的失败或失误：发生了什么、影响多大",
            ),
            (
                "it broke when",
                "we had an outage",
                "the launch failed",
                "出过一次故障",
                "上线失败",
                "出了问题",
            ),
            ("outage", "incident", "failed", "故障", "失败"),
        ),
        TemplateKeyPoint(
            "action_own_role",
            0.25,
            (
                "Owns their part in it, in the first person, without blaming others",
                "用第一人称承认自己的责任，不把问题推给别人",
            ),
            ("it was my mistake", "i should have", "i missed", "是我的失误", "我应该", "我忽略了"),
            ("my mistake", "I should have", "失误", "责任"),
            core=True,
        ),
        TemplateKeyPoint(
            "action_fix",
            0.25,
            (
                "Explains how it was detected and how they fixed it",
                "说明问题是怎么发现的、怎么修复的",
            ),
            (
                "we noticed it when",
                "i rolled back",
                "i fixed it by",
                "发现问题是因为",
                "我回滚了",
                "修复方法是",
            ),
            ("rollback", "fixed", "alert", "回滚", "修复"),
        ),
        TemplateKeyPoint(
            "result_lesson",
            0.25,
            (
                "States the lesson and what changed since: a test, an alert, a process others now "
                "use",
                "说出教训以及之后的改变：新增的测试、告警或别人也在用的流程",
            ),
            (
                "since then we always",
                "i learned",
                "now we have a test",
                "从那以后",
                "我学到",
                "现在我们有",
            ),
            ("lesson", "learned", "since then", "教训", "学到"),
            core=True,
        ),
    ),
    mistakes=(
        TemplateMistake(
            "nothing_failed",
            ("Claims nothing went wrong", "声称什么问题都没遇到"),
            (
                "nothing went wrong",
                "there were no real problems",
                "没有遇到什么问题",
                "一切都很顺利",
            ),
            (
                "Every real project has a failure; pick one and own it.",
                "真实的项目都有失败，选一个并承担起来。",
            ),
        ),
        TemplateMistake(
            "blames_others",
            ("Blames others or bad luck for the failure", "把失败归咎于别人或运气"),
            (
                "it was the other team's fault",
                "it was just bad luck",
                "都是别的团队的问题",
                "纯属运气不好",
            ),
            ("Say what you could have done differently.", "说出你自己本可以怎么做。"),
        ),
    ),
    follow_ups=(
        TemplateFollowUp(
            "what_happened",
            (
                "Tell me about one specific thing that broke on {name}: what happened, and who "
                "noticed?",
                "讲一件{name}里具体出问题的事：发生了什么，谁发现的？",
            ),
            ("situation_incident",),
        ),
        TemplateFollowUp(
            "your_part",
            (
                "What was your own part in it, and what would you do differently?",
                "你自己在其中有什么责任？你会怎么做得不同？",
            ),
            ("action_own_role",),
        ),
        TemplateFollowUp(
            "fixed_how",
            (
                "How did you find the cause, and how did you fix it?",
                "你是怎么找到原因的？又是怎么修复的？",
            ),
            ("action_fix",),
        ),
        TemplateFollowUp(
            "changed_since",
            (
                "What changed afterwards so that it cannot happen again?",
                "之后做了什么改变，保证不会再发生？",
            ),
            ("result_lesson",),
        ),
        TemplateFollowUp(
            "start_again",
            (
                "If you started {name} again today, what would you build differently?",
                "如果今天重新开始做{name}，你会在哪里做得不同？",
            ),
        ),
    ),
    outline=(
        (
            "One concrete failure on {name}, with its impact",
            "Your own part in it, in the first person",
            "How it was detected and fixed",
            "The lesson and the mechanism that prevents it now",
        ),
        (
            "{name}中一次具体的失败及其影响",
            "用第一人称讲自己的责任",
            "问题是怎么发现和修复的",
            "教训，以及现在防止它再发生的机制",
        ),
    ),
    tips=(
        (
            "Pick a failure you caused and fixed; it shows more than one you watched.",
            "End with what is different now, not only with what you felt.",
        ),
        (
            "选一个你造成并修复的失败，比旁观的失败更有说服力。",
            "以现在有什么不同收尾，而不只是感受。",
        ),
    ),
)

SCALE = Template(
    angle="scale",
    competency="technical depth",
    prompt=(
        "How big did {name} get, in users, data or requests a second, and what would break "
        "first at ten times that load?",
        "{name}的规模有多大（用户、数据量或每秒请求数）？如果负载增长十倍，最先出问题的会是什么？",
    ),
    asked_as=(
        (
            "How big was {name}?",
            "How would {name} handle ten times the traffic?",
            "What would break first if {name} grew tenfold?",
        ),
        ("{name}如果流量涨十倍，哪里会先扛不住？",),
    ),
    key_points=(
        TemplateKeyPoint(
            "situation_numbers",
            0.25,
            (
                "Gives the real numbers: users, data volume, requests a second, latency budget",
                "给出真实的数字：用户数、数据量、每秒请求数、延迟预算",
            ),
            ("requests per second", "we served", "million users", "每秒请求", "日活", "数据量是"),
            ("QPS", "users", "latency", "请求", "数据量"),
        ),
        TemplateKeyPoint(
            "action_bottleneck",
            0.25,
            (
                "Names the component that breaks first at ten times the load, and why",
                "说出负载增长十倍时最先出问题的组件及原因",
            ),
            ("the bottleneck would be", "the first thing to break", "瓶颈在", "最先扛不住的是"),
            ("bottleneck", "database", "瓶颈"),
            core=True,
        ),
        TemplateKeyPoint(
            "action_scaling",
            0.3,
            (
                "Explains how to scale it: sharding, caching, batching, queues or replicas",
                "说明如何扩展：分片、缓存、批处理、异步队列或副本",
            ),
            (
                "shard the data",
                "add a cache",
                "batch the requests",
                "分片",
                "加缓存",
                "批处理",
                "异步队列",
            ),
            ("sharding", "cache", "batching", "queue", "分片", "缓存"),
            technology_terms=True,
            core=True,
        ),
        TemplateKeyPoint(
            "result_monitoring",
            0.2,
            (
                "Says how they would see it coming: the metrics and alerts, and what it would cost",
                "说明如何提前发现：监控指标和告警，以及扩展的成本",
            ),
            ("we would alert on", "monitor the p99", "cost would grow", "监控", "告警", "成本会"),
            ("monitoring", "alert", "p99", "监控", "告警"),
        ),
    ),
    mistakes=(
        TemplateMistake(
            "just_add_machines",
            ("Says to add more machines without naming a bottleneck", "只说加机器，不说瓶颈在哪里"),
            (
                "just add more servers",
                "we would simply scale horizontally",
                "加机器就行",
                "直接扩容就好",
            ),
            (
                "Name what saturates first before saying how to scale it.",
                "先说出什么最先饱和，再说怎么扩展。",
            ),
        ),
        TemplateMistake(
            "no_numbers",
            ("Talks about scale without a single number", "谈规模却没有一个具体数字"),
            ("it was pretty big", "there were a lot of users", "用户很多", "数据量很大"),
            (
                "Give orders of magnitude: users, QPS, data size.",
                "给出数量级：用户数、QPS、数据量。",
            ),
        ),
    ),
    follow_ups=(
        TemplateFollowUp(
            "numbers",
            (
                "What were the actual numbers: requests a second, data size, latency budget?",
                "实际的数字是多少：每秒请求数、数据量、延迟预算？",
            ),
            ("situation_numbers",),
        ),
        TemplateFollowUp(
            "breaks_first",
            (
                "At ten times the load, which component saturates first, and why that one?",
                "负载增长十倍时，哪个组件最先饱和？为什么是它？",
            ),
            ("action_bottleneck",),
        ),
        TemplateFollowUp(
            "scale_how",
            (
                "How would you change the design of {name} to carry that load?",
                "你会怎么修改{name}的设计来承受这样的负载？",
            ),
            ("action_scaling",),
        ),
        TemplateFollowUp(
            "see_it_coming",
            (
                "How would you see the problem coming before users do?",
                "你怎么在用户察觉之前发现问题？",
            ),
            ("result_monitoring",),
        ),
        TemplateFollowUp(
            "cost",
            (
                "What would the bigger system cost to run, and where would you save?",
                "更大的系统运行成本是多少？你会在哪里省钱？",
            ),
        ),
    ),
    outline=(
        (
            "The real numbers: users, requests a second, data volume, latency budget",
            "The first component to saturate at ten times the load, and why",
            "How to scale it: sharding, caching, batching, queues, replicas",
            "The metrics and alerts that warn early, and the cost",
        ),
        (
            "真实的数字：用户数、每秒请求数、数据量、延迟预算",
            "负载十倍时最先饱和的组件及原因",
            "扩展方法：分片、缓存、批处理、队列、副本",
            "提前预警的指标和告警，以及成本",
        ),
    ),
    tips=(
        (
            "Know your project's numbers to an order of magnitude.",
            "Name the bottleneck before the fix.",
        ),
        ("知道项目数字的数量级。", "先说瓶颈，再说方案。"),
    ),
)

TEMPLATES: tuple[Template, ...] = (OWNERSHIP, RESULTS, TRADEOFFS, FAILURE, SCALE)
