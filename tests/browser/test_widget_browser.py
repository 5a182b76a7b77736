"""The intranet widget in a real browser: Debian's Chromium, driven by Playwright,
on the demo page the assistant serves, against the real assistant.

Set-up (`make test` does it): `apt-get install chromium` and axe-core from the npm
registry into tests/browser/.vendor/ (see the Makefile's `browser` target).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

CHROMIUM = os.environ.get("MELDCODE_CHROMIUM", "/usr/bin/chromium").strip()
AXE = Path(__file__).parent / ".vendor" / "axe.min.js"
# Flags for a closed network (no Google services) and a root user.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (make test does this).")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server["url"])
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.goto(server["url"] + "/widget/demo.html")
    yield pg
    context.close()
    csp = [e for e in errors if "Content Security Policy" in e]
    assert not csp, csp


def open_widget(page: Page):
    page.get_by_role("button", name=re.compile("Chat: Meldcode-assistent")).click()
    expect(page.get_by_role("dialog", name="Meldcode-assistent")).to_be_visible()


def send(page: Page, text: str):
    page.get_by_label("Je bericht").fill(text)
    page.get_by_role("button", name="Verstuur").click()


def bot_messages(page: Page):
    return page.locator(".mca-msg-bot")


def wait_for_reply(page: Page, count_before: int):
    expect(bot_messages(page)).not_to_have_count(count_before, timeout=30_000)
    expect(page.locator(".mca-typing")).to_be_hidden(timeout=30_000)


def test_open_type_a_worry_click_a_button_and_see_the_reply(page: Page):
    open_widget(page)
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Typ geen namen")  # the privacy notice at first open
    expect(dialog.locator(".mca-safety")).to_contain_text("112")
    expect(dialog.locator(".mca-safety")).to_contain_text("0800-2000")
    send(page, "Ik ben leerkracht en maak me zorgen over een leerling")
    wait_for_reply(page, 0)
    expect(dialog).to_contain_text("Wat voor signalen")
    before = bot_messages(page).count()
    page.get_by_role("button", name="Letsel, zoals blauwe plekken").click()
    wait_for_reply(page, before)
    expect(page.locator(".mca-msg-user").last).to_have_text(re.compile("Letsel"))
    expect(dialog).to_contain_text("Hoe vaak")
    expect(dialog.locator(".mca-safety")).to_be_visible()  # still there after scrolling


def test_summary_is_copied_without_a_request(page: Page):
    open_widget(page)
    send(page, "ik ben vrijwilliger bij de scouting en een andere leider doet raar")
    wait_for_reply(page, 0)
    before = bot_messages(page).count()
    send(page, "ja")
    wait_for_reply(page, before)
    before = bot_messages(page).count()
    send(page, "samenvatting")
    wait_for_reply(page, before)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.get_by_role("button", name="Kopieer samenvatting").click()
    expect(page.locator(".mca-root [role=status]").last).to_contain_text("klembord")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Samenvatting, zonder namen")
    assert not requests  # copying sends nothing anywhere


def test_forget_clears_server_and_browser(page: Page, server):
    open_widget(page)
    send(page, "ik ben huisarts en maak me zorgen over een kind")
    wait_for_reply(page, 0)
    sender = page.evaluate("JSON.parse(sessionStorage.getItem('meldcode-assistent')).sender")
    page.get_by_role("button", name="Vergeet dit gesprek").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("vergeten, hier en op de server")
    expect(dialog).not_to_contain_text("huisarts")
    new_sender = page.evaluate("JSON.parse(sessionStorage.getItem('meldcode-assistent')).sender")
    assert new_sender != sender
    assert page.evaluate("document.cookie") == ""
    # The old conversation is gone on the server too: a new message there starts fresh.
    reply = page.evaluate(
        """async (sender) => {
            const r = await fetch('/webhooks/web/webhook', {method: 'POST',
              headers: {'Content-Type': 'application/json'},
              body: JSON.stringify({sender, message: 'samenvatting'})});
            return (await r.json()).map(m => m.text).join(' ');
        }""",
        sender,
    )
    assert "nog niets om samen te vatten" in reply


def test_the_browser_keeps_only_the_redacted_message(page: Page):
    open_widget(page)
    box = page.get_by_label("Je bericht")
    # No (cloud) spell-checker, autofill or autocorrect reads along.
    assert box.get_attribute("spellcheck") == "false" and box.get_attribute("autocomplete") == "off"
    assert box.get_attribute("autocorrect") == "off"
    assert page.evaluate("document.getElementById('mca-input').spellcheck") is False
    send(page, "Ik maak me zorgen over Jan-Willem Verschuuren, hij woont op de Lindengracht 217, bel 06-48213975")
    wait_for_reply(page, 0)
    mine = page.locator(".mca-msg-user").last
    expect(mine).to_contain_text("[naam]")  # the bubble now shows what the assistant kept
    expect(mine).to_contain_text("[telefoonnummer]")
    values = ("Verschuuren", "Lindengracht", "06-48213975", "48213975")

    def everything_in_the_browser() -> str:
        return "\n".join(
            [
                page.evaluate("JSON.stringify(Object.assign({}, sessionStorage))"),
                page.evaluate("JSON.stringify(Object.assign({}, localStorage))"),
                page.evaluate("document.cookie"),
                page.content(),  # the DOM as it is now, attributes included
                page.evaluate("document.body.innerText"),
                box.input_value(),
            ]
        )

    seen = everything_in_the_browser()
    assert "[naam]" in seen  # the stored conversation is really in there
    for value in values:
        assert value not in seen, value
    page.reload()  # what a reopened tab gets back: the stored conversation only
    expect(page.locator(".mca-msg-user").last).to_contain_text("[naam]")
    seen = everything_in_the_browser()
    for value in values:
        assert value not in seen, value


def test_a_refused_message_is_not_kept_and_comes_back_to_the_box(page: Page):
    open_widget(page)
    page.route(
        "**/webhooks/web/webhook",
        lambda route: route.fulfill(
            status=429,
            content_type="application/json",
            body=json.dumps({"error": "Je stuurt veel berichten kort na elkaar. Wacht even."}),
        ),
    )
    send(page, "Mijn buurman Kees Bakkerveld slaat zijn kinderen")
    expect(page.get_by_role("alert")).to_contain_text("Wacht even")
    expect(page.locator(".mca-msg-user")).to_have_count(0)
    expect(page.get_by_label("Je bericht")).to_have_value("Mijn buurman Kees Bakkerveld slaat zijn kinderen")
    assert "Bakkerveld" not in page.evaluate("JSON.stringify(Object.assign({}, sessionStorage))")


def test_typing_vergeet_dit_gesprek_clears_the_browser_too(page: Page):
    open_widget(page)
    send(page, "ik ben huisarts en maak me zorgen over een kind")
    wait_for_reply(page, 0)
    sender = page.evaluate("JSON.parse(sessionStorage.getItem('meldcode-assistent')).sender")
    send(page, "vergeet dit gesprek")
    expect(page.get_by_role("dialog")).to_contain_text("vergeten, hier en op de server")
    expect(page.get_by_role("dialog")).not_to_contain_text("huisarts")
    assert page.evaluate("JSON.parse(sessionStorage.getItem('meldcode-assistent')).sender") != sender
    # Nothing on the server any more, and the widget says so.
    page.get_by_role("button", name="Vergeet dit gesprek").click()
    expect(page.get_by_role("dialog")).to_contain_text("Op de server stond er niets")


def test_keyboard_only(page: Page):
    page.keyboard.press("Tab")  # skip link of the demo page
    launcher = page.get_by_role("button", name=re.compile("Chat: Meldcode-assistent"))
    for _ in range(6):
        if page.evaluate("document.activeElement.classList.contains('mca-launcher')"):
            break
        page.keyboard.press("Tab")
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Je bericht")).to_be_focused()
    page.keyboard.type("wat is de kindcheck?")
    page.keyboard.press("Enter")
    wait_for_reply(page, 0)
    expect(page.get_by_role("dialog")).to_contain_text("kindcheck hoort bij stap 1")
    # Tab reaches the choices, the tools and the close button; focus is always visible.
    seen = set()
    for _ in range(25):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
            const e = document.activeElement;
            const s = getComputedStyle(e);
            return {text: e.textContent.trim(), inside: !!e.closest('.mca-root'),
                    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2};
        }""")
        if info["inside"]:
            assert info["outline"], info
            seen.add(info["text"])
    assert {"Verstuur", "Opnieuw beginnen", "Vergeet dit gesprek", "×"} <= seen
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(launcher).to_be_focused()


