"""Profiles read from resumes and job descriptions written for these tests (English and
Chinese, pasted or as a PDF), odd input, and the plan weighted toward a profile."""

from __future__ import annotations

import io
import random
from collections import Counter
from datetime import date

import pytest
from pypdf import PdfWriter

from interviewer.profile import MAX_TEXT_CHARS, Profile, extract_profile
from interviewer.profile_plan import question_score, ranked_bank_ids, tailored_plan
from rubrics.bank import QuestionBank
from rubrics.deep_dive import Project, deep_dive_questions
from web.profile_routes import MAX_PDF_BYTES, PdfRejected, pdf_text

TODAY = date(2026, 12, 1)

EN_RESUME = """Ada Lovelace
Senior Machine Learning Engineer · ada@example.com

Summary
Machine learning engineer with 7 years of experience in fraud detection and recommendation.

Experience
Acme Payments | Senior ML Engineer | 2019 – Present
- Led a team of 4 engineers building real-time fraud models in PyTorch
- Mentored two junior engineers

Projects
Fraud Radar — real-time fraud scoring service (2021–2023)
- Built streaming features on Kafka and Flink; cut p99 latency 40% and saved $1.2M a year
- Deployed the model on Kubernetes with canary releases
Tech: Kafka, Flink, PyTorch, Kubernetes

Shop Recs | personalised recommendations for the home page
- Trained a two-tower recommender on 2B interactions, lifting CTR by 12% in an A/B test
- Served embeddings from a Redis cache at 30k QPS

Education
MSc Computer Science, 2017
"""

ZH_RESUME = """张伟
高级算法工程师 | 8年工作经验

工作经历
字节跳动 | 高级算法工程师 | 2018.07 - 至今
- 负责搜索排序模型的迭代

项目经历
项目一：智能客服问答系统 | 2022.03 - 2023.01
项目描述：基于大模型的企业客服问答，支持检索增强（RAG）
技术栈：LangChain、Milvus、vLLM
- 负责检索增强模块的设计与实现，回答准确率提升15%
- 使用LoRA微调Qwen模型，推理延迟降低30%

项目二：短视频推荐系统
- 搭建召回和排序链路，点击率提升8%，日活用户3000万

教育背景
北京大学 计算机硕士
"""

JD = """Staff Machine Learning Engineer, LLM Platform
We are looking for a Staff ML Engineer with 8+ years of experience to lead our large language
model platform.
Responsibilities
- Design RAG pipelines and fine-tuning (LoRA, RLHF) workflows
- Own model serving with vLLM on Kubernetes, monitoring and A/B testing of LLM features
Requirements
- Strong Python and PyTorch; experience with distributed training
"""

# No projects section: the projects are the building bullets of the experience.
EXPERIENCE_ONLY = """Grace Hopper
Software Engineering Intern, then Machine Learning Engineer

Experience
Initech | Machine Learning Engineer | 2023 - present
- Built a real-time feature store serving 2M QPS, cutting training-serving skew by 90%
- Attended weekly planning meetings
- Designed the ranking model monitoring dashboards in Grafana
Initech | Software Engineering Intern | 2022
- Wrote unit tests
"""


def test_an_english_resume() -> None:
    profile = extract_profile(EN_RESUME, today=TODAY)
    assert {"PyTorch", "Kafka", "Flink", "Kubernetes", "Recommender systems"} <= set(profile.skills)
    assert {"recsys", "system_design", "mlops", "behavioral"} <= set(profile.domains)
    assert (profile.level, profile.years) == ("L5", 7.0)  # "Senior" and "7 years"
    assert profile.language == "en"
    fraud, recs = profile.projects
    assert (fraud.name, fraud.summary) == ("Fraud Radar", "real-time fraud scoring service")
    assert any("cut p99 latency 40%" in claim for claim in fraud.claims)
    assert fraud.technologies[:4] == ["Kafka", "Flink", "PyTorch", "Kubernetes"]
    assert recs.name == "Shop Recs" and recs.domain == "recsys"
    # The result comes before a figure that only says how big it was.
    assert recs.claims[0] == "lifting CTR by 12% in an A/B test"
    assert "Redis" in recs.technologies and "Ranking" not in recs.technologies  # tools only


