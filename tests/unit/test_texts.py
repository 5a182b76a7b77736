"""One home for what the channels, the safety net and the widget say:
actions/content/kanalen.yml, read by bot/texts.py. The safety line is written
there once, and the web channel, the safety net, the widget and the Telegram
bot all show that same line."""

from __future__ import annotations

import json
import re

from bot import texts
from bot.config import PROJECT_DIR

CONTENT = PROJECT_DIR / "actions" / "content" / "kanalen.yml"
WIDGET_JS = PROJECT_DIR / "bot" / "widget" / "widget.js"
CODE = [*sorted((PROJECT_DIR / "bot").rglob("*.py")), WIDGET_JS]


def served_widget(max_chars: int = 2000) -> dict:
    from bot.channels.widget import served_widget_js

    served = served_widget_js(WIDGET_JS.read_bytes(), max_chars).decode()
    return json.loads(re.search(r"var SERVED = (\{.*?\});\n", served)[1])


def test_the_safety_line_is_written_once():
    line = texts.safety_line()
    assert "112" in line and "0800-2000" in line
    assert CONTENT.read_text(encoding="utf-8").count("0800-2000") == 1
    assert "{" not in line


def test_no_code_writes_the_safety_line_itself():
    spelled_out = re.compile(r"Veilig Thuis\W{0,3}0800")
    for path in CODE:
        source = path.read_text(encoding="utf-8")
        assert not spelled_out.search(source), path
        assert texts.safety_line() not in source, path


def test_web_safety_net_widget_and_telegram_give_the_same_line():
    from bot.channels import telegram, web
    from bot.safety import SAFETY_MESSAGE

    line = texts.safety_line()
    assert SAFETY_MESSAGE == line
    for key in ("forgotten", "nothing_to_forget", "no_reply", "failed", "too_many", "too_slow", "busy"):
        assert line in web.T[key], key
    assert line in telegram.T["welcome"] and line in telegram.T["down"]
    widget = served_widget()["texts"]
    assert widget["safety"] == line and line in widget["network_error"]


def test_every_text_is_filled_in_and_nothing_is_left_open():
    """Only the {names} the code fills in remain; every text is there."""
    allowed = {"minutes", "max_chars", "title", "listed"}

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                yield from walk(v, f"{key}.{k}".lstrip("."))
        else:
            yield key, node

    for key, value in walk(texts.texts()):
        assert isinstance(value, str) and value.strip(), key
        assert set(re.findall(r"\{(\w*)\}", value)) <= allowed, key


def test_the_served_widget_carries_every_text_it_shows():
    source = WIDGET_JS.read_text(encoding="utf-8")
    served = served_widget(1234)
    used = set(re.findall(r"TEXT\.(\w+)", source))
    assert used and used <= set(served["texts"])
    assert served["maxChars"] == 1234 and "1234" in served["texts"]["too_long"]
    assert served["texts"] == texts.widget_texts(1234)


def test_widget_js_writes_none_of_its_texts_itself():
    source = re.sub(r"/\*.*?\*/|//[^\n]*", "", WIDGET_JS.read_text(encoding="utf-8"), flags=re.S)
    for key, value in texts.section("widget").items():
        for sentence in re.split(r"(?<=[.?!;])\s+", value.replace("{title}", "")):
            if len(sentence) >= 10:
                assert sentence not in source, key


def test_the_telegram_bot_and_the_gateway_use_the_content_file():
    from bot.channels.gateway import BadRequest, parse_request, screen

    try:
        screen("x" * 11, max_chars=10)
    except BadRequest as exc:
        assert exc.message == texts.text("web.too_long", max_chars=10)
    try:
        parse_request(b"{}")
    except BadRequest as exc:
        assert exc.message == texts.text("web.no_sender")
    source = (PROJECT_DIR / "bot" / "channels" / "telegram.py").read_text(encoding="utf-8")
    for value in texts.section("telegram").values():
        assert value[:30] not in source
