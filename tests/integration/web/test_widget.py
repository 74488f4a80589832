"""The chat widget in a real browser (Chromium via Playwright), against the real Rasa server.

The dialogue is being changed in parallel, so these tests check structure (a bot message arrived,
buttons rendered when present) and a few stable facts (the greeting says "automated", the
emergency message starts "If you or someone else is in danger right now, call 999"), never the
exact advice.
"""
from __future__ import annotations

import json
import re
import time

import pytest
import requests
from playwright.sync_api import expect

from tests.integration.web.conftest import AXE_TAGS

UNAVAILABLE = ("Sorry, the assistant isn't available right now. If you are in danger call 999. "
               "Otherwise call 101 or report online at essex.police.uk.")
BANNER = "In danger now? Call 999. Can't speak? Call 999 then press 55. Text relay 18000. Non-emergency 101."

# A bot turn with everything the message format allows, for the test hook.
RICH_TURN = [
    {"text": "Here is what you can do:\n- **Lock** doors\n- Read [advice](https://www.example.org/advice)"},
    {"custom": {"data": {"kind": "referrals", "referrals": [
        {"id": "vs", "name": "Victim Support", "phone": "0808 168 9111", "textphone": "18001 0808 168 9111",
         "text_number": "07000 000000", "url": "https://www.victimsupport.org.uk/", "hours": "24 hours a day",
         "for_whom": "Anyone affected by crime"},
        {"id": "x", "name": "Partial card", "phone": None, "textphone": None, "text_number": None,
         "url": None, "hours": None, "for_whom": None},
    ]}}},
    {"custom": {"data": {"kind": "content", "strand": "burglary_robbery", "item_id": "x", "version": 1}}},
    {"text": "Was this helpful?", "buttons": [{"title": "Yes", "payload": "/affirm"},
                                              {"title": "No", "payload": "/deny"}]},
]


# ---------------------------------------------------------------------------- helpers

def load(page, server, path: str = "/") -> None:
    page.goto(server.url(path))
    page.wait_for_selector(".ecw-root:not([hidden]) .ecw-launcher")


def open_widget(page, server, path: str = "/") -> None:
    load(page, server, path)
    page.click(".ecw-launcher")
    expect(page.locator(".ecw-dialog")).to_be_visible()


def bot_count(page) -> int:
    return page.locator(".ecw-msg--bot").count()


def wait_for_reply(page, before: int) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('.ecw-msg--bot').length > n"
        " && !document.querySelector('.ecw-status .ecw-typing-text')", arg=before, timeout=30_000)


def say(page, text: str) -> None:
    before = bot_count(page)
    page.fill(".ecw-input", text)
    page.press(".ecw-input", "Enter")
    wait_for_reply(page, before)
    assert page.locator(".ecw-error").count() == 0, "the real Rasa server did not answer"


