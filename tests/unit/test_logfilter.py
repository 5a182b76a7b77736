"""Log scrubbing: what Rasa and rasa_sdk would log must lose conversation content."""

import logging
import os
import subprocess
import sys

from bot.config import PROJECT_DIR
from bot.privacy import logfilter


def test_known_texts_and_content_fields_are_scrubbed():
    logfilter.remember("conv-1", "ik maak me zorgen over een leerling uit groep 5")
    line = logfilter.scrub("Received user message 'ik maak me zorgen over een leerling uit groep 5' with intent")
    assert "groep 5" not in line and logfilter.REDACTED in line
    assert "groep 5" not in logfilter.scrub("ergens: ik maak me zorgen over een leerling uit groep 5")
    logfilter.forget("conv-1")
    # the action server's error body holds the whole tracker; Rasa logs it
    body = (
        'ClientResponseError: 500, body=\'{"error":"x","request_body":{"tracker":'
        '{"latest_message":{"text":"geheim verhaal"}}}}\''
    )
    assert "geheim verhaal" not in logfilter.scrub(body)
    assert "geheim" not in logfilter.scrub('{"text": "geheim", "intent": "inform"}')


def test_records_and_tracebacks_are_scrubbed_when_created(caplog):
    logfilter.install()
    logger = logging.getLogger("meldcode.test")
    with caplog.at_level(logging.DEBUG, logger="meldcode.test"):
        logger.info("user message %s", "'mijn verhaal over thuis'")
        try:
            raise ValueError('{"request_body": {"text": "verhaal in een fout"}}')
        except ValueError:
            logger.exception("boom")
    text = caplog.text
    assert "mijn verhaal over thuis" not in text
    assert "verhaal in een fout" not in text


def test_chatty_rasa_loggers_are_clamped_to_info():
    logging.getLogger("rasa.core.processor").setLevel(logging.DEBUG)
    logfilter._installed = False  # re-run install as a fresh process would
    logfilter.install()
    assert logging.getLogger("rasa.core.processor").level == logging.INFO


def test_rasas_warnings_about_a_slash_message_reach_stderr_without_the_text():
    # Rasa reads a message that starts with "/" as an intent and warns through Python's
    # `warnings`, quoting the message; the gateway no longer sends typed text like that,
    # and if anything does, the warning goes through the scrubbing log factory. In a
    # process of its own, as the server: pytest catches warnings itself.
    code = """
import logging
from bot.privacy import logfilter
logging.basicConfig(level=logging.INFO)
logfilter.install()
from rasa.shared.utils.io import raise_warning
raise_warning("Failed to parse arguments in line '/ik ben femke jansen'. Expected the intent "
              "to be one of [['affirm']] but found ik ben femke jansen.Continuing with given "
              "line as user text.")
raise_warning("Parsed an intent 'femke' which is not defined in the domain. Please make sure.")
"""
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(PROJECT_DIR)},
    )
    shown = out.stderr + out.stdout
    assert out.returncode == 0, shown
    assert "Failed to parse arguments" in shown and "Parsed an intent" in shown  # not lost
    assert "femke" not in shown
