"""The reviewer dashboard over HTTP (`python -m bot.review` in a subprocess, requests.Session)."""
from __future__ import annotations

import csv
import io
import re

import pytest
import requests
import yaml

from tests.integration.review.conftest import PASSWORD, audit_rows, csrf_from, sign_in

PAGES = ["/", "/conversations", "/conversations?emergency=1", "/conversations.csv", "/conversations/conv-burglary",
         "/flagged", "/flagged.yml", "/insights", "/audit"]
POSTS = ["/conversations/conv-burglary/review", "/conversations/conv-burglary/flag", "/logout"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_needs_sign_in(server, path):
    response = requests.get(server.url(path), allow_redirects=False, timeout=10)
    assert response.status_code in (302, 303)
    assert response.headers["Location"].startswith("/login")
    if path not in ("/",):
        assert "next=" in response.headers["Location"]


@pytest.mark.parametrize("path", POSTS)
def test_posts_need_sign_in(server, path):
    response = requests.post(server.url(path), data={"note": "x"}, allow_redirects=False, timeout=10)
    assert response.status_code == 303 and response.headers["Location"].startswith("/login")


def test_sign_in_goes_back_to_the_page_asked_for(server):
    session = requests.Session()
    first = session.get(server.url("/conversations?fallback=1"), timeout=10)
    assert first.url.startswith(server.url("/login")) and "Sign in" in first.text
    form_action = re.search(r'<form method="post" action="([^"]+)"', first.text).group(1).replace("&amp;", "&")
    response = session.post(server.url(form_action), data={"csrf_token": csrf_from(first.text), "username": "rex",
                                                           "password": PASSWORD}, timeout=10)
    assert response.status_code == 200 and response.url == server.url("/conversations?fallback=1")
    assert "conv-fallback" in response.text and "conv-burglary" not in response.text


def test_open_redirects_are_refused(server):
    session = requests.Session()
    page = session.get(server.url("/login"), timeout=10)
    response = session.post(server.url("/login?next=//evil.example/x"), data={
        "csrf_token": csrf_from(page.text), "username": "rex", "password": PASSWORD}, allow_redirects=False, timeout=10)
    assert response.status_code == 303 and response.headers["Location"] == "/conversations"


def test_session_cookie_is_protected(server):
    session = requests.Session()
    page = session.get(server.url("/login"), timeout=10)
    response = session.post(server.url("/login"), data={"csrf_token": csrf_from(page.text), "username": "rex",
                                                        "password": PASSWORD}, allow_redirects=False, timeout=10)
    cookie = [c for c in response.raw.headers.getlist("Set-Cookie") if c.startswith("review_session=")][0]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # off by default: plain http on localhost (review_secure_cookies turns it on)


def test_security_headers(server, signed_in):
    session = signed_in("rex")
    for path in ("/conversations", "/static/review.js", "/login", "/no-such-page"):
        response = session.get(server.url(path), timeout=10)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["Cache-Control"] == "no-store"
    page = session.get(server.url("/conversations"), timeout=10).text
    assert "<script>" not in page and "<script " in page and 'src="/static/review.js"' in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "") and "https://" not in page


def test_static_files_are_served_locally(server, signed_in):
    session = signed_in("rex")
    css = session.get(server.url("/static/govuk/govuk-frontend-arial.min.css"), timeout=10)
    js = session.get(server.url("/static/govuk/govuk-frontend.min.js"), timeout=10)
    assert css.status_code == 200 and "govuk-header" in css.text and "GDS Transport" not in css.text
    assert js.status_code == 200 and "initAll" in js.text and "javascript" in js.headers["Content-Type"]
    assert session.get(server.url("/static/../app.py"), timeout=10).status_code == 404


@pytest.mark.parametrize("csrf", [None, "wrong-token"])
def test_csrf_missing_or_wrong_is_refused(server, signed_in, csrf):
    session = signed_in("rex")
    data = {"note": "looks fine"}
    if csrf:
        data["csrf_token"] = csrf
    assert session.post(server.url("/conversations/conv-handoff/review"), data=data, timeout=10).status_code == 403
    assert session.post(server.url("/conversations/conv-handoff/flag"), data={**data, "event_id": "1"}, timeout=10).status_code == 403
    assert session.post(server.url("/logout"), data=data, timeout=10).status_code == 403
    assert not [r for r in audit_rows(server.dbs, "review") if r[2] == "conv-handoff"]


