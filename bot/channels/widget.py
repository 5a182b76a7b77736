"""The intranet chat widget's files, served by the assistant itself.

    /widget/widget.js    the widget (no framework, no CDN), with its Dutch texts put in
                         as it is served (from actions/content/kanalen.yml)
    /widget/widget.css   its styles
    /widget/demo.html    an intranet-like demo page with the widget embedded
    /widget/links.json   the allow-list of addresses the widget may show as links:
                         the source addresses in the assistant's own texts, and the
                         protocol addresses in the organisation files (#31)
    /widget/organisation-<key>.json
                         an organisation's widget defaults: {"name", "title", "color"}
                         (404 for a key that is not configured); read from its file now

Configured in credentials.yml as `bot.channels.widget.WidgetAssets`. An
InputChannel only so that Rasa mounts its blueprint; it receives no messages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from functools import cache
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.meldcode import organisations
from bot import texts
from bot.config import PROJECT_DIR, settings

WIDGET_DIR = Path(__file__).resolve().parent.parent / "widget"
ASSETS = {
    "widget.js": "application/javascript; charset=utf-8",
    "widget.css": "text/css; charset=utf-8",
    "demo.css": "text/css; charset=utf-8",
    "demo.html": "text/html; charset=utf-8",
}
# The demo page allows nothing but its own origin: no inline script or style,
# no third parties, no framing.
DEMO_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_URL = re.compile(r"https?://[^\s;\"'<>]+")
SERVED = b"{/*MELDCODE_SERVED*/}"  # where widget.js gets its texts and its message limit


@cache
def link_allow_list() -> tuple[str, ...]:
    """Every address in the assistant's own texts (answers, consultation, domain)."""
    files = [
        PROJECT_DIR / "domain.yml",
        *sorted((PROJECT_DIR / "data" / "nlu").glob("*.yml")),
        *sorted((PROJECT_DIR / "actions" / "content").glob("*.yml")),
    ]
    found = set()
    for path in files:
        for url in _URL.findall(path.read_text(encoding="utf-8")):
            found.add(url.rstrip(".,)"))
    return tuple(sorted(found))


def organisation_links() -> list[str]:
    """The organisations' own protocol addresses, read from their files now."""
    return sorted({org.protocol for org in organisations.registry().all().values() if org.protocol})


def links_json() -> bytes:
    return json.dumps(sorted({*link_allow_list(), *organisation_links()})).encode()


def organisation_json(name: str) -> bytes | None:
    """`organisation-<key>.json`: that organisation's widget defaults, or None (not configured)."""
    if not (name.startswith("organisation-") and name.endswith(".json")):
        return None
    org = organisations.get(name.removeprefix("organisation-").removesuffix(".json"))
    return json.dumps(org.widget(), ensure_ascii=True, sort_keys=True).encode() if org else None


def served_widget_js(source: bytes, max_chars: int) -> bytes:
    """widget.js with its texts (and the longest message the web channel takes) in
    place of its placeholder: the texts are written once, in the content file, and
    the widget has them even when the assistant is down after the page loaded."""
    served = {"texts": texts.widget_texts(max_chars), "maxChars": max_chars}
    if source.count(SERVED) != 1:
        raise RuntimeError("widget.js must hold the texts' placeholder exactly once")
    return source.replace(SERVED, json.dumps(served, ensure_ascii=True, sort_keys=True).encode())


class WidgetAssets(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "widget"

    def url_prefix(self) -> str:
        return "/widget"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("meldcode_widget", __name__)
        files = {name: (WIDGET_DIR / name).read_bytes() for name in ASSETS}
        files["widget.js"] = served_widget_js(files["widget.js"], settings().max_message_chars)

        @bp.route("/<name:str>", methods=["GET"])
        async def asset(request: Request, name: str) -> HTTPResponse:
            headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}
            if name == "links.json":
                return response.raw(links_json(), content_type="application/json", headers=headers)
            if (organisation := organisation_json(name)) is not None:
                return response.raw(organisation, content_type="application/json", headers=headers)
            if name not in files:
                return response.json({"error": texts.text("web.not_found")}, status=404)
            if name == "demo.html":
                headers["Content-Security-Policy"] = DEMO_CSP
                headers["Referrer-Policy"] = "no-referrer"
            return response.raw(files[name], content_type=ASSETS[name], headers=headers)

        return bp
