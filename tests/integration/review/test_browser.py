"""The reviewer dashboard in a real browser (Debian's Chromium through Playwright), with axe-core.

Signs in, filters the list, opens a conversation and marks it reviewed; every page checked has 0
axe violations for WCAG 2.0/2.1/2.2 A and AA, and nothing is blocked by the Content-Security-Policy.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.integration.review.conftest import AXE_TAGS, PASSWORD, audit_rows


def axe_violations(page, axe_path):
    # Evaluated through the DevTools protocol, which the page's strict CSP does not govern (a
    # <script> tag would be blocked, and bypassing the CSP would hide our own CSP mistakes).
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_path.read_text(encoding="utf-8") + "\n;0")
    return page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }""", AXE_TAGS)


def test_sign_in_filter_open_and_mark_reviewed(server, browser, axe_path):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems = []
    page.on("console", lambda msg: problems.append(f"{msg.type}: {msg.text}") if msg.type in ("error", "warning") else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    try:
        page.goto(server.url("/conversations"))
        expect(page).to_have_url(server.url("/login?next=%2Fconversations"))
        assert axe_violations(page, axe_path) == [], "sign-in page"

        page.fill("#username", "ada")
        page.fill("#password", PASSWORD)
        page.click("button:has-text('Sign in')")
        expect(page.locator("h1")).to_have_text("Conversations")
        # GOV.UK Frontend ran (from our own JS file, under the strict CSP).
        expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
        assert axe_violations(page, axe_path) == [], "conversation list"

        page.check("#fallback")
        page.click("button:has-text('Apply filters')")
        expect(page.locator("#results-heading")).to_contain_text("1 conversation match")
        assert "fallback=1" in page.url
        expect(page.locator("table.govuk-table tbody tr")).to_have_count(1)

        page.click("a[href='/conversations/conv-fallback']")
        expect(page.locator("h1")).to_have_text("Conversation")
        expect(page.locator("main")).to_contain_text("qwerty blah the thing")
        expect(page.locator("main")).to_contain_text("nlu_fallback")
        assert axe_violations(page, axe_path) == [], "conversation page"

        page.fill("#note", "Did-you-mean offered the right strand.")
        page.click("button:has-text('Mark as reviewed')")
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("marked this conversation as reviewed")
        expect(page.locator("main")).to_contain_text("Did-you-mean offered the right strand.")
        assert axe_violations(page, axe_path) == [], "conversation page after review"

        page.goto(server.url("/insights"))
        assert axe_violations(page, axe_path) == [], "charts page"
        page.goto(server.url("/audit"))
        assert axe_violations(page, axe_path) == [], "audit trail"

        page.goto(server.url("/conversations?unreviewed=1&fallback=1"))
        expect(page.locator("#results-heading")).to_contain_text("0 conversations")
        assert any(r[0] == "ada" and r[2] == "conv-fallback" for r in audit_rows(server.dbs, "review"))
        assert problems == [], problems  # nothing blocked by the CSP, no script errors

        page.goto(server.url("/conversations?from=2026-02-31"))  # (a 400 with an error summary)
        expect(page.locator(".govuk-error-summary")).to_contain_text("Active from must be a real date")
        assert axe_violations(page, axe_path) == [], "list with an error"
    finally:
        context.close()