def test_new_messages_are_announced(page: Page):
    open_widget(page)
    log = page.get_by_role("log")
    expect(log).to_have_attribute("aria-live", "polite")
    send(page, "hallo")
    wait_for_reply(page, 0)
    expect(log).to_contain_text("Meldcode-assistent")


def test_html_in_messages_is_shown_as_text(page: Page):
    open_widget(page)
    page.evaluate("window.__pwned = false")
    attack = '<img src=x onerror="window.__pwned=true">'
    send(page, attack)
    wait_for_reply(page, 0)
    expect(page.locator(".mca-msg-user").first).to_have_text(re.compile(re.escape("<img src=x")))
    assert page.locator(".mca-root img").count() == 0
    assert page.evaluate("window.__pwned") is False


def test_only_allow_listed_addresses_become_links(page: Page):
    open_widget(page)
    send(page, "wat doet veilig thuis met een melding")
    wait_for_reply(page, 0)
    links = page.locator(".mca-msg-bot a")
    expect(links.first).to_be_visible()
    allowed = set(page.evaluate("fetch('/widget/links.json').then(r => r.json())"))
    for href in links.evaluate_all("els => els.map(e => e.href)"):
        assert href in allowed
    send(page, "kijk op https://evil.example/phish")
    expect(page.locator(".mca-msg-user a")).to_have_count(0)


