"""What the large parts of the assistant take in memory (RSS), one fresh process per part.

    .venv/bin/python bench/memory_parts.py

One line per part: the RSS of a bare Python, then what each part adds to it,
each in its own process, so that no part hides in another: TensorFlow's
import; the redactor (deduce imported, its lookup lists loaded); the sentence
embedding encoder loaded and used once (what its module imports, Rasa and
TensorFlow, comes before the measurement); the trained model loaded as Rasa's
agent (Rasa, TensorFlow and the encoder come before). Prints figures; asserts
nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_MEASURE = """
import json, sys
sys.path.insert(0, {root!r})
import psutil
def rss():
    return psutil.Process().memory_info().rss / 2**20
{setup}
start = rss()
{part}
print(json.dumps([start, rss()]))
"""

_ENCODER_IMPORT = "from bot.text_models import encoder"
_AGENT_IMPORT = """
from rasa.core.agent import Agent
from bot.launcher import model_path
from bot.text_models import encoder
encoder()
"""

# name, what comes before the measurement, what is measured
PARTS = [
    ("import tensorflow", "", "import tensorflow"),
    ("redactor", "", "from bot.privacy.redactor import redactor; redactor()"),
    ("sentence encoder", _ENCODER_IMPORT, "encoder().query(['Ik maak me zorgen over een leerling.'])"),
    ("trained model", _AGENT_IMPORT, "Agent.load(str(model_path()))"),
]


def _measure(setup: str, part: str) -> list[float]:
    code = _MEASURE.format(root=str(ROOT), setup=setup, part=part)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError((done.stderr.strip().splitlines() or ["no output"])[-1])
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_memory_parts() -> None:
    start, _ = _measure("", "")
    print(f"memory part: {'bare python':<18} {start:5.0f} MB")
    for name, setup, part in PARTS:
        try:
            start, end = _measure(setup, part)
        except (RuntimeError, ValueError) as error:
            print(f"memory part: {name:<18} not measured: {error}")
            continue
        print(f"memory part: {name:<18} {end - start:5.0f} MB")


if __name__ == "__main__":
    print_memory_parts()
