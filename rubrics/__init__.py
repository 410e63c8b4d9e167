"""The question bank: rubric schema, YAML loader, authoring rules and interview planner.

Imports nothing from the rest of Viva, so authors can validate a bank without the models.
"""

from rubrics.bank import QuestionBank
from rubrics.errors import PlanError, RubricBankError, RubricFileError, UnknownQuestionError
from rubrics.loader import default_data_dir, load_bank, read_bank
from rubrics.planner import PlanRequest, plan_interview
from rubrics.schema import Question

__all__ = [
    "PlanError",
    "PlanRequest",
    "Question",
    "QuestionBank",
    "RubricBankError",
    "RubricFileError",
    "UnknownQuestionError",
    "default_data_dir",
    "load_bank",
    "plan_interview",
    "read_bank",
]