def axe_violations(page, axe_path):
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(axe_path))
    return page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }""", AXE_TAGS)


def assert_no_axe_violations(page, axe_path, state: str) -> None:
    violations = axe_violations(page, axe_path)
    assert violations == [], f"axe-core violations with the widget {state}:\n" + json.dumps(violations, indent=2)


def tab_to(page, selector: str, key: str = "Tab", limit: int = 60) -> None:
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"could not reach {selector} with {key}")


def session_storage(page) -> dict:
    return page.evaluate("() => Object.fromEntries(Object.entries(sessionStorage))")


# ---------------------------------------------------------------------------- the server itself

def test_pages_carry_strict_headers(web_server) -> None:
    for path in ("/", "/accessibility", "/neutral", "/no-such-page"):
        response = requests.get(web_server.url(path), timeout=5)
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
        assert f"connect-src 'self' {web_server.rasa_url}" in csp
        assert "frame-ancestors 'none'" in csp and "base-uri 'none'" in csp and "form-action 'none'" in csp
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["Cache-Control"] == "no-store"
    demo = requests.get(web_server.url("/"), timeout=5).text
    assert f'data-server="{web_server.rasa_url}"' in demo and "Essex Police (demo)" in demo
    assert requests.get(web_server.url("/healthz"), timeout=5).text == "ok"
    script = requests.get(web_server.url("/widget.js"), timeout=5)
    assert script.headers["Content-Type"].startswith("text/javascript")
    assert script.headers["X-Content-Type-Options"] == "nosniff"
    code = re.sub(r"/\*.*?\*/", "", script.text, flags=re.S)
    code = re.sub(r"^\s*//.*$", "", code, flags=re.M)
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function", "localStorage",
                      "document.cookie", "document.write", "style.cssText", "setAttribute('style'"):
        assert forbidden not in code, forbidden
    assert requests.get(web_server.url("/widget.css"), timeout=5).headers["Content-Type"].startswith("text/css")


# ---------------------------------------------------------------------------- accessibility (axe-core)

def test_axe_finds_no_wcag_violations(new_page, web_server, axe_path) -> None:
    page = new_page(bypass_csp=True)  # add_script_tag injects axe inline
    load(page, web_server)
    assert_no_axe_violations(page, axe_path, "closed")

    page.click(".ecw-launcher")
    assert_no_axe_violations(page, axe_path, "open")

    say(page, "hello")
    assert "automated" in page.locator(".ecw-msg--bot").last.inner_text().lower() or \
        "automated" in page.locator(".ecw-log").inner_text().lower()
    say(page, "how do i protect my home from burglars")
    assert_no_axe_violations(page, axe_path, "mid-conversation")

    if page.locator(".ecw-choices .ecw-choice").count() == 0:
        # The real reply had no buttons today: show a turn with buttons and referral cards.
        page.evaluate("turn => window.__essexChatTest.render(turn)", RICH_TURN)
    expect(page.locator(".ecw-choices .ecw-choice").first).to_be_visible()
    assert_no_axe_violations(page, axe_path, "showing buttons")

    page.goto(web_server.url("/accessibility"))
    assert_no_axe_violations(page, axe_path, "closed, on the accessibility statement")


# ---------------------------------------------------------------------------- keyboard only

def test_whole_conversation_by_keyboard_only(new_page, web_server) -> None:
    page = new_page()
    load(page, web_server)
    tab_to(page, ".ecw-launcher")
    page.keyboard.press("Enter")
    expect(page.locator(".ecw-dialog")).to_be_visible()
    assert page.evaluate("() => document.activeElement.classList.contains('ecw-input')"), "focus did not move to the input"
    banner = page.locator(".ecw-banner")
    assert banner.text_content() == BANNER
    assert [banner.locator("a").nth(i).get_attribute("href") for i in range(3)] == ["tel:999", "tel:18000", "tel:101"]
    assert page.locator(".ecw-launcher").get_attribute("aria-expanded") == "true"
    # The quick-exit button is first in the dialog and shows a focus ring.
    tab_to(page, ".ecw-exit-button")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineWidth")
    assert float(outline.replace("px", "")) >= 3
    tab_to(page, ".ecw-input")

    before = bot_count(page)
    page.keyboard.type("hello")
    page.keyboard.press("Enter")
    wait_for_reply(page, before)
    assert page.locator(".ecw-msg--user").last.inner_text().strip().endswith("hello")
    assert page.locator(".ecw-error").count() == 0, "the real Rasa server did not answer"
    assert page.evaluate("() => document.activeElement.classList.contains('ecw-input')")

    if page.locator(".ecw-choices .ecw-choice").count() == 0:
        # No buttons from the real server for a greeting today: offer one whose payload goes to it.
        page.evaluate("""() => window.__essexChatTest.render({text: "Do you want to know who you are talking to?",
                          buttons: [{title: "Who are you?", payload: "/bot_challenge"}]})""")
    title = page.locator(".ecw-choices .ecw-choice").first.inner_text().strip()
    before = bot_count(page)
    tab_to(page, ".ecw-choices .ecw-choice")
    page.keyboard.press("Space")
    wait_for_reply(page, before)
    assert page.locator(".ecw-msg--user").last.inner_text().strip().endswith(title)
    assert page.locator(".ecw-choices").count() == 0 or page.locator(".ecw-choices").last.inner_text() != title
    assert page.evaluate("() => document.activeElement.classList.contains('ecw-input')"), "focus was lost after a reply button"

    # The Close control returns focus to the launcher; Enter reopens.
    tab_to(page, ".ecw-close")
    page.keyboard.press("Enter")
    expect(page.locator(".ecw-dialog")).to_be_hidden()
    assert page.evaluate("() => document.activeElement.classList.contains('ecw-launcher')")
    page.keyboard.press("Enter")
    expect(page.locator(".ecw-dialog")).to_be_visible()

    tab_to(page, ".ecw-exit-button", key="Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(web_server.exit_url)
    assert session_storage(page) == {}


# ---------------------------------------------------------------------------- quick exit

@pytest.mark.parametrize("how", ["button", "escape", "shift-three-times"])
def test_quick_exit(new_page, web_server, how: str) -> None:
    page = new_page()
    start = web_server.url("/neutral?start=1")
    page.goto(start)
    open_widget(page, web_server)
    say(page, "hello")
    stored = session_storage(page)
    assert re.fullmatch(r"web-[0-9a-f]{32}", stored["essexChat.session"])
    assert "essexChat.transcript" in stored

    if how == "button":
        exit_button = page.locator(".ecw-exit-button")
        expect(exit_button).to_have_text("Emergency - exit this page")
        assert exit_button.get_attribute("aria-describedby")
        exit_button.click()
    elif how == "escape":
        page.focus(".ecw-input")
        page.keyboard.press("Escape")
    else:
        page.focus(".ecw-input")
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(web_server.exit_url)
    assert page.url == web_server.exit_url
    # Same origin, same tab: the widget's sessionStorage would still be visible here.
    assert session_storage(page) == {}
    page.go_back()
    assert page.url == start, "Back returned to the chat page"
    assert page.locator(".ecw-root").count() == 0


def test_capital_letters_and_other_close_requests_are_not_quick_exit(new_page, web_server) -> None:
    page = new_page()
    open_widget(page, web_server)
    page.focus(".ecw-input")
    for letter in "ABC":
        page.keyboard.press(f"Shift+{letter}")
    page.keyboard.press("Shift")
    time.sleep(1.1)  # presses more than a second apart do not count
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    assert page.url == web_server.url("/")
    assert page.input_value(".ecw-input") == "ABC"
    # A close request that is not the Escape key (e.g. Android's back gesture) only closes the chat.
    page.evaluate("() => document.querySelector('.ecw-dialog').requestClose()")
    expect(page.locator(".ecw-dialog")).to_be_hidden()
    assert page.url == web_server.url("/")
    assert page.evaluate("() => document.activeElement.classList.contains('ecw-launcher')")
    expect(page.locator(".ecw-launcher")).to_have_attribute("aria-expanded", "false")


# ---------------------------------------------------------------------------- storage

def test_only_session_storage_is_used(new_page, web_server) -> None:
    page = new_page()
    open_widget(page, web_server)
    say(page, "hello")
    say(page, "there's someone in my house right now")
    emergency = page.locator(".ecw-msg--bot", has_text="If you or someone else is in danger right now, call 999")
    expect(emergency.first).to_be_visible()

    assert page.evaluate("() => localStorage.length") == 0
    assert page.evaluate("() => document.cookie") == ""
    assert page.context.cookies() == []
    stored = session_storage(page)
    session_id = stored["essexChat.session"]
    assert re.fullmatch(r"web-[0-9a-f]{32}", session_id)
    assert set(stored) == {"essexChat.session", "essexChat.transcript"}

    # A reload in the same tab carries on the same conversation.
    user_messages = page.locator(".ecw-msg--user").count()
    page.reload()
    page.wait_for_selector(".ecw-root:not([hidden])")
    assert session_storage(page)["essexChat.session"] == session_id
    assert page.locator(".ecw-msg--user").count() == user_messages

    # Start again: a new session id and an empty conversation.
    page.click(".ecw-launcher")
    page.click(".ecw-restart")
    assert page.locator(".ecw-msg").count() == 0
    stored = session_storage(page)
    assert stored["essexChat.session"] != session_id and "essexChat.transcript" not in stored
    assert page.evaluate("() => document.activeElement.classList.contains('ecw-input')")
    expect(page.locator(".ecw-status")).to_have_text(re.compile("cleared"))

    # A new tab (new browsing context) does not share it.
    other = page.context.new_page()
    other.goto(web_server.url("/"))
    other.wait_for_selector(".ecw-root:not([hidden])")
    assert session_storage(other)["essexChat.session"] != stored["essexChat.session"]


# ---------------------------------------------------------------------------- untrusted text

def test_untrusted_text_is_shown_as_text(new_page, web_server) -> None:
    page = new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_widget(page, web_server)
    nasty = '<img src=x onerror=alert(1)> <script>alert(2)</script> **not bold?** [x](javascript:alert(3))'
    before = bot_count(page)
    page.fill(".ecw-input", nasty)
    page.press(".ecw-input", "Enter")
    wait_for_reply(page, before)
    user = page.locator(".ecw-msg--user .ecw-user-text").last
    assert user.text_content() == nasty
    assert page.locator(".ecw-root img, .ecw-root script, .ecw-msg--user strong, .ecw-msg--user a").count() == 0

    # Bot text through the formatter (test hook): only the safe subset becomes markup.
    page.evaluate("m => window.__essexChatTest.render(m)", {"text": (
        "Hello <img src=x onerror=alert(4)><script>alert(5)</script>\n"
        "**Bold** and <b>not bold</b>\n"
        "- first item\n- second [Safe link](https://www.example.org/a?b=1)\n\n"
        "Bad links: [js](javascript:alert(6)) [plain](http://insecure.example.org) "
        "bare https://www.example.org/path. and https:evil and data:text/html,<b>x</b>"
    )})
    bubble = page.locator(".ecw-msg--bot").last
    assert page.locator(".ecw-root img, .ecw-root script").count() == 0
    assert "<img src=x onerror=alert(4)><script>alert(5)</script>" in bubble.text_content()
    assert bubble.locator("strong").all_text_contents() == ["Bold"]
    assert "<b>not bold</b>" in bubble.text_content()
    assert bubble.locator("li").count() == 2
    assert bubble.locator("p").count() == 2
    links = bubble.locator("a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == ["https://www.example.org/a?b=1", "https://www.example.org/path"]
    for i in range(links.count()):
        assert links.nth(i).get_attribute("target") == "_blank"
        assert links.nth(i).get_attribute("rel") == "noopener noreferrer"
        assert "opens in a new tab" in links.nth(i).text_content()
    assert "[js](javascript:alert(6))" in bubble.text_content()
    assert "[plain](http://insecure.example.org)" in bubble.text_content()

    # Referral cards, custom kinds, the emergency emphasis, unknown kinds ignored.
    page.evaluate("t => window.__essexChatTest.render(t)", RICH_TURN + [
        {"text": "If you or someone else is in danger right now, call 999 now."},
        {"custom": {"data": {"kind": "emergency"}}},
        {"custom": {"data": {"kind": "something-new", "html": "<img src=x onerror=alert(7)>"}}},
        {"custom": {"data": {"kind": "referrals", "referrals": [
            {"name": "<img src=x onerror=alert(8)>", "phone": "javascript:alert(9)", "url": "javascript:alert(10)"}]}}},
    ])
    cards = page.locator(".ecw-card")
    assert cards.count() == 3
    first = cards.nth(0)
    assert first.locator("h3").inner_text() == "Victim Support"
    assert first.locator("a[href='tel:08081689111']").count() == 1
    assert first.locator("a[href='tel:1800108081689111']").count() == 1
    assert "07000 000000" in first.inner_text() and "24 hours a day" in first.inner_text()
    assert "Anyone affected by crime" in first.inner_text()
    assert first.locator("a[href='https://www.victimsupport.org.uk/']").get_attribute("rel") == "noopener noreferrer"
    assert cards.nth(1).locator("p").count() == 0
    evil = cards.nth(2)
    assert evil.locator("h3").text_content() == "<img src=x onerror=alert(8)>"
    assert evil.locator("a").count() == 0  # no javascript: link, no tel: link without digits
    assert page.locator(".ecw-msg--emergency").last.text_content().find("call 999") > 0
    assert page.locator(".ecw-root img, .ecw-root script").count() == 0
    assert dialogs == [] and page.errors == []


# ---------------------------------------------------------------------------- failure and slowness

def test_unreachable_server_keeps_the_text_and_offers_try_again(new_page, dead_web_server) -> None:
    page = new_page()
    open_widget(page, dead_web_server)
    typed = "someone keeps trying my car door handles at night"
    page.fill(".ecw-input", typed)
    page.press(".ecw-input", "Enter")
    error = page.locator(".ecw-error")
    expect(error).to_have_count(1)
    assert error.locator(".ecw-msg").text_content().replace("Assistant said: ", "") == UNAVAILABLE
    assert error.locator("a[href='tel:999']").count() == 1 and error.locator("a[href='tel:101']").count() == 1
    assert page.input_value(".ecw-input") == typed
    retry = error.get_by_role("button", name="Try again")
    expect(retry).to_be_visible()
    retry.click()
    expect(page.locator(".ecw-error")).to_have_count(1)
    expect(page.locator(".ecw-error .ecw-choice")).to_have_text("Try again")
    assert page.input_value(".ecw-input") == typed
    assert page.locator(".ecw-msg--user").count() == 1  # Try again does not repeat the message


def test_a_slow_server_times_out_with_the_safe_message(new_page, web_server) -> None:
    page = new_page()
    held = []
    page.route(f"{web_server.rasa_url}/webhooks/rest/webhook", lambda route: held.append(route))
    open_widget(page, web_server)
    page.evaluate("() => { window.__essexChatTest.config.timeoutMs = 700; }")  # 15 s in real use
    page.fill(".ecw-input", "is my area safe at night")
    page.press(".ecw-input", "Enter")
    expect(page.locator(".ecw-status")).to_have_text("Assistant is typing")
    expect(page.locator(".ecw-error")).to_have_count(1, timeout=5_000)
    assert UNAVAILABLE in page.locator(".ecw-error").text_content()
    assert page.input_value(".ecw-input") == "is my area safe at night"
    assert page.locator(".ecw-status").text_content() == ""
    # Try again, this time the real server answers; the kept text is cleared once it has gone.
    page.unroute(f"{web_server.rasa_url}/webhooks/rest/webhook")
    before = bot_count(page)
    page.get_by_role("button", name="Try again").click()
    wait_for_reply(page, before)
    assert page.locator(".ecw-error").count() == 0
    assert page.input_value(".ecw-input") == ""
    assert page.locator(".ecw-msg--user").count() == 1


def test_typing_indicator_and_buttons_from_a_slow_reply(new_page, web_server) -> None:
    """Holds the Rasa reply (route interception) to see the typing state, then answers with buttons."""
    page = new_page(reduced_motion="reduce")
    held = []
    page.route(f"{web_server.rasa_url}/webhooks/rest/webhook", lambda route: held.append(route))
    open_widget(page, web_server)
    page.fill(".ecw-input", "how do i stop my bike being nicked")
    page.press(".ecw-input", "Enter")
    expect(page.locator(".ecw-status")).to_have_text("Assistant is typing")
    assert page.locator(".ecw-send").get_attribute("aria-disabled") == "true"
    assert page.evaluate("() => getComputedStyle(document.querySelector('.ecw-dots span')).animationName") == "none"
    assert page.input_value(".ecw-input") == ""
    deadline = time.monotonic() + 10
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert held, "the widget did not call the REST channel"
    body = held[0].request.post_data_json
    assert body["message"] == "how do i stop my bike being nicked"
    assert body["sender"] == session_storage(page)["essexChat.session"]
    held[0].fulfill(status=200, content_type="application/json", headers={"Access-Control-Allow-Origin": "*"},
                    body=json.dumps([{"recipient_id": body["sender"], **m} for m in RICH_TURN]))
    expect(page.locator(".ecw-status")).to_have_text("")
    choices = page.locator(".ecw-choices .ecw-choice")
    expect(choices).to_have_count(2)
    assert page.locator(".ecw-card").count() == 2

    page.unroute(f"{web_server.rasa_url}/webhooks/rest/webhook")
    before = bot_count(page)
    choices.first.click()
    wait_for_reply(page, before)
    assert page.locator(".ecw-msg--user").last.text_content().endswith("Yes")
    assert page.locator(".ecw-choices").count() == 0  # used buttons are removed

    # Without reduced motion the dots move.
    page.emulate_media(reduced_motion="no-preference")
    page.evaluate("() => window.__essexChatTest")  # still loaded
    page.route(f"{web_server.rasa_url}/webhooks/rest/webhook", lambda route: held.append(route))
    page.fill(".ecw-input", "thanks")
    page.press(".ecw-input", "Enter")
    expect(page.locator(".ecw-status")).to_have_text("Assistant is typing")
    assert page.evaluate("() => getComputedStyle(document.querySelector('.ecw-dots span')).animationName") == "ecw-pulse"


# ---------------------------------------------------------------------------- layout

def test_reflows_at_320_css_pixels(new_page, web_server) -> None:
    page = new_page(viewport={"width": 320, "height": 640})
    load(page, web_server)
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 320
    page.click(".ecw-launcher")
    page.evaluate("t => window.__essexChatTest.render(t)", RICH_TURN + [
        {"text": "A long link https://www.example.org/" + "very-long-path-segment-" * 8}])
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 320
    assert page.evaluate("() => document.querySelector('.ecw-dialog').scrollWidth") <= 320
    box = page.locator(".ecw-dialog").bounding_box()
    assert box["x"] == 0 and box["width"] == 320 and box["height"] == 640  # full screen on small screens
    for selector in (".ecw-input", ".ecw-exit-button", ".ecw-send"):
        locator = page.locator(selector)
        expect(locator).to_be_in_viewport()
        b = locator.bounding_box()
        assert b["x"] >= 0 and b["x"] + b["width"] <= 320, selector


FOCUS_IS_UNCOVERED = """() => {
    const el = document.activeElement;
    const r = el.getBoundingClientRect();
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    return {what: el.outerHTML.slice(0, 80), ok: !!top && (el === top || el.contains(top))};
}"""


def tab_through(page, limit: int = 40):
    """Yields after each Tab until focus comes back to where it started."""
    first = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = page.evaluate("() => document.activeElement.outerHTML")
        if current == first:
            return
        first = first or current
        yield


def test_reflows_at_200_percent_zoom(new_page, web_server) -> None:
    # A 1280 x 800 window at 200% zoom is 640 x 400 CSS pixels.
    page = new_page(viewport={"width": 640, "height": 400}, reduced_motion="reduce")
    open_widget(page, web_server)
    page.evaluate("t => window.__essexChatTest.render(t)", RICH_TURN)
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 640
    assert page.evaluate("() => document.querySelector('.ecw-dialog').scrollWidth") <= 640
    box = page.locator(".ecw-dialog").bounding_box()
    assert (box["width"], box["height"]) == (640, 400)  # full screen
    expect(page.locator(".ecw-input")).to_be_in_viewport()
    # The quick-exit button stays visible however the panel scrolls, and never covers what has focus.
    for _ in tab_through(page):
        expect(page.locator(".ecw-exit-button")).to_be_in_viewport()
        state = page.evaluate(FOCUS_IS_UNCOVERED)
        assert state["ok"], f"focused element is covered: {state['what']}"


def test_launcher_never_covers_focus_on_the_page(new_page, web_server) -> None:
    page = new_page(viewport={"width": 320, "height": 568}, reduced_motion="reduce")
    load(page, web_server)
    for _ in tab_through(page):
        state = page.evaluate(FOCUS_IS_UNCOVERED)
        assert state["ok"], f"focused element is covered: {state['what']}"


def test_every_button_is_at_least_24_by_24(new_page, web_server) -> None:
    page = new_page()
    load(page, web_server)
    launcher = page.locator(".ecw-launcher").bounding_box()
    assert launcher["width"] >= 44 and launcher["height"] >= 44
    page.click(".ecw-launcher")
    page.evaluate("t => window.__essexChatTest.render(t)", RICH_TURN)
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('.ecw-root button'))
        .filter(b => b.getClientRects().length)
        .map(b => ({text: b.textContent.trim(), w: b.getBoundingClientRect().width, h: b.getBoundingClientRect().height}))""")
    assert len(sizes) >= 6
    small = [s for s in sizes if s["w"] < 24 or s["h"] < 24]
    assert small == []
    assert all(s["h"] >= 44 for s in sizes), sizes  # our own target: 44 px


# ---------------------------------------------------------------------------- Content-Security-Policy

def test_pages_load_without_csp_violations(new_page, web_server) -> None:
    page = new_page()
    page.context.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    open_widget(page, web_server)
    say(page, "hello")  # connect-src allows the Rasa server
    assert page.evaluate("() => window.__csp") == []
    page.goto(web_server.url("/accessibility"))
    page.wait_for_selector(".ecw-root:not([hidden])")
    assert page.evaluate("() => window.__csp") == []
    page.goto(web_server.url("/neutral"))
    assert page.evaluate("() => window.__csp") == []
    problems = [m for m in page.console if "Content Security Policy" in m or "Refused to" in m]
    assert problems == []
    assert page.errors == []
    assert [m for m in page.console if m.startswith("error")] == []
