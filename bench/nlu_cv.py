"""Resumable 5-fold cross-validation of the NLU pipeline (what `make eval` runs).

The steps are those of `rasa test nlu --cross-validation`
(`rasa.nlu.test.cross_validate`), with Rasa's own functions: a stratified split
on the full intent (each `question/<answer>` is a label of its own); per fold,
`train_nlu` on the training part and `get_eval_data` on the held-out part; at
the end `evaluate_intents` and `evaluate_response_selections` over the
held-out predictions of all folds, which write the reports, the errors and the
confusion matrices to results/nlu-cv/<config name>/.

Three differences, so that a long run can be spread over sittings and several
pipelines can be compared fairly:

- the split is seeded (Rasa's is not), so fold 3 is the same examples for
  every candidate pipeline and every run;
- each fold's held-out predictions are saved as soon as the fold is done, in
  results/nlu-cv/folds/<fingerprint>/. The fingerprint covers everything that
  changes the outcome: the NLU data, the pipeline's config file, the custom
  NLU components, the spaCy pipeline and the locks. A later call
  skips the folds already done for the same fingerprint; after any change it
  starts afresh;
- Rasa's train-set metrics (parsing each training part again) are skipped.

    python bench/nlu_cv.py                 # config.yml: run the missing folds, then report
    python bench/nlu_cv.py --candidates    # also each bench/candidates/*.yml, then compare
    python bench/nlu_cv.py --max-folds 2   # run at most 2 more folds per pipeline, then report
    python bench/nlu_cv.py --report        # report on the folds done, train nothing

With fewer than 5 folds done the figures are marked PARTIAL and written to
results/nlu-cv/<name>/partial/, never over a complete run's reports.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import logging
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FOLDS = 5
SEED = 42
OUT = ROOT / "results" / "nlu-cv"
CONFIG = ROOT / "config.yml"
CANDIDATES = ROOT / "bench" / "candidates"
# Everything besides the config file whose change changes the outcome of a fold.
FINGERPRINT_FILES = (
    "requirements/runtime.lock",
    "requirements/dev.lock",
    "bot/nlu_linear.py",
    "bot/text_models.py",
    "bot/nlu_gate.py",
    "bot/nlp.py",
    ".spacy/meldcode-pipeline.json",
)
FINGERPRINT_GLOBS = ("data/nlu/*.yml",)


def fingerprint(root: Path = ROOT, config: Path | None = None) -> str:
    """A short hash over the files that decide what a fold scores, plus folds and seed."""
    config = config or root / "config.yml"
    digest = hashlib.sha256(f"folds={FOLDS} seed={SEED}".encode())
    paths = [config, *(root / name for name in FINGERPRINT_FILES)]
    for pattern in FINGERPRINT_GLOBS:
        paths.extend(sorted(root.glob(pattern)))
    for path in paths:
        digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path.name).encode())
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()[:16]


def split(labels: list[str], folds: int = FOLDS, seed: int = SEED) -> list[list[int]]:
    """Held-out indices per fold of a seeded stratified split over `labels`."""
    from sklearn.model_selection import StratifiedKFold

    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    return [sorted(test.tolist()) for _, test in splitter.split(labels, labels)]


def load_examples(root: Path = ROOT) -> tuple[Any, list[Any]]:
    """The NLU data and its intent examples in a fixed order (full intent, then text)."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(root / "data" / "nlu"))
    examples = sorted(data.intent_examples, key=lambda m: (m.get_full_intent(), m.get("text")))
    return data, examples


def fold_path(fp: str, k: int) -> Path:
    return OUT / "folds" / fp / f"fold-{k}.json"