def test_server_down_then_back_keeps_the_typed_text(page: Page):
    open_widget(page)
    page.route("**/webhooks/web/webhook", lambda route: route.abort("connectionrefused"))
    send(page, "wat is het afwegingskader")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("lukt nu niet")
    expect(alert).to_contain_text("112")
    expect(page.get_by_label("Je bericht")).to_have_value("wat is het afwegingskader")
    page.unroute("**/webhooks/web/webhook")
    page.get_by_role("button", name="Opnieuw proberen").click()
    wait_for_reply(page, 0)
    expect(page.get_by_role("dialog")).to_contain_text("5 vragen")
    expect(alert).to_be_hidden()
    expect(page.get_by_label("Je bericht")).to_have_value("")


def test_the_widget_shows_the_servers_texts(page: Page):
    """Its texts come with widget.js from the content file, the safety line too, and
    stay when the assistant cannot be reached."""
    from bot import texts

    open_widget(page)
    expect(page.locator(".mca-safety")).to_have_text(texts.safety_line())
    expect(page.get_by_role("dialog")).to_contain_text(texts.text("widget.notice"))
    page.route("**/webhooks/web/webhook", lambda route: route.abort("connectionrefused"))
    send(page, "wat is de kindcheck")
    expect(page.get_by_role("alert")).to_contain_text(texts.text("widget.network_error"))
    expect(page.get_by_role("button", name=texts.text("widget.retry"))).to_be_visible()


