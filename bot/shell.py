"""A terminal chat that goes through the same web channel as the widget.

Rasa's own `rasa shell` would bypass the channel (and with it the input
checks and the privacy measures), so this shell starts both servers and talks
to /webhooks/web/webhook. Buttons are numbered: type the number to choose.
`--organisation <key>` talks as that organisation's widget would (#31).
"""

from __future__ import annotations

import secrets

import httpx

from bot.config import PROJECT_DIR, Settings
from bot.launcher import LauncherError, running_servers


def post(url: str, sender: str, message: str, timeout: float = 30, organisation: str | None = None) -> list[dict]:
    body = {"sender": sender, "message": message}
    if organisation:
        body["organisation"] = organisation
    resp = httpx.post(url, json=body, timeout=timeout)
    if resp.is_error:
        body = resp.json() if resp.content else {}
        return [{"text": body.get("error", f"Fout {resp.status_code}")}]
    return resp.json()


def render(replies: list[dict]) -> list[dict]:
    """Print replies; return the buttons of the last reply that had any."""
    buttons: list[dict] = []
    for reply in replies:
        if reply.get("text"):
            print(f"assistent> {reply['text']}")
        if reply.get("buttons"):
            buttons = reply["buttons"]
            for i, b in enumerate(buttons, 1):
                print(f"   [{i}] {b['title']}")
    return buttons


def run_shell(cfg: Settings, organisation: str | None = None) -> int:
    log = PROJECT_DIR / ".run" / "shell-servers.log"
    log.parent.mkdir(exist_ok=True)
    print("De servers starten (dat duurt ongeveer een halve minuut)...", flush=True)
    url = f"{cfg.rasa_url}/webhooks/web/webhook"
    sender = secrets.token_hex(8)
    try:
        with open(log, "w") as out, running_servers(cfg, stdout=out):
            print("Typ je bericht. Stoppen: Ctrl-D of 'exit'.\n")
            buttons = render(post(url, sender, "hallo", organisation=organisation))
            while True:
                try:
                    text = input("jij> ").strip()
                except EOFError:
                    break
                if text in {"exit", "quit"}:
                    break
                if text.isdigit() and 0 < int(text) <= len(buttons):
                    text = buttons[int(text) - 1]["payload"]
                if text:
                    buttons = render(post(url, sender, text, organisation=organisation))
    except LauncherError as exc:
        print(f"Starten lukte niet: {exc}")
        return 1
    except KeyboardInterrupt:
        pass
    print("\nTot ziens. Er is niets bewaard.")
    return 0