def test_a_chinese_resume() -> None:
    profile = extract_profile(ZH_RESUME, today=TODAY)
    assert profile.language == "zh"
    assert {"RAG", "LoRA", "vLLM", "Recommender systems", "Ranking"} <= set(profile.skills)
    assert profile.domains[0] == "llm"
    # 高级 (senior) says L5, eight years say L6: the higher wins for a non-junior title.
    assert (profile.level, profile.years) == ("L6", 8.0)
    chat, video = profile.projects
    assert chat.name == "智能客服问答系统"
    assert chat.summary == "基于大模型的企业客服问答，支持检索增强（RAG）"
    assert chat.claims[:2] == ["回答准确率提升15%", "推理延迟降低30%"]
    assert chat.technologies[:3] == ["LangChain", "Milvus", "vLLM"] and chat.domain == "llm"
    assert video.name == "短视频推荐系统" and "点击率提升8%" in video.claims


def test_a_job_description_has_skills_and_a_level_but_no_projects() -> None:
    profile = extract_profile(jd_text=JD, today=TODAY)
    assert profile.projects == []
    assert profile.domains[0] == "llm"
    assert {"RAG", "Fine-tuning", "LoRA", "RLHF", "vLLM", "Kubernetes", "A/B testing"} <= set(
        profile.skills
    )
    assert (profile.level, profile.years) == ("L6", 8.0)  # "Staff ... 8+ years"


def test_the_job_description_decides_the_level_and_leads_the_domains() -> None:
    """The mock is for the job: its level wins over the resume's, and its skills count twice."""
    profile = extract_profile(EN_RESUME, JD, today=TODAY)
    assert profile.level == "L6"
    assert profile.domains[0] == "llm"  # the resume alone leads with system design
    assert extract_profile(EN_RESUME, today=TODAY).domains[0] != "llm"
    assert [p.name for p in profile.projects] == ["Fraud Radar", "Shop Recs"]  # resume only


def test_projects_from_experience_bullets_and_a_junior_title() -> None:
    profile = extract_profile(EXPERIENCE_ONLY, today=TODAY)
    names = [project.name for project in profile.projects]
    assert names[0] == "real-time feature store"  # states a result, so it comes first
    assert "ranking model monitoring dashboards" in names
    assert profile.projects[0].claims == [
        "cutting training-serving skew by 90%",
        "Built a real-time feature store serving 2M QPS",
    ]
    assert not any("meetings" in name or "unit tests" in name for name in names)
    # The dated role spans 2023 to today (3 years: L4), but an intern title caps the level.
    assert (profile.level, profile.years) == ("L3", 3.0)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Principal Research Scientist at Example Labs", "L7"),
        ("Staff Software Engineer, search infrastructure", "L6"),
        ("Machine learning engineer, 5 years of experience", "L5"),
        ("12 years of industry experience", "L7"),
        ("New grad software engineer", "L3"),
        ("资深算法工程师，5年以上工作经验", "L5"),
        ("首席科学家", "L7"),
        ("应届毕业生，熟悉机器学习", "L3"),
        ("I like machine learning.", "L4"),  # says nothing: the default
    ],
)
def test_levels_from_titles_and_years(text: str, level: str) -> None:
    assert extract_profile(text, today=TODAY).level == level


def test_empty_input_gives_an_empty_profile() -> None:
    profile = extract_profile("", "", today=TODAY)
    assert profile == Profile(level="L4", level_reason="default")
    assert extract_profile("   \n\t  ", today=TODAY).projects == []


def test_huge_input_is_cut_and_still_read() -> None:
    huge = EN_RESUME * 2_000  # ~1.3 MB
    profile = extract_profile(huge, today=TODAY)
    assert profile.projects[0].name == "Fraud Radar"
    assert len(huge) > MAX_TEXT_CHARS
    assert Profile.model_validate(profile.model_dump()) == profile