def test_csrf_on_the_sign_in_form(server):
    session = requests.Session()
    session.get(server.url("/login"), timeout=10)
    for token in (None, "forged"):
        data = {"username": "rex", "password": PASSWORD}
        if token:
            data["csrf_token"] = token
        response = session.post(server.url("/login"), data=data, allow_redirects=False, timeout=10)
        assert response.status_code == 403
    # A token without the matching cookie (another site's form) is refused too.
    page = requests.get(server.url("/login"), timeout=10)
    response = requests.post(server.url("/login"), data={"csrf_token": csrf_from(page.text), "username": "rex",
                                                         "password": PASSWORD}, allow_redirects=False, timeout=10)
    assert response.status_code == 403


def test_a_csrf_token_belongs_to_one_session(server):
    first, second = sign_in(server, "rex"), sign_in(server, "rex")
    token_of_first = csrf_from(first.get(server.url("/conversations/conv-domestic"), timeout=10).text)
    response = second.post(server.url("/conversations/conv-domestic/review"), data={"csrf_token": token_of_first}, timeout=10)
    assert response.status_code == 403


def test_reviewer_cannot_see_the_audit_trail_and_admin_can(server, signed_in):
    reviewer, admin = signed_in("rex"), signed_in("ada")
    assert reviewer.get(server.url("/audit"), timeout=10).status_code == 403
    assert "Audit trail" not in reviewer.get(server.url("/conversations"), timeout=10).text
    page = admin.get(server.url("/audit"), timeout=10)
    assert page.status_code == 200 and "Audit trail" in page.text and "<code>login</code>" in page.text


def test_wrong_password_and_lock_out_over_http(server):
    session = requests.Session()
    for attempt in range(5):
        page = session.get(server.url("/login"), timeout=10)
        response = session.post(server.url("/login"), data={"csrf_token": csrf_from(page.text), "username": "lockme",
                                                            "password": "not the password"}, timeout=10)
        assert response.status_code == 401 and "There is a problem" in response.text
    page = session.get(server.url("/login"), timeout=10)
    response = session.post(server.url("/login"), data={"csrf_token": csrf_from(page.text), "username": "lockme",
                                                        "password": PASSWORD}, timeout=10)
    assert response.status_code == 401  # locked: even the right password is refused
    assert [r[2] for r in audit_rows(server.dbs, "locked")] == ["lockme"]


def test_filters_over_http(server, signed_in):
    session = signed_in("rex")
    page = session.get(server.url("/conversations"), timeout=10).text
    assert "7 conversations" in page
    for query, expected in (("emergency=1", "conv-emergency"), ("fallback=1", "conv-fallback"),
                            ("hand_off=1", "conv-handoff"), ("negative=1", "conv-burglary"),
                            ("strand=domestic_abuse", "conv-domestic"), ("q=trampoline", "conv-trampoline")):
        page = session.get(server.url(f"/conversations?{query}"), timeout=10).text
        assert "1 conversation match" in page, query
        assert f'href="/conversations/{expected}"' in page, query
    bad = session.get(server.url("/conversations?from=2026-02-31&strand=nope"), timeout=10)
    assert bad.status_code == 400 and "There is a problem" in bad.text and 'href="#from"' in bad.text


def test_csv_export_is_filtered_and_audited(server, signed_in):
    session = signed_in("rex")
    response = session.get(server.url("/conversations.csv?strand=burglary_robbery"), timeout=10)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["conversation_id"] for r in rows] == ["conv-burglary"]
    assert rows[0]["strands"] == "Burglary and robbery" and rows[0]["not_helpful_feedback"] == "yes"
    assert rows[0]["resident_messages"] == "2" and rows[0]["emergency"] == "no"
    everything = list(csv.DictReader(io.StringIO(session.get(server.url("/conversations.csv"), timeout=10).text)))
    assert len(everything) == 7
    exports = [r for r in audit_rows(server.dbs, "export_csv") if r[0] == "rex"]
    assert any("1 conversation(s)" in r[3] and "strand burglary_robbery" in r[3] for r in exports)


def test_view_is_audited_and_shows_the_turns(server, signed_in):
    session = signed_in("rex")
    page = session.get(server.url("/conversations/conv-emergency"), timeout=10)
    assert page.status_code == 200
    text = page.text
    assert "someone is breaking into my house right now" in text
    assert "break_in_now" in text and "Fired" in text and "999 message" in text
    assert ("rex", "view", "conv-emergency", None) in audit_rows(server.dbs, "view")
    detail = session.get(server.url("/conversations/conv-burglary"), timeout=10).text
    assert "burglary-shed-security" in detail and "version 3" in detail and "91%" in detail
    assert "Not helpful" in detail and "Burglary and robbery" in detail
    assert session.get(server.url("/conversations/no-such-conversation"), timeout=10).status_code == 404


