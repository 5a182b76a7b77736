"""Runs the Rasa test stories (tests/conversation/test_stories.yml) against the trained model."""

import subprocess
import sys

import pytest

from bot.config import PROJECT_DIR, runtime_env
from bot.launcher import model_path

pytestmark = pytest.mark.assistant  # needs the trained model


def test_rasa_test_stories_have_no_failures(tmp_path):
    out = tmp_path / "results"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "test",
            "core",
            "--model",
            str(model_path()),
            "--stories",
            "tests/conversation/test_stories.yml",
            "--out",
            str(out),
            "--no-plot",
            "--fail-on-prediction-errors",
        ],
        cwd=PROJECT_DIR,
        env=runtime_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    failed = out / "failed_test_stories.yml"
    report = failed.read_text() if failed.exists() else ""
    assert proc.returncode == 0, report or proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "None of the test stories failed" in report or not report.strip() or "# None" in report