def test_binary_garbage_gives_a_valid_profile() -> None:
    garbage = random.Random(7).randbytes(50_000).decode("latin-1")
    profile = extract_profile(garbage, garbage, today=TODAY)
    assert Profile.model_validate_json(profile.model_dump_json()) == profile
    for project in profile.projects:  # whatever it found is printable
        assert all(ch.isprintable() for ch in project.name)


def tiny_pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing `lines` in Helvetica (ASCII), written by hand: pypdf writes
    pages but not text, and the test should not depend on a PDF library to write one."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    text = " ".join(f"({line}) '" for line in escaped)
    stream = f"BT /F1 10 Tf 14 TL 50 800 Td {text} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def test_a_resume_pdf_reads_like_the_pasted_resume() -> None:
    # Helvetica's standard encoding has no middle dot or dashes beyond the hyphen.
    ascii_resume = EN_RESUME.replace("·", "-").replace("–", "-").replace("—", "-")
    text = pdf_text(tiny_pdf(ascii_resume.splitlines()))
    assert "Fraud Radar" in text and "cut p99 latency 40%" in text
    profile = extract_profile(text, today=TODAY)
    assert [p.name for p in profile.projects] == ["Fraud Radar", "Shop Recs"]
    assert profile.level == "L5" and "Kafka" in profile.projects[0].technologies


def _blank_pdf(password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(user_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "status", "says"),
    [
        (b"", 400, "empty"),
        (b"PK\x03\x04 a zip, not a PDF", 400, "not a PDF"),
        (b"%PDF-1.4\n" + bytes(range(256)) * 40, 400, "could not be read"),
        (_blank_pdf(), 400, "no text"),
        (_blank_pdf(password="secret"), 400, "password"),
        (b"%PDF-1.4\n" + b"0" * MAX_PDF_BYTES, 413, "larger than 5 MB"),
    ],
    ids=["empty", "zip", "garbage", "scanned", "encrypted", "oversized"],
)
def test_pdfs_that_cannot_be_read_are_refused_clearly(data: bytes, status: int, says: str) -> None:
    with pytest.raises(PdfRejected) as refused:
        pdf_text(data)
    assert refused.value.status == status and says in refused.value.message


def test_the_plan_leans_toward_the_profile(bank: QuestionBank) -> None:
    llm = extract_profile(jd_text=JD, today=TODAY)
    ids = ranked_bank_ids(bank, llm, 8)
    assert len(ids) == len(set(ids)) == 8
    domains = Counter(bank.get(qid).domain for qid in ids)
    assert domains.most_common(1)[0][0] == "llm"
    assert set(domains) <= set(llm.domains)  # nothing from domains the job does not name
    assert all(llm.level in bank.get(qid).levels for qid in ids)
    assert ranked_bank_ids(bank, llm, 8) == ids  # deterministic

    recs = Profile(domains=["recsys", "ranking"], skills=["Recommender systems"], level="L4")
    recs_ids = ranked_bank_ids(bank, recs, 5)
    assert {bank.get(qid).domain for qid in recs_ids} <= {"recsys", "ranking"}
    best_llm = bank.get(ids[0])
    assert question_score(best_llm, llm) > question_score(best_llm, recs)


def test_a_tailored_plan_opens_with_deep_dives(bank: QuestionBank) -> None:
    profile = extract_profile(EN_RESUME, JD, today=TODAY)
    deep_dives = deep_dive_questions(profile.projects, "user:profile", 2026)
    for count in (3, 5, 8):
        ids = tailored_plan(bank, profile, deep_dives, count)
        assert len(ids) == len(set(ids)) == count
        wanted = max(1, -(-count // 3))
        assert ids[:wanted] == [q.id for q in deep_dives[:wanted]]
        assert all(qid in bank for qid in ids[wanted:])
    no_projects = Profile(domains=["llm"], level="L6")
    assert all(qid in bank for qid in tailored_plan(bank, no_projects, [], 5))
    assert tailored_plan(bank, profile, [], 5) == ranked_bank_ids(bank, profile, 5)
    assert Project(name="x").domain == "system_design"
