"""The resumable cross-validation behind `make eval` (bench/nlu_cv.py), without training."""

from __future__ import annotations

import json
import shutil
from collections import Counter

import pytest

from bench import nlu_cv


def test_every_example_is_held_out_once_in_the_same_folds_each_time():
    labels = ["inform"] * 50 + ["question/contact"] * 23 + ["thanks"] * 12
    folds = nlu_cv.split(labels)
    assert folds == nlu_cv.split(labels)  # seeded: a resumed run means the same examples
    assert sorted(i for fold in folds for i in fold) == list(range(len(labels)))
    for label, total in Counter(labels).items():
        per_fold = [sum(labels[i] == label for i in fold) for fold in folds]
        assert max(per_fold) - min(per_fold) <= 1, (label, per_fold)  # stratified
        assert sum(per_fold) == total


def _project(tmp_path):
    for name in (*nlu_cv.FINGERPRINT_FILES, "config.yml", "data/nlu/basis.yml"):
        source = nlu_cv.ROOT / name
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.exists():
            shutil.copy(source, target)
    return tmp_path


def test_a_change_to_data_or_config_starts_afresh_and_nothing_else_does(tmp_path):
    root = _project(tmp_path)
    before = nlu_cv.fingerprint(root)
    (root / "README.md").write_text("figures")
    assert nlu_cv.fingerprint(root) == before
    data = root / "data" / "nlu" / "basis.yml"
    data.write_text(data.read_text() + "\n# a comment counts as a change\n")
    after_data = nlu_cv.fingerprint(root)
    assert after_data != before
    (root / "config.yml").write_text((root / "config.yml").read_text().replace("threshold", "threshold ", 1))
    assert nlu_cv.fingerprint(root) != after_data


def test_each_candidate_pipeline_has_its_own_folds(tmp_path):
    root = _project(tmp_path)
    candidate = root / "candidate.yml"
    candidate.write_text((root / "config.yml").read_text().replace("0.45", "0.5"))
    assert nlu_cv.fingerprint(root, candidate) != nlu_cv.fingerprint(root)


def _fold(k, fp, intents, responses):
    return {
        "fold": k,
        "fingerprint": fp,
        "train_seconds": 60,
        "training_examples": 8,
        "held_out": len(intents),
        "intents": intents,
        "responses": responses,
    }


def test_the_figures_of_two_saved_folds_are_merged_and_marked_partial(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(nlu_cv, "OUT", tmp_path)
    fp = nlu_cv.fingerprint()
    folds = {
        1: _fold(
            1,
            fp,
            [["greet", "greet", "hoi", 0.9], ["thanks", "thanks", "dank je", 0.8]],
            [["question/contact", "question/contact", "nummer vt", 0.9], ["", "question/contact", "hoi", 0.4]],
        ),
        2: _fold(
            2,
            fp,
            [["greet", "thanks", "hallo daar", 0.6], ["thanks", "thanks", "top", 0.7]],
            [["question/vt_wat", "question/contact", "wat doet vt", 0.5]],
        ),
    }
    for k, fold in folds.items():
        path = nlu_cv.fold_path(fp, k)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(fold))

    assert nlu_cv.main(["--report"]) == 0

    printed = capsys.readouterr().out
    assert "2 fold(s) already done" in printed
    assert "PARTIAL (2 of 5 folds) intent: macro-F1 0.733" in printed  # greet 0.67, thanks 0.80
    assert "PARTIAL (2 of 5 folds) response_selection:" in printed
    report = json.loads((tmp_path / "config" / "partial" / "intent_report.json").read_text())
    assert report["greet"]["confused_with"] == {"thanks": 1}
    assert not (tmp_path / "config" / "intent_report.json").exists()  # a complete run's report is left alone


def test_candidates_are_compared_in_one_table(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(nlu_cv, "OUT", tmp_path)
    candidates = tmp_path / "candidates"
    candidates.mkdir()
    other = candidates / "other.yml"
    other.write_text(nlu_cv.CONFIG.read_text().replace("0.45", "0.5"))
    monkeypatch.setattr(nlu_cv, "CANDIDATES", candidates)
    for config, right in ((nlu_cv.CONFIG, True), (other, False)):
        fp = nlu_cv.fingerprint(config=config)
        for k in range(1, nlu_cv.FOLDS + 1):
            predicted = "greet" if right else "thanks"
            fold = _fold(k, fp, [["greet", predicted, "hoi", 0.9], ["thanks", "thanks", "dank", 0.9]], [])
            path = nlu_cv.fold_path(fp, k)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(fold))

    assert nlu_cv.main(["--report", "--candidates"]) == 0

    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    assert rows[1].startswith("| config | 5 | 1.000 |")
    assert rows[2].startswith("| other | 5 | 0.333 |")  # greet never found, thanks half right


def test_a_negative_fold_count_is_refused_with_a_message(capsys):
    with pytest.raises(SystemExit):
        nlu_cv.main(["--max-folds", "-1"])
    assert "--max-folds must be 0 or more" in capsys.readouterr().err