def test_mark_as_reviewed(server, signed_in):
    session = signed_in("rex")
    page = session.get(server.url("/conversations/conv-trampoline"), timeout=10)
    response = session.post(server.url("/conversations/conv-trampoline/review"),
                            data={"csrf_token": csrf_from(page.text), "note": "Advice was right."}, timeout=10)
    assert response.status_code == 200 and "You marked this conversation as reviewed" in response.text
    assert "Advice was right." in response.text
    assert ("rex", "review", "conv-trampoline", "with a note") in audit_rows(server.dbs, "review")
    unreviewed = session.get(server.url("/conversations?unreviewed=1"), timeout=10).text
    assert 'href="/conversations/conv-trampoline"' not in unreviewed
    too_long = session.post(server.url("/conversations/conv-trampoline/review"),
                            data={"csrf_token": csrf_from(page.text), "note": "x" * 2001}, timeout=10)
    assert too_long.status_code == 400 and 'href="#note"' in too_long.text


def test_flag_and_export_nlu_yaml(server, signed_in):
    session = signed_in("rex")
    page = session.get(server.url("/conversations/conv-fallback"), timeout=10).text
    event_id = re.search(r'name="event_id" value="(\d+)"', page).group(1)
    response = session.post(server.url("/conversations/conv-fallback/flag"),
                            data={"csrf_token": csrf_from(page), "event_id": event_id, "intent": "places_asb"}, timeout=10)
    assert response.status_code == 200 and "flagged as training data needed" in response.text
    page = session.get(server.url("/conversations/conv-domestic"), timeout=10).text
    event_id2 = re.search(r'name="event_id" value="(\d+)"', page).group(1)
    session.post(server.url("/conversations/conv-domestic/flag"), data={"csrf_token": csrf_from(page), "event_id": event_id2,
                                                                        "intent": ""}, timeout=10)
    # A message of another conversation, or an intent not in the list, cannot be flagged.
    assert session.post(server.url("/conversations/conv-domestic/flag"),
                        data={"csrf_token": csrf_from(page), "event_id": event_id}, timeout=10).status_code == 404
    assert session.post(server.url("/conversations/conv-domestic/flag"),
                        data={"csrf_token": csrf_from(page), "event_id": event_id2, "intent": "<script>"},
                        timeout=10).status_code == 400

    export = session.get(server.url("/flagged.yml"), timeout=10)
    assert export.status_code == 200 and "attachment" in export.headers["Content-Disposition"]
    data = yaml.safe_load(export.text)
    assert data["version"] == "3.1"
    examples = {block["intent"]: block["examples"] for block in data["nlu"]}
    assert "- qwerty blah the thing" in examples["places_asb"].splitlines()
    assert "- my ex keeps turning up at my house and shouting at me" in examples["domestic_abuse"].splitlines()
    assert ("rex", "export_nlu", "flagged_turns", "2 flagged message(s)") in audit_rows(server.dbs, "export_nlu")
    assert [r[2] for r in audit_rows(server.dbs, "flag")].count("conv-fallback") == 1
    listing = session.get(server.url("/flagged"), timeout=10).text
    assert "qwerty blah the thing" in listing and "/flagged.yml" in listing


def test_charts_page(server, signed_in):
    session = signed_in("rex")
    page = session.get(server.url("/insights"), timeout=10)
    assert page.status_code == 200
    text = page.text
    for chart in ("chart-fallback", "chart-emergency", "chart-feedback", "chart-strand-burglary_robbery"):
        assert f'id="{chart}"' in text and f'aria-labelledby="{chart}-title {chart}-desc"' in text
    assert text.count('role="img"') == 17 and text.count("<table") == 4
    assert session.get(server.url("/insights?weeks=52"), timeout=10).status_code == 200


def test_logout_ends_the_session(server):
    session = sign_in(server, "rex")
    token = session.cookies.get("review_session")
    page = session.get(server.url("/conversations"), timeout=10).text
    response = session.post(server.url("/logout"), data={"csrf_token": csrf_from(page)}, timeout=10)
    assert "You have signed out" in response.text and not session.cookies.get("review_session")
    # The old cookie is worthless: the session was deleted on the server.
    response = requests.get(server.url("/conversations"), cookies={"review_session": token}, allow_redirects=False, timeout=10)
    assert response.status_code == 303 and response.headers["Location"].startswith("/login")


def test_healthz(server):
    assert requests.get(server.url("/healthz"), timeout=10).text == "ok"
