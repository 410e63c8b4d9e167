"""The skills lexicon: which words in a resume or job description name a skill, and which of
our domains (rubrics/schema.py `Domain`) each skill belongs to.

A lexicon rather than a model: the bundled LLM is a base model whose extractions are noise
(DESIGN.md §3), and a list is predictable, testable and easy to extend. English aliases match
as whole words, case-insensitively ("Java" is not found in "JavaScript"); Chinese aliases match
as substrings, as Chinese has no spaces to bound a word.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from rubrics.schema import Domain

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True)
class Skill:
    name: str
    domain: Domain
    aliases: tuple[str, ...]
    # A named technology (PyTorch, Kafka) rather than a topic (ranking): a project's
    # technologies, which a trade-off question asks about, are tools only.
    tool: bool = False

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        parts = [
            re.escape(alias)
            if HAN.search(alias)
            else rf"(?<![A-Za-z0-9]){re.escape(alias)}(?![A-Za-z0-9+#])"
            for alias in (self.name.lower(), *self.aliases)
        ]
        return re.compile("|".join(parts), re.IGNORECASE)


def _skill(name: str, domain: Domain, *aliases: str) -> Skill:
    return Skill(name, domain, aliases)


def _tool(name: str, domain: Domain, *aliases: str) -> Skill:
    return Skill(name, domain, aliases, tool=True)


# fmt: off
SKILLS: tuple[Skill, ...] = (
    _skill("Machine learning", "fundamentals", "ml", "机器学习"),
    _skill("Statistics", "fundamentals", "statistical", "统计"),
    _tool("scikit-learn", "fundamentals", "sklearn"),
    _tool("XGBoost", "fundamentals", "lightgbm", "gbdt"),
    _skill("Feature engineering", "fundamentals", "特征工程"),
    _skill("Deep learning", "deep_learning", "neural network", "neural networks", "深度学习",
           "神经网络"),
    _tool("PyTorch", "deep_learning", "torch"),
    _tool("TensorFlow", "deep_learning", "keras"),
    _skill("Distributed training", "deep_learning", "cuda", "gpu training", "分布式训练"),
    _skill("Transformers", "deep_learning", "transformer", "attention"),
    _skill("NLP", "nlp", "natural language processing", "自然语言处理", "text classification",
           "文本分类", "named entity recognition", "命名实体"),
    _tool("BERT", "nlp", "roberta"),
    _skill("LLM", "llm", "llms", "large language model", "large language models", "gpt",
           "大模型", "大语言模型"),
    _skill("RAG", "llm", "retrieval-augmented", "retrieval augmented", "检索增强"),
    _skill("Fine-tuning", "llm", "fine-tune", "fine-tuned", "finetuning", "sft", "微调"),
    _tool("LoRA", "llm", "qlora"),
    _skill("RLHF", "llm", "dpo", "reward model"),
    _skill("Prompt engineering", "llm", "prompting", "提示词"),
    _tool("vLLM", "llm", "tensorrt-llm", "llama.cpp"),
    _tool("LangChain", "llm", "llamaindex"),
    _skill("Agents", "llm", "llm agents", "智能体"),
    _skill("Vector search", "llm", "vector database", "向量检索", "向量数据库"),
    _tool("FAISS", "llm"),
    _tool("Milvus", "llm"),
    _skill("Computer vision", "cv", "image classification", "计算机视觉", "图像识别",
           "图像分类"),
    _skill("Object detection", "cv", "目标检测", "segmentation", "图像分割"),
    _tool("YOLO", "cv"),
    _tool("OpenCV", "cv"),
    _skill("OCR", "cv", "文字识别"),
    _skill("Recommender systems", "recsys", "recommendation", "recommendations",
           "recommender", "推荐系统", "推荐算法", "collaborative filtering", "协同过滤"),
    _skill("Ranking", "ranking", "learning to rank", "search ranking", "ctr prediction",
           "ctr", "排序", "搜索排序", "点击率"),
    _skill("Search", "ranking", "information retrieval", "搜索"),
    _tool("Elasticsearch", "ranking"),
    _skill("A/B testing", "experimentation", "a/b test", "a/b tests", "ab testing",
           "experimentation", "ab实验", "a/b实验", "ab测试"),
    _skill("Causal inference", "experimentation", "uplift", "因果推断"),
    _skill("MLOps", "mlops", "ml platform", "model deployment", "model serving", "模型部署",
           "模型服务"),
    _tool("Kubernetes", "mlops", "k8s"),
    _tool("Docker", "mlops"),
    _tool("Airflow", "mlops"),
    _tool("MLflow", "mlops", "kubeflow"),
    _skill("Feature store", "mlops", "特征平台"),
    _skill("Monitoring", "mlops", "observability", "监控", "告警"),
    _tool("Prometheus", "mlops", "grafana"),
    _skill("CI/CD", "mlops", "continuous integration", "持续集成"),
    _skill("Distributed systems", "system_design", "distributed system", "分布式系统",
           "分布式", "microservices", "微服务", "system design", "系统设计", "high availability",
           "高可用", "高并发"),
    _tool("Kafka", "system_design", "rocketmq"),
    _skill("Message queues", "system_design", "message queue", "消息队列"),
    _tool("Spark", "system_design", "pyspark"),
    _tool("Flink", "system_design"),
    _tool("Hadoop", "system_design", "hive"),
    _skill("Big data", "system_design", "大数据"),
    _tool("Redis", "system_design", "memcached"),
    _skill("Caching", "system_design", "cache", "缓存"),
    _tool("SQL", "coding", "mysql", "postgresql", "postgres"),
    _tool("Python", "coding"),
    _tool("Java", "coding"),
    _tool("C++", "coding", "cpp"),
    _tool("Golang", "coding"),
    _tool("Rust", "coding"),
    _skill("Algorithms", "coding", "data structures", "leetcode", "算法题", "数据结构"),
    _skill("Leadership", "behavioral", "led a team", "managed a team", "team lead", "带团队",
           "团队管理", "管理团队"),
    _skill("Mentoring", "behavioral", "mentored", "mentor", "指导新人", "带新人"),
    _skill("Cross-functional collaboration", "behavioral", "cross-functional", "stakeholders",
           "跨团队", "跨部门"),
)
# fmt: on
BY_NAME: dict[str, Skill] = {skill.name.lower(): skill for skill in SKILLS}


def skill_counts(text: str) -> Counter[str]:
    """How often each skill of the lexicon is named in `text`, by canonical name."""
    counts: Counter[str] = Counter()
    for skill in SKILLS:
        found = len(skill.pattern.findall(text))
        if found:
            counts[skill.name] = found
    return counts


def domain_of(skill_name: str) -> Domain | None:
    """The domain of a lexicon skill; None for a skill a candidate typed in themselves."""
    skill = BY_NAME.get(skill_name.lower())
    return skill.domain if skill else None


def mentions(skill_name: str, text: str) -> bool:
    """Whether `text` names the skill: by any alias for a lexicon skill, else the name itself."""
    skill = BY_NAME.get(skill_name.lower())
    if skill is not None:
        return skill.pattern.search(text) is not None
    return skill_name.strip().lower() in text.lower() if skill_name.strip() else False
