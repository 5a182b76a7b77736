"""Which blend weights? DIET and the ResponseSelector against the linear model on one split.

    .venv/bin/python tests/bench/blend_sweep.py                  # split, train (~25 min), sweep
    .venv/bin/python tests/bench/blend_sweep.py --seed 1
    .venv/bin/python tests/bench/blend_sweep.py --model M.tar.gz # reuse a model trained by this script

Splits data/nlu 80/20 (`rasa data split nlu`, stratified per intent), trains
the NLU pipeline of config.yml up to the ResponseSelector on the 80 % (without
LinearBlend, QuestionGate and FallbackClassifier, so the parse results hold
the neural confidences), fits the linear models of bot/nlu_blend.py on the
same 80 %, then blends the two offline for a range of weights and prints the
macro-F1 on the 20 % for the intents and for the answers of `question`.
Weight = the linear model's share, as `intent_weight` and `answer_weight`
in config.yml. One split of ~500 held-out examples moves by about 0.01-0.02
between seeds, so compare weights within a run and confirm on a second seed.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
logging.disable(logging.WARNING)
warnings.filterwarnings("ignore")

from rasa.shared.nlu.training_data.loading import load_data  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402

from bot.config import runtime_env  # noqa: E402
from bot.nlu_blend import LinearBlend, blend, linear_model, probabilities  # noqa: E402

WEIGHTS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
CONFIG = yaml.safe_load((ROOT / "config.yml").read_text())
BLEND = {**LinearBlend.get_default_config(),
         **next(c for c in CONFIG["pipeline"] if c["name"].endswith("LinearBlend"))}
RETRIEVAL_INTENT = BLEND["retrieval_intent"]


def neural_config(work: Path) -> Path:
    """config.yml cut off after the ResponseSelector; the spaCy path made absolute."""
    config = dict(CONFIG)
    pipeline = []
    for component in config["pipeline"]:
        pipeline.append(dict(component))
        if component["name"] == "SpacyNLP":
            pipeline[-1]["model"] = str(ROOT / component["model"])
        if component["name"] == "ResponseSelector":
            break
    config["pipeline"], config["policies"] = pipeline, []
    path = work / "config-neural.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    return path


def rasa(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "rasa", *args], cwd=ROOT, env=runtime_env(),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def split_and_train(work: Path, seed: int, model: Path | None) -> Path:
    split = work / "split"
    rasa("data", "split", "nlu", "-u", "data/nlu", "--training-fraction", "0.8",
         "--random-seed", str(seed), "--out", str(split))
    if model is not None:
        return model
    train = work / "train"
    train.mkdir()
    for name in ("training_data.yml", "nlg_training_data.yml"):
        (train / name).write_text((split / name).read_text())
    start = time.perf_counter()
    rasa("train", "nlu", "-c", str(neural_config(work)), "-u", str(train),
         "--out", str(work), "--fixed-model-name", "neural")
    print(f"neural model trained in {time.perf_counter() - start:.0f} s")
    return work / "neural.tar.gz"


def sweep(model: Path, work: Path) -> None:
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.ERROR)  # Rasa's parse log would print every held-out text
    train = [m for m in load_data(str(work / "split" / "training_data.yml")).intent_examples if m.get("text")]
    test = [m for m in load_data(str(work / "split" / "test_data.yml")).intent_examples if m.get("text")]
    c = float(BLEND["C"])
    intents = linear_model(c).fit([m.get("text") for m in train], [m.get("intent") for m in train])
    asked = [m for m in train if m.get("intent") == RETRIEVAL_INTENT]
    answers = linear_model(c).fit([m.get("text") for m in asked], [m.get("intent_response_key") for m in asked])

    agent = Agent.load(str(model))
    rows = []
    for m in test:
        parsed = asyncio.run(agent.parse_message(m.get("text")))
        neural_intents = {r["name"]: r["confidence"] for r in parsed.get("intent_ranking") or []}
        selector = (parsed.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}
        neural_answers = {r["intent_response_key"]: r["confidence"] for r in selector.get("ranking") or []}
        rows.append((m, neural_intents, neural_answers))

    gold = [m.get("intent") for m, _, _ in rows]
    asked_rows = [r for r in rows if r[0].get("intent") == RETRIEVAL_INTENT]
    gold_answers = [m.get("intent_response_key") for m, _, _ in asked_rows]
    linear_i = [probabilities(intents, m.get("text")) for m, _, _ in rows]
    linear_a = [probabilities(answers, m.get("text")) for m, _, _ in asked_rows]
    print(f"held out: {len(rows)} examples, {len(asked_rows)} of them `{RETRIEVAL_INTENT}`; "
          f"configured weights: intents {BLEND['intent_weight']}, answers {BLEND['answer_weight']}")
    print("| weight | intents macro-F1 | answers macro-F1 |")
    print("|---|---|---|")
    for w in WEIGHTS:
        predicted = [blend(n, lin, w)[0][0] for (_, n, _), lin in zip(rows, linear_i, strict=True)]
        chosen = [blend(n, lin, w)[0][0] for (_, _, n), lin in zip(asked_rows, linear_a, strict=True)]
        print(f"| {w:.1f} | {f1_score(gold, predicted, average='macro'):.3f} "
              f"| {f1_score(gold_answers, chosen, average='macro'):.3f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="seed of the 80/20 split")
    parser.add_argument("--model", type=Path, help="a neural model this script trained on the same seed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="blend-sweep-") as tmp:
        work = Path(tmp)
        model = split_and_train(work, args.seed, args.model)
        sweep(model.resolve(), work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
