"""Evaluation figures: redaction quality, the safety net, typed answers, and NLU cross-validation.

    make eval                       # redaction + 5-fold NLU cross-validation of config.yml (resumable)
    make eval ARGS=--candidates     # ... and of each bench/candidates/*.yml, on the same folds
    make eval ARGS="--max-folds 2"  # redaction + at most 2 more folds, then the figures so far
    make eval ARGS=--report         # redaction + the figures of the folds done
    make eval ARGS=--no-nlu         # redaction only

The cross-validation is bench/nlu_cv.py (see there: seeded split, each
fold saved when done, so an interrupted run loses at most the fold under way).

Prints figures; the thresholds are asserted by the tests, not here.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
logging.disable(logging.INFO)

from bot.config import runtime_env  # noqa: E402
from bot.privacy.redactor import redactor  # noqa: E402
from tests.privacy_sets import (  # noqa: E402
    casual_set,
    domain_heldout2,
    domain_words_kept,
    identifying_set,
    realistic_domain_set,
    recall,
)


def eval_redaction() -> None:
    """Recall on the generated set and on the two casual sets (each on its own), the domain
    messages left untouched, time per message and what the redactor takes in memory.

    The held-out casual sets give their figures only: their misses are never printed. The second
    held-out set was written by a session that saw neither the redactor nor the other sets, after the
    redactor was finished: casual_heldout2.yml is half of its messages (the other half went to
    casual_dev.yml after a first figure), domain_heldout2.yml its messages without identifying values. The
    third (casual_heldout3.yml, 160 messages written by hand) came from yet another session, after the
    development set 3 had been worked through."""
    import psutil

    before = psutil.Process().memory_info().rss
    r = redactor()
    memory = (psutil.Process().memory_info().rss - before) / 2**20
    red = lambda t: r.redact(t).text  # noqa: E731
    faker, dev, heldout = identifying_set(), casual_set("casual_dev"), casual_set("casual_heldout")
    blind, blind3 = casual_set("casual_heldout2"), casual_set("casual_heldout3")
    domain = realistic_domain_set()
    for name, items, show in (
        ("generated (Faker)", faker, True),
        ("casual dev", dev, True),
        ("casual held-out", heldout, False),
        ("casual held-out 2 (blind)", blind, False),
        ("casual held-out 3 (blind)", blind3, False),
    ):
        rate, misses = recall(red, items)
        planted = sum(len(v) for _, v in items)
        print(
            f"redaction recall, {name}: {rate:.2%} of {planted} planted values in {len(items)} messages "
            f"({len(misses)} missed)"
        )
        for value, text in misses[:5] if show else ():
            print(f"  missed: {value!r} in: {text}")
    kept, changed = domain_words_kept(red, domain)
    print(f"domain messages untouched: {kept:.2%} ({len(domain) - len(changed)} of {len(domain)})")
    for message, text in changed[:5]:
        print(f"  changed: {message} -> {text}")
    clean3 = [m for m, values in blind3 if not values]
    kept3, changed3 = domain_words_kept(red, clean3)
    print(
        f"messages without identifying values untouched, held-out 3 (blind): {kept3:.2%} "
        f"({len(clean3) - len(changed3)} of {len(clean3)})"
    )
    kept2, changed2 = domain_words_kept(red, domain_heldout2())
    print(
        f"domain messages untouched, held-out 2 (blind): {kept2:.2%} "
        f"({len(domain_heldout2()) - len(changed2)} of {len(domain_heldout2())})"
    )
    normal = [m for m, _ in faker] + domain + [m for m, _ in dev]
    for message in normal[:50]:  # warm up
        r.redact(message)
    wall, cpu = [], []
    for message in normal:
        t0, c0 = time.perf_counter(), time.thread_time()
        r.redact(message)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
    q, qc = statistics.quantiles(wall, n=100), statistics.quantiles(cpu, n=100)
    # wall clock includes the time this process waits for the CPU on a busy machine; CPU time does not
    print(
        f"redaction time per message ({len(normal)} normal messages): p50 {q[49] * 1000:.2f} ms, "
        f"p95 {q[94] * 1000:.2f} ms (CPU time: p50 {qc[49] * 1000:.2f} ms, p95 {qc[94] * 1000:.2f} ms)"
    )
    print(f"redactor in memory: {memory:.0f} MB (RSS added by loading it)")


def eval_safety_net() -> None:
    """How often the word-list safety net fires, per kind of NLU example, and what
    it adds to the classifier: the held-out danger_now examples of the saved
    cross-validation folds that the NLU missed and the net catches."""
    from bench.nlu_cv import done_folds, fingerprint, load_examples
    from bot.safety import danger_now

    _, examples = load_examples()
    danger = [m.get("text") for m in examples if m.get("intent") == "danger_now"]
    other = [m.get("text") for m in examples if m.get("intent") != "danger_now"]
    print(
        f"safety net: fires on {sum(map(danger_now, danger))} of {len(danger)} danger_now examples "
        f"(the patterns were written from these), on {sum(map(danger_now, other))} of {len(other)} others"
    )
    rows = [r for f in done_folds(fingerprint()).values() for r in f["intents"] if r[0] == "danger_now"]
    if rows:
        missed = [r[2] for r in rows if r[1] != "danger_now"]
        print(
            f"  cross-validation: the NLU missed {len(missed)} of {len(rows)} held-out danger_now "
            f"examples; the net catches {sum(map(danger_now, missed))} of those"
        )


def eval_nlu(cv_args: list[str]) -> int:
    """The resumable 5-fold cross-validation of bench/nlu_cv.py, in its own process.

    Rasa's and TensorFlow's progress output goes to results/nlu-cv/last-run.log
    (training output only: no message texts); the figures come on stdout.
    """
    log = ROOT / "results" / "nlu-cv" / "last-run.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    env = runtime_env()
    env["RASA_MAX_CACHE_SIZE"] = "0"  # a fold's model is never reused: keep it out of .rasa/cache
    with log.open("w") as stderr:
        done = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "nlu_cv.py"), *cv_args],
            cwd=ROOT,
            env=env,
            stderr=stderr,
            check=False,
        )
    if done.returncode:
        print(f"NLU cross-validation failed (exit {done.returncode}); the end of {log}:")
        print("".join(log.read_text(errors="replace").splitlines(keepends=True)[-20:]))
    return done.returncode


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-nlu", action="store_true", help="redaction figures only")
    args, cv_args = parser.parse_known_args()  # the rest goes to nlu_cv.py (--candidates, --max-folds N, --report)
    eval_redaction()
    eval_safety_net()
    subprocess.run([sys.executable, str(ROOT / "bench" / "answers_eval.py")], cwd=ROOT, env=runtime_env(), check=False)
    if args.no_nlu:
        return 0
    return eval_nlu(cv_args)


if __name__ == "__main__":
    sys.exit(main())