def run_fold(data: Any, examples: list[Any], held_out: list[int], k: int, fp: str, config: Path = CONFIG) -> dict:
    """Train on all but `held_out`, parse `held_out`, save the predictions of fold `k`."""
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu
    from rasa.nlu.test import get_eval_data
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.training_data import TrainingData

    test_set = set(held_out)

    def part(items: list[Any]) -> TrainingData:
        return TrainingData(
            training_examples=items,
            entity_synonyms=data.entity_synonyms,
            regex_features=data.regex_features,
            lookup_tables=data.lookup_tables,
            responses=data.responses,
        )

    train = part([m for i, m in enumerate(examples) if i not in test_set])
    test = part([examples[i] for i in held_out])
    with tempfile.TemporaryDirectory(prefix="nlu-cv-") as tmp:
        training_file = Path(tmp) / "training_data.yml"
        RasaYAMLWriter().dump(training_file, train)
        started = time.monotonic()
        with contextlib.redirect_stdout(sys.stderr):  # Rasa's "model is trained" banner
            model = train_nlu(str(config), str(training_file), tmp)
        seconds = time.monotonic() - started
        processor = Agent.load(model).processor
        started = time.monotonic()
        intents, responses, _ = asyncio.run(get_eval_data(processor, test))
        parse_ms = (time.monotonic() - started) * 1000 / max(1, len(held_out))
    result = {
        "fold": k,
        "fingerprint": fp,
        "config": config.name,
        "train_seconds": round(seconds),
        "parse_ms": round(parse_ms, 2),
        "training_examples": len(train.intent_examples),
        "held_out": len(held_out),
        "intents": [list(r) for r in intents],
        "responses": [list(r) for r in responses],
    }
    path = fold_path(fp, k)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(result, ensure_ascii=False, default=float))
    partial.replace(path)  # a fold interrupted half-way leaves nothing behind
    return result


def done_folds(fp: str) -> dict[int, dict]:
    done = {}
    for k in range(1, FOLDS + 1):
        path = fold_path(fp, k)
        if path.exists():
            done[k] = json.loads(path.read_text())
    return done


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    from sklearn.metrics import f1_score

    targets = [t for t, _ in pairs]
    predictions = [p or "None" for _, p in pairs]
    # over the labels of the targets, as Rasa's report does
    return float(f1_score(targets, predictions, labels=sorted(set(targets)), average="macro"))


def scores(done: dict[int, dict]) -> tuple[float, float]:
    """Macro-F1 of intents and answers over the held-out predictions of the folds in `done`."""
    intents = [(r[0], r[1]) for f in done.values() for r in f["intents"] if r[0]]
    answers = [(r[0], r[1]) for f in done.values() for r in f["responses"] if r[0]]
    return (macro_f1(intents) if intents else float("nan"), macro_f1(answers) if answers else float("nan"))


def fold_line(result: dict) -> str:
    intents, answers = scores({0: result})
    answer_part = f", answers {answers:.3f}" if answers == answers else ""
    parse = f", {result['parse_ms']:.1f} ms a message" if "parse_ms" in result else ""
    return (
        f"fold {result['fold']}/{FOLDS}: {result['training_examples']} training, "
        f"{result['held_out']} held-out, trained in {result['train_seconds']} s{parse}; "
        f"macro-F1 intents {intents:.3f}{answer_part}"
    )


def report(done: dict[int, dict], out: Path) -> dict[str, dict]:
    """Rasa's evaluation over the held-out predictions of the folds in `done`."""
    from rasa.nlu.test import (
        IntentEvaluationResult,
        ResponseSelectionEvaluationResult,
        evaluate_intents,
        evaluate_response_selections,
    )

    out.mkdir(parents=True, exist_ok=True)
    intents = [IntentEvaluationResult(*r) for f in done.values() for r in f["intents"]]
    responses = [ResponseSelectionEvaluationResult(*r) for f in done.values() for r in f["responses"]]
    figures = {}
    if intents:
        figures["intent"] = evaluate_intents(intents, str(out), False, True, False, True)["report"]
    if responses:
        figures["response_selection"] = evaluate_response_selections(responses, str(out), False, True, False, True)[
            "report"
        ]
    return figures


def print_figures(figures: dict[str, dict], folds_done: int, out: Path) -> None:
    label = "" if folds_done == FOLDS else f"PARTIAL ({folds_done} of {FOLDS} folds) "
    for name, rep in figures.items():
        print(
            f"{label}{name}: macro-F1 {rep['macro avg']['f1-score']:.3f}"
            f"  (accuracy {rep.get('accuracy', float('nan')):.3f},"
            f" {int(rep['macro avg']['support'])} held-out examples)"
        )
        weak = sorted(
            (v["f1-score"], k)
            for k, v in rep.items()
            if isinstance(v, dict) and "confused_with" in v and v["f1-score"] < 0.9
        )
        for f1, key in weak:
            confused = ", ".join(f"{k} ({n})" for k, n in rep[key]["confused_with"].items())
            print(f"  {key}: F1 {f1:.2f}; confused with {confused or '-'}")
        image = out / f"{name}_confusion_matrix.png"
        if image.exists():
            shown = image.relative_to(ROOT) if image.is_relative_to(ROOT) else image
            print(f"  confusion matrix: {shown}")


