"""A small fake of the Telegram Bot API for the integration tests.

The real python-telegram-bot Application talks to it through `base_url`
(TELEGRAM_API_BASE). It implements what the bot uses: getMe, deleteWebhook,
getUpdates (long polling), sendMessage, sendChatAction, answerCallbackQuery,
editMessageReplyMarkup; any other method is recorded and refused, so a call
the bot should never make (getFile: downloading a photo) is visible.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from typing import Any

from aiohttp import web

BOT = {
    "id": 4242,
    "is_bot": True,
    "first_name": "Meldcode-assistent",
    "username": "meldcode_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


class FakeTelegram:
    def __init__(self, token: str):
        self.token = token
        self.calls: list[tuple[str, dict]] = []  # every API call: (method, params)
        self.sent: list[dict] = []  # sendMessage params, in order
        self._updates: list[dict] = []
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.fail_next: list[dict] = []  # error bodies to answer the next sendMessage calls with

    # --- server --------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await self._params(request)
        with self._lock:
            self.calls.append((method, params))
        handler = getattr(self, f"api_{method}", None)
        if handler is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        result = await handler(params)
        if isinstance(result, web.Response):
            return result
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            data = await request.json()
        else:
            data = dict(await request.post())
        out = {}
        for key, value in data.items():
            if isinstance(value, str) and value[:1] in "{[":
                try:
                    value = json.loads(value)
                except ValueError:
                    pass
            out[key] = value
        return out

    def start(self) -> FakeTelegram:
        ready = threading.Event()

        def serve():
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            app = web.Application()
            app.router.add_route("*", "/bot{token}/{method}", self._handle)
            self._runner = web.AppRunner(app, access_log=None)
            self._loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            self._loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()

        threading.Thread(target=serve, daemon=True).start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if not (self._loop and self._runner):
            return

        async def shutdown():
            await self._runner.cleanup()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- Bot API methods -----------------------------------------------------------

    async def api_getMe(self, params):
        return BOT

    async def api_deleteWebhook(self, params):
        return True

    async def api_getUpdates(self, params):
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        while True:
            with self._lock:
                ready = [u for u in self._updates if u["update_id"] >= offset]
            if ready or time.monotonic() >= deadline:
                return ready
            await asyncio.sleep(0.05)

    async def api_sendMessage(self, params):
        if self.fail_next:
            body = self.fail_next.pop(0)
            return web.json_response(body, status=body.get("error_code", 500))
        with self._lock:
            self.sent.append(params)
        return self._message(int(params["chat_id"]), params.get("text", ""))

    async def api_sendChatAction(self, params):
        return True

    async def api_answerCallbackQuery(self, params):
        return True

    async def api_editMessageReplyMarkup(self, params):
        return self._message(int(params["chat_id"]), "")

    # --- what a test does -------------------------------------------------------------

    def _message(self, chat_id: int, text: str) -> dict:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "text": text,
            "from": BOT,
        }

    def _push(self, update: dict) -> None:
        with self._lock:
            update["update_id"] = next(self._ids)
            self._updates.append(update)

    def _user_message(self, chat_id: int, chat_type: str = "private", **content) -> dict:
        chat = {"id": chat_id, "type": chat_type}
        if chat_type != "private":
            chat["title"] = "Teamoverleg"
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": {"id": abs(chat_id), "is_bot": False, "first_name": "Gebruiker"},
            **content,
        }

    def send_text(self, chat_id: int, text: str, chat_type: str = "private") -> None:
        message = self._user_message(chat_id, chat_type, text=text)
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        self._push({"message": message})

    def send_photo(self, chat_id: int) -> None:
        photo = [
            {
                "file_id": "AgACAgQAAx-photo",
                "file_unique_id": "uniq-photo",
                "width": 90,
                "height": 90,
                "file_size": 1234,
            }
        ]
        self._push({"message": self._user_message(chat_id, photo=photo)})

    def send_voice(self, chat_id: int) -> None:
        voice = {"file_id": "AwACAgQAAx-voice", "file_unique_id": "uniq-voice", "duration": 3}
        self._push({"message": self._user_message(chat_id, voice=voice)})

    def tap(self, chat_id: int, data: str) -> None:
        message = self._message(chat_id, "")
        self._push(
            {
                "callback_query": {
                    "id": f"cb{next(self._ids)}",
                    "chat_instance": "ci",
                    "from": {"id": chat_id, "is_bot": False, "first_name": "Gebruiker"},
                    "message": message,
                    "data": data,
                }
            }
        )

    def replies(self, chat_id: int) -> list[dict]:
        with self._lock:
            return [m for m in self.sent if int(m["chat_id"]) == chat_id]

    def wait_for(self, chat_id: int, predicate, timeout: float = 60.0) -> list[dict]:
        """Wait until the chat's replies satisfy `predicate`; return them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.replies(chat_id)
            if predicate(got):
                return got
            time.sleep(0.05)
        raise AssertionError(f"no matching replies for chat {chat_id}: {self.replies(chat_id)}")

    def methods(self) -> list[str]:
        with self._lock:
            return [m for m, _ in self.calls]
