"""Log scrubbing: what Rasa and rasa_sdk would log must lose conversation content."""

import logging

from bot.privacy import logfilter


def test_known_texts_and_content_fields_are_scrubbed():
    logfilter.remember("ik maak me zorgen over een leerling uit groep 5")
    line = logfilter.scrub("Received user message 'ik maak me zorgen over een leerling uit groep 5' with intent")
    assert "groep 5" not in line and logfilter.REDACTED in line
    # the action server's error body holds the whole tracker; Rasa logs it
    body = ('ClientResponseError: 500, body=\'{"error":"x","request_body":{"tracker":'
            '{"latest_message":{"text":"geheim verhaal"}}}}\'')
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