def test_reopening_in_the_same_tab_keeps_the_conversation(page: Page):
    open_widget(page)
    send(page, "wat is disclosure")
    wait_for_reply(page, 0)
    page.reload()  # the panel was open: it opens again, with the conversation
    expect(page.get_by_role("dialog")).to_contain_text("Disclosure (onthulling)")
    page.get_by_role("button", name="Sluit de chat").click()
    page.reload()  # closed stays closed
    expect(page.get_by_role("dialog")).to_be_hidden()


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 800}, {"width": 360, "height": 740}], ids=["desktop", "360px"]
)
def test_no_accessibility_violations_at_level_aa(browser, server, viewport):
    # axe is injected as an inline script, which the demo page's CSP rightly
    # blocks; this context alone bypasses the CSP (the other tests keep it).
    context = browser.new_context(viewport=viewport, locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.goto(server["url"] + "/widget/demo.html")
    open_widget(page)
    send(page, "ik maak me zorgen")
    wait_for_reply(page, 0)
    assert AXE.exists(), "axe-core is missing: run `make browser`"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert not violations, json.dumps(violations, indent=1)
    # Nothing wider than the screen (reflow at 320 CSS px, WCAG 1.4.10).
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    context.close()


def test_works_at_200_percent_zoom(browser, server):
    # 200% zoom of a 1280 px window = 640 CSS px at device scale 2.
    context = browser.new_context(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    page = context.new_page()
    page.goto(server["url"] + "/widget/demo.html")
    open_widget(page)
    send(page, "hallo")
    wait_for_reply(page, 0)
    for name in ("Verstuur", "Vergeet dit gesprek"):
        expect(page.get_by_role("button", name=name)).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    context.close()


def test_reduced_motion_stops_the_typing_animation(browser, server):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(server["url"] + "/widget/demo.html")
    open_widget(page)
    name = page.evaluate("getComputedStyle(document.querySelector('.mca-dots'), '::after').animationName")
    assert name == "none"
    context.close()


def _preflight(url: str, origin: str):
    import urllib.request

    req = urllib.request.Request(
        url,
        method="OPTIONS",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    try:
        with urllib.request.urlopen(req) as resp:
            return resp.headers
    except urllib.error.HTTPError as exc:
        return exc.headers


def test_demo_page_has_a_strict_csp_and_cors_only_for_the_configured_intranet(server):
    import urllib.request

    with urllib.request.urlopen(server["url"] + "/widget/demo.html") as resp:
        csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    webhook = server["url"] + "/webhooks/web/webhook"
    # conftest allows https://intranet.example (MELDCODE_WIDGET_ORIGINS), nothing else.
    assert _preflight(webhook, "https://elders.example").get("Access-Control-Allow-Origin") is None
    allowed = _preflight(webhook, "https://intranet.example")
    assert allowed.get("Access-Control-Allow-Origin") == "https://intranet.example"
    req = urllib.request.Request(server["url"] + "/widget/links.json", headers={"Origin": "https://intranet.example"})
    with urllib.request.urlopen(req) as resp:
        assert resp.headers["Access-Control-Allow-Origin"] == "https://intranet.example"


# --- data-organisation (#31) ----------------------------------------------------------


def organisation_page(browser, server, key: str, extra: str = ""):
    """An intranet page of one organisation (served under the assistant's origin by a
    route, so the demo page's strict CSP applies to it too) with the widget tag."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    pg = context.new_page()
    url = f"{server['url']}/widget/{key}-intranet.html"
    html = (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Intranet</title></head>'
        "<body><main><h1>Meldcode</h1></main>"
        f'<script src="/widget/widget.js" defer data-organisation="{key}" {extra}></script></body></html>'
    )
    pg.route(url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html))
    pg.goto(url)
    return context, pg


def test_data_organisation_gives_the_organisations_title_colour_and_conversation(browser, server):
    context, pg = organisation_page(browser, server, "obs-het-voorbeeld")
    try:
        launcher = pg.get_by_role("button", name="Chat: Meldcode-assistent OBS Het Voorbeeld")
        expect(launcher).to_be_visible()
        colour = pg.locator(".mca-root").evaluate("n => n.style.getPropertyValue('--mca-color')")
        assert colour == "#1a5276"
        launcher.click()
        send(pg, "Ik maak me zorgen over een kind")
        wait_for_reply(pg, 0)
        dialog = pg.get_by_role("dialog")
        expect(dialog).to_contain_text("OBS Het Voorbeeld")
        expect(dialog).to_contain_text("de vraag naar je sector over")
        expect(dialog).not_to_contain_text("SV Voorbeeld")
        stored = pg.evaluate("Object.keys(window.sessionStorage)")
        assert stored == ["meldcode-assistent:obs-het-voorbeeld"]
        # the protocol address is in the organisation's file: it becomes a link
        expect(
            dialog.get_by_role("link", name="https://intranet.obs-voorbeeld.example/protocol-meldcode")
        ).to_be_visible()
    finally:
        context.close()


def test_the_pages_own_title_wins_and_the_club_gets_its_own_route(browser, server):
    context, pg = organisation_page(browser, server, "sv-voorbeeld", 'data-title="Hulp bij zorgen"')
    try:
        pg.get_by_role("button", name="Chat: Hulp bij zorgen").click()
        send(pg, "Ik maak me zorgen over een kind")
        wait_for_reply(pg, 0)
        dialog = pg.get_by_role("dialog")
        expect(dialog).to_contain_text("SV Voorbeeld")
        expect(dialog).to_contain_text("Waar maak je je zorgen over?")
        expect(dialog).not_to_contain_text("OBS Het Voorbeeld")
        expect(pg.get_by_role("heading", name="Hulp bij zorgen")).to_be_attached()
    finally:
        context.close()
