"""Resumable 5-fold cross-validation of the whole NLU pipeline (what `make eval` runs).

The steps are those of `rasa test nlu --cross-validation`
(`rasa.nlu.test.cross_validate`), with Rasa's own functions: a stratified split
on the full intent (each `question/<answer>` is a label of its own); per fold,
`train_nlu` with config.yml on the training part and `get_eval_data` on the
held-out part; at the end `evaluate_intents` and `evaluate_response_selections`
over the held-out predictions of all folds, which write the reports, the errors
and the confusion matrices to results/nlu-cv/.

Three differences, so that a run of more than an hour can be spread over sittings:

- the split is seeded (Rasa's is not), so fold 3 is the same examples next time;
- each fold's held-out predictions are saved as soon as the fold is done, in
  results/nlu-cv/folds/<fingerprint>/. The fingerprint covers everything that
  changes the outcome: the NLU data, config.yml, the custom NLU components, the
  spaCy pipeline and requirements.lock. A later call skips the folds already
  done for the same fingerprint; after any change it starts afresh;
- Rasa's train-set metrics (parsing each training part again) are skipped.

    python tests/bench/nlu_cv.py                 # run the missing folds, then report
    python tests/bench/nlu_cv.py --max-folds 2   # run at most 2 more folds, then report
    python tests/bench/nlu_cv.py --report        # report on the folds done, train nothing
    python tests/bench/nlu_cv.py --report --sweep  # and other blend weights, offline

Each fold also keeps, per held-out example, the neural and the linear
confidences before the blend, so `--sweep` scores other blend weights over the
same five folds without training again.

With fewer than 5 folds done the figures are marked PARTIAL and written to
results/nlu-cv/partial/, never over a complete run's reports.
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

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

FOLDS = 5
SEED = 42
OUT = ROOT / "results" / "nlu-cv"
# Everything whose change changes the outcome of a fold.
FINGERPRINT_FILES = ("config.yml", "requirements.lock", "bot/nlu_blend.py", "bot/nlu_gate.py",
                     "bot/nlp.py", ".spacy/meldcode-pipeline.json")
FINGERPRINT_GLOBS = ("data/nlu/*.yml",)


def fingerprint(root: Path = ROOT) -> str:
    """A short hash over the files that decide what a fold scores, plus folds and seed."""
    digest = hashlib.sha256(f"folds={FOLDS} seed={SEED}".encode())
    paths = [root / name for name in FINGERPRINT_FILES]
    for pattern in FINGERPRINT_GLOBS:
        paths.extend(sorted(root.glob(pattern)))
    for path in paths:
        digest.update(str(path.relative_to(root)).encode())
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


def run_fold(data: Any, examples: list[Any], held_out: list[int], k: int, fp: str,
             config: Path = ROOT / "config.yml") -> dict:
    """Train on all but `held_out`, parse `held_out`, save the predictions of fold `k`."""
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu
    from rasa.nlu.test import get_eval_data
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.training_data import TrainingData

    test_set = set(held_out)

    def part(items: list[Any]) -> TrainingData:
        return TrainingData(training_examples=items, entity_synonyms=data.entity_synonyms,
                            regex_features=data.regex_features, lookup_tables=data.lookup_tables,
                            responses=data.responses)

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
        intents, responses, _ = asyncio.run(get_eval_data(processor, test))
        parts = asyncio.run(blend_parts(processor, test.intent_examples))
    result = {
        "fold": k, "fingerprint": fp, "train_seconds": round(seconds),
        "training_examples": len(train.intent_examples), "held_out": len(held_out),
        "intents": [list(r) for r in intents],
        "responses": [list(r) for r in responses],
        "blend_parts": parts,
    }
    path = fold_path(fp, k)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(result, ensure_ascii=False, default=float))
    partial.replace(path)  # a fold interrupted half-way leaves nothing behind
    return result


async def blend_parts(processor: Any, examples: list[Any]) -> list[dict]:
    """Per example the neural and the linear confidences before they are blended.

    With these, `--sweep` scores other blend weights over the same folds without
    training again. The neural side is a second parse with the blend switched off.
    """
    from rasa.core.channels.channel import UserMessage

    from bot.nlu_blend import LinearBlend, embed, opinion

    nodes = processor.graph_runner._instantiated_nodes.values()  # no public way to reach a component
    component = next(n._component for n in nodes if isinstance(n._component, LinearBlend))
    models, component.models = component.models, {}
    retrieval_intent = component.component_config["retrieval_intent"]
    share = float(component.component_config["embedding_share"])
    parts = []
    try:
        for example in examples:
            text = example.get("text")
            parsed = await processor.parse_message(UserMessage(text=text))
            vector = embed([text])[0] if share > 0 and "intents_embedded" in models else None
            selector = (parsed.get("response_selector") or {}).get(retrieval_intent) or {}
            parts.append({
                "intent": example.get("intent"), "answer": example.get("intent_response_key") or "",
                "neural_intents": {r["name"]: r["confidence"] for r in parsed.get("intent_ranking") or []},
                "neural_answers": {r["intent_response_key"]: r["confidence"]
                                   for r in selector.get("ranking") or []},
                "linear_intents": opinion(models, "intents", text, vector, share),
                "linear_answers": (opinion(models, "answers", text, vector, share)
                                   if models.get("answers") else {}),
            })
    finally:
        component.models = models
    return parts


def sweep(done: dict[int, dict], weights: tuple[float, ...] = tuple(i / 10 for i in range(11))) -> None:
    """Macro-F1 of the blend at other weights, over the held-out parts of the folds done.

    Offline: the blend's top label, without QuestionGate and FallbackClassifier
    (`rasa test nlu` undoes the fallback anyway, so the intents match the
    report; an answer is scored for every example that has one, as Rasa does).
    """
    from bot.nlu_blend import blend

    parts = [p for f in done.values() for p in f.get("blend_parts", [])]
    if not parts:
        print("no blend parts saved in these folds: nothing to sweep")
        return
    asked = [p for p in parts if p["answer"]]
    print(f"blend weights over {len(done)} fold(s), {len(parts)} held-out ({len(asked)} with an answer):")
    print("| weight (linear share) | intents macro-F1 | answers macro-F1 |")
    print("|---|---|---|")
    for w in weights:
        intents = [(p["intent"], blend(p["neural_intents"], p["linear_intents"], w)[0][0]) for p in parts]
        answers = [(p["answer"], (blend(p["neural_answers"], p["linear_answers"], w) or [("", 0)])[0][0])
                   for p in asked]
        print(f"| {w:.1f} | {macro_f1(intents):.3f} | {macro_f1(answers) if answers else float('nan'):.3f} |")


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


def fold_line(result: dict) -> str:
    intents = macro_f1([(r[0], r[1]) for r in result["intents"] if r[0]])
    answers = [(r[0], r[1]) for r in result["responses"] if r[0]]
    answer_part = f", answers {macro_f1(answers):.3f}" if answers else ""
    return (f"fold {result['fold']}/{FOLDS}: {result['training_examples']} training, "
            f"{result['held_out']} held-out, trained in {result['train_seconds'] / 60:.1f} min; "
            f"macro-F1 intents {intents:.3f}{answer_part}")


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
        figures["response_selection"] = evaluate_response_selections(
            responses, str(out), False, True, False, True)["report"]
    return figures


def print_figures(figures: dict[str, dict], folds_done: int, out: Path) -> None:
    label = "" if folds_done == FOLDS else f"PARTIAL ({folds_done} of {FOLDS} folds) "
    for name, rep in figures.items():
        print(f"{label}{name}: macro-F1 {rep['macro avg']['f1-score']:.3f}"
              f"  (accuracy {rep.get('accuracy', float('nan')):.3f},"
              f" {int(rep['macro avg']['support'])} held-out examples)")
        weak = sorted((v["f1-score"], k) for k, v in rep.items()
                      if isinstance(v, dict) and "confused_with" in v and v["f1-score"] < 0.9)
        for f1, key in weak:
            confused = ", ".join(f"{k} ({n})" for k, n in rep[key]["confused_with"].items())
            print(f"  {key}: F1 {f1:.2f}; confused with {confused or '-'}")
        image = out / f"{name}_confusion_matrix.png"
        if image.exists():
            shown = image.relative_to(ROOT) if image.is_relative_to(ROOT) else image
            print(f"  confusion matrix: {shown}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-folds", type=int, default=FOLDS, help="train at most this many folds now")
    parser.add_argument("--report", action="store_true", help="report on the folds done; train nothing")
    parser.add_argument("--sweep", action="store_true", help="also score other blend weights offline")
    args = parser.parse_args(argv)
    if args.max_folds < 0:
        parser.error("--max-folds must be 0 or more")
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.ERROR)  # unconfigured, structlog prints every parse, text included
    logging.disable(logging.WARNING)
    warnings.filterwarnings("ignore")

    fp = fingerprint()
    data, examples = load_examples()
    held_out = split([m.get_full_intent() for m in examples])
    done = done_folds(fp)
    print(f"{len(examples)} examples, {FOLDS} folds (seed {SEED}); fingerprint {fp}: "
          f"{len(done)} fold(s) already done", flush=True)
    for result in done.values():
        print(f"  {fold_line(result)}")
    todo = [] if args.report else [k for k in range(1, FOLDS + 1) if k not in done][:args.max_folds]
    for k in todo:
        print(f"fold {k}/{FOLDS}: training ...", flush=True)
        done[k] = run_fold(data, examples, held_out[k - 1], k, fp)
        print(f"  {fold_line(done[k])}", flush=True)
    if not done:
        print("no folds done yet: run without --report")
        return 0
    done = dict(sorted(done.items()))
    out = OUT if len(done) == FOLDS else OUT / "partial"
    figures = report(done, out)
    print_figures(figures, len(done), out)
    counts = Counter((r[0], r[1]) for f in done.values() for r in f["intents"] if r[0] != r[1])
    if counts:
        print("most frequent intent confusions: " + ", ".join(
            f"{a}->{b} {n}" for (a, b), n in counts.most_common(6)))
    if args.sweep:
        sweep(done)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