def evaluate(
    config: Path, data: Any, examples: list[Any], held_out: list[list[int]], max_folds: int, report_only: bool
) -> dict[int, dict]:
    """Run the missing folds of one pipeline (at most `max_folds`), then print Rasa's report."""
    name = config.stem
    fp = fingerprint(config=config)
    done = done_folds(fp)
    print(
        f"== {name} ({config.relative_to(ROOT) if config.is_relative_to(ROOT) else config}): "
        f"fingerprint {fp}, {len(done)} fold(s) already done",
        flush=True,
    )
    for result in done.values():
        print(f"  {fold_line(result)}")
    todo = [] if report_only else [k for k in range(1, FOLDS + 1) if k not in done][:max_folds]
    for k in todo:
        print(f"fold {k}/{FOLDS}: training ...", flush=True)
        done[k] = run_fold(data, examples, held_out[k - 1], k, fp, config)
        print(f"  {fold_line(done[k])}", flush=True)
    if not done:
        print("no folds done yet: run without --report")
        return done
    done = dict(sorted(done.items()))
    base = OUT / name
    out = base if len(done) == FOLDS else base / "partial"
    figures = report(done, out)
    print_figures(figures, len(done), out)
    counts = Counter((r[0], r[1]) for f in done.values() for r in f["intents"] if r[0] != r[1])
    if counts:
        print("most frequent intent confusions: " + ", ".join(f"{a}->{b} {n}" for (a, b), n in counts.most_common(6)))
    return done


def compare(results: dict[str, dict[int, dict]]) -> None:
    """One table: each pipeline's macro-F1 over the same held-out examples, training and parse time."""
    print("\n| pipeline | folds | intents macro-F1 | answers macro-F1 | training per fold | parse per message |")
    print("|---|---|---|---|---|---|")
    for name, done in results.items():
        if not done:
            continue
        intents, answers = scores(done)
        train = sum(f["train_seconds"] for f in done.values()) / len(done)
        parse = [f["parse_ms"] for f in done.values() if "parse_ms" in f]
        parse_text = f"{sum(parse) / len(parse):.1f} ms" if parse else "-"
        folds = f"{len(done)}" if len(done) == FOLDS else f"{len(done)} (PARTIAL)"
        print(f"| {name} | {folds} | {intents:.3f} | {answers:.3f} | {train:.0f} s | {parse_text} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-folds", type=int, default=FOLDS, help="train at most this many folds now, per pipeline")
    parser.add_argument("--report", action="store_true", help="report on the folds done; train nothing")
    parser.add_argument(
        "--candidates", action="store_true", help="also score each bench/candidates/*.yml on the same folds"
    )
    parser.add_argument(
        "--config",
        type=Path,
        action="append",
        default=[],
        help="score this pipeline config instead of config.yml (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.max_folds < 0:
        parser.error("--max-folds must be 0 or more")
    configs = [p.resolve() for p in args.config] or [CONFIG]
    if args.candidates:
        configs += sorted(CANDIDATES.glob("*.yml"))
    missing = [str(p) for p in configs if not p.exists()]
    if missing:
        parser.error(f"no such config: {', '.join(missing)}")
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.ERROR)  # unconfigured, structlog prints every parse, text included
    logging.disable(logging.WARNING)
    warnings.filterwarnings("ignore")

    data, examples = load_examples()
    held_out = split([m.get_full_intent() for m in examples])
    print(f"{len(examples)} examples, {FOLDS} folds (seed {SEED})", flush=True)
    results = {
        config.stem: evaluate(config, data, examples, held_out, args.max_folds, args.report) for config in configs
    }
    if len(results) > 1:
        compare(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
