"""Screenshots of the open widget for the README: desktop and a 360 px phone.

    make screenshots    # writes docs/widget-desktop.png and docs/widget-360px.png

Starts the assistant on spare ports, opens the demo page in Debian's Chromium,
asks one question and takes the pictures.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MELDCODE_PORT", "17005")
os.environ.setdefault("MELDCODE_ACTION_PORT", "17055")

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from bot.config import settings  # noqa: E402
from bot.launcher import running_servers  # noqa: E402
from tests.browser.test_widget_browser import CHROMIUM, FLAGS  # noqa: E402

SHOTS = {"widget-desktop.png": (1280, 800), "widget-360px.png": (360, 740)}


def main() -> int:
    cfg = settings()
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    with open(os.devnull, "w") as out, running_servers(cfg, stdout=out):
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
            for name, (width, height) in SHOTS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(cfg.rasa_url + "/widget/demo.html")
                page.get_by_role("button", name="Chat: Meldcode-assistent").click()
                page.get_by_label("Je bericht").fill("Ik ben leerkracht en maak me zorgen over een leerling")
                page.get_by_role("button", name="Verstuur").click()
                expect(page.get_by_role("dialog")).to_contain_text("Wat voor signalen", timeout=30_000)
                page.screenshot(path=str(docs / name))
                print(f"wrote docs/{name}")
                page.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
