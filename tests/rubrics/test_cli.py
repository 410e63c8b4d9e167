"""`python -m rubrics validate|list|stats` on the fixture bank and on a broken file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rubrics.__main__ import main
from tests.rubrics.conftest import FIXTURE_BANK


def test_validate_ok_exits_zero(capsys):
    assert main(["validate", str(FIXTURE_BANK)]) == 0
    assert capsys.readouterr().out.startswith("OK: 4 valid questions in 3 files")


def test_validate_prints_every_problem_and_exits_one(raw_question, write_rubric, capsys):
    raw_question["key_points"][0]["weight"] = 0.9
    raw_question["prompt"]["zh"] = "bias variance?"
    path = write_rubric("bad.yaml", [raw_question])
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert f"{path}: fx_bias_variance: key_points: weights sum to 1.500" in lines[0]
    # The heavier point is the core one, so the core rule objects too.
    assert f"{path}: fx_bias_variance: key_points: core points weigh 0.90" in lines[1]
    assert lines[2].startswith(f"{path}: fx_bias_variance: prompt.zh: ")
    assert lines[-1].startswith("FAILED")


def test_list_filters_and_shows_the_chosen_language(capsys):
    args = ["list", "--data", str(FIXTURE_BANK), "--level", "L3", "--language", "zh"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "fx_bias_variance" in out and "fx_dropout" in out
    assert "fx_feed_ranking" not in out
    assert "什么是偏差方差权衡" in out
    assert out.rstrip().endswith("2 question(s)")


def test_list_by_company(capsys):
    assert main(["list", "--data", str(FIXTURE_BANK), "--company", "amazon"]) == 0
    assert "fx_conflict" in capsys.readouterr().out


def test_stats_prints_counts_and_load_time_last(capsys):
    assert main(["stats", "--data", str(FIXTURE_BANK)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "per round:" in lines and "per domain:" in lines and "per level:" in lines
    assert "total questions: 4" in lines
    assert lines[-1].startswith("load time:")


def test_stats_refuses_a_broken_bank(tmp_path: Path, capsys):
    (tmp_path / "broken.yaml").write_text("questions: [\n", encoding="utf-8")
    assert main(["stats", "--data", str(tmp_path)]) == 1
    assert "broken.yaml" in capsys.readouterr().err


def test_module_entry_point_runs():
    completed = subprocess.run(
        [sys.executable, "-m", "rubrics", "validate", str(FIXTURE_BANK)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "OK" in completed.stdout
