"""The advice retriever's choice on the conversation page (score, runner-up, close call, nothing new)
and the flagged messages exported as question suggestions (/flagged-questions.yml).

Real SQLite databases (the tracker store written by Rasa's SQLTrackerStore) and the real dashboard
in a subprocess, like the `server` fixture of conftest.py, but with conversations whose bot
messages carry the retriever's keys next to the standard ones that do not.
"""
from __future__ import annotations

import re
import time
from typing import Iterator

import pytest
import requests
import yaml

from tests.conftest import PROJECT_ROOT
from tests.integration.review.conftest import (
    PASSWORD, ReviewServer, audit_rows, csrf_from, make_databases, running_dashboard, sign_in,
)
from tests.review_support import DAY, Conversation, action, bot, session_start, standard_conversations, user

NOTE_RE = re.compile(r"^flagged by a reviewer on \d{4}-\d{2}-\d{2}; check it belongs to this item before adding it to questions:$")


def scored(item_id, score, runner_up, runner_up_score, choice="item", strand="burglary_robbery", version=3):
    return {"data": {"kind": "content", "strand": strand, "item_id": item_id, "version": version, "score": score,
                     "runner_up": runner_up, "runner_up_score": runner_up_score, "choice": choice}}


def scored_conversations(now: float):
    t = now - DAY / 2
    return [Conversation("conv-scored", session_start(t) + [
        user("someone keeps trying the door of my shed at night", "burglary_robbery", 0.9, t + 1),
        action("action_give_advice", t + 2),
        bot("Lock your shed with a closed-shackle padlock.", t + 2,
            custom=scored("burglary-shed-security", 0.71, "burglary-garage", 0.69)),
        action("action_listen", t + 2),
        user("what about my bike", "burglary_robbery", 0.8, t + 10),
        action("action_give_advice", t + 11),
        bot("I don't have more advice on that than what I've shown you.", t + 11,
            custom={"data": {"kind": "nothing_new", "score": 0.41, "runner_up": "burglary-shed-security",
                             "runner_up_score": 0.41, "choice": "nothing_new"}}),
        action("action_listen", t + 11),
        user("how do I mark my tools", "burglary_robbery", 0.85, t + 20),
        action("action_give_advice", t + 21),
        bot("From the advice above: mark your tools with your postcode.", t + 21,
            custom=scored("burglary-shed-security", 0.9, "burglary-garage", 0.5, choice="steps")),
        action("action_listen", t + 21),
        user("and the garage", "burglary_robbery", 0.7, t + 30),
        action("action_give_advice", t + 31),
        bot("Keep the garage locked.", t + 31, custom=scored("burglary-garage", "high", None, None, version="2")),
        action("action_listen", t + 31),
    ])]


@pytest.fixture(scope="module")
def choice_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReviewServer]:
    from bot.db import make_engine
    from bot.review.accounts import add_reviewer

    root = tmp_path_factory.mktemp("review-choice")
    now = time.time()
    dbs = make_databases(root, standard_conversations(now) + scored_conversations(now))
    engine = make_engine(dbs.product_url, timeout_seconds=10)
    add_reviewer(engine, "rex", PASSWORD, "reviewer")
    engine.dispose()
    yield from running_dashboard(root, dbs, "review dashboard (content choice)")


def turn_sections(html: str):
    """The HTML of each turn section, by its heading ("Message 1", ...)."""
    parts = html.split('<section class="app-turn"')[1:]
    out = {}
    for part in parts:
        heading = re.search(r">(Message \d+|Before the resident wrote)", part).group(1)
        out[heading] = part.split("</section>")[0]
    return out


def content_row(section: str) -> str:
    """The "Content shown" row of a turn, whitespace collapsed."""
    row = section.split("Content shown</dt>", 1)[1].split("</dd>", 1)[0]
    return " ".join(row.split())


def flag(session: requests.Session, server: ReviewServer, conversation: str, message_number: int) -> None:
    page = session.get(server.url(f"/conversations/{conversation}"), timeout=10).text
    section = turn_sections(page)[f"Message {message_number}"]
    event_id = re.search(r'name="event_id" value="(\d+)"', section).group(1)
    response = session.post(server.url(f"/conversations/{conversation}/flag"),
                            data={"csrf_token": csrf_from(page), "event_id": event_id, "intent": ""}, timeout=10)
    assert response.status_code == 200 and "flagged as training data needed" in response.text


# ---------------------------------------------------------------------------- read model
def test_the_read_model_keeps_score_runner_up_and_choice(tmp_path, product):
    from bot.review.conversations import ConversationReader
    from bot.review.tracker import tracker_engine
    from bot.strands import load_strand_map
    from tests.review_support import build_tracker_db

    url = build_tracker_db(tmp_path / "scored.db", scored_conversations(time.time()) + standard_conversations())
    engine = tracker_engine(url)
    try:
        reader = ConversationReader(engine, url, product, load_strand_map(PROJECT_ROOT / "data" / "strands.yml"))
        first, second, third, fourth = [t.content for t in reader.detail("conv-scored").turns if t.number > 0]
        (item,) = first
        assert (item.item_id, item.version, item.score, item.runner_up, item.runner_up_score, item.choice) == \
            ("burglary-shed-security", 3, 0.71, "burglary-garage", 0.69, "item")
        assert item.close_call
        (nothing,) = second
        assert nothing.item_id is None and nothing.version is None and nothing.choice == "nothing_new"
        assert nothing.score == 0.41 and not nothing.close_call  # its runner-up is the item already shown
        assert third[0].choice == "steps" and not third[0].close_call
        (odd,) = fourth  # a score that is not a number is left out; "2" is still version 2
        assert odd.score is None and odd.runner_up is None and odd.version == 2 and not odd.close_call
        # Older conversations: no such keys, all None.
        (old,) = [t for t in reader.detail("conv-burglary").turns if t.number == 1][0].content
        assert (old.item_id, old.version, old.score, old.runner_up, old.runner_up_score, old.choice) == \
            ("burglary-shed-security", 3, None, None, None, None)

        shown = reader.content_by_turn(["conv-scored", "conv-fallback", "conv-burglary", "nobody"])
        by_sender = {}
        for (sender, _event), content in sorted(shown.items()):
            by_sender.setdefault(sender, []).append([c.item_id for c in content])
        assert by_sender["conv-scored"] == [["burglary-shed-security"], [None], ["burglary-shed-security"], ["burglary-garage"]]
        assert by_sender["conv-fallback"] == [[]] and by_sender["conv-burglary"] == [["burglary-shed-security"], []]
        assert "nobody" not in by_sender and reader.content_by_turn([]) == {}
    finally:
        engine.dispose()


# ---------------------------------------------------------------------------- the dashboard
def test_conversation_page_shows_score_runner_up_and_close_call(choice_server):
    session = sign_in(choice_server, "rex")
    page = session.get(choice_server.url("/conversations/conv-scored"), timeout=10)
    assert page.status_code == 200
    turns = turn_sections(page.text)
    first = content_row(turns["Message 1"])
    assert "<code>burglary-shed-security</code> version 3" in first
    assert "score 0.71; runner-up <code>burglary-garage</code> (0.69)" in first
    assert "close call" in first
    second = content_row(turns["Message 2"])
    assert "Nothing new" in second and "close call" not in second and "score 0.41" in second
    third = content_row(turns["Message 3"])
    assert "steps from it" in third and "score 0.90; runner-up <code>burglary-garage</code> (0.50)" in third
    assert "close call" not in third
    fourth = content_row(turns["Message 4"])
    assert "<code>burglary-garage</code> version 2" in fourth and "score" not in fourth and "runner-up" not in fourth


def test_conversation_page_without_the_retrievers_keys(choice_server):
    session = sign_in(choice_server, "rex")
    page = session.get(choice_server.url("/conversations/conv-burglary"), timeout=10)
    assert page.status_code == 200
    first = content_row(turn_sections(page.text)["Message 1"])
    assert "<code>burglary-shed-security</code> version 3" in first
    assert "score" not in first and "runner-up" not in first and "close call" not in first


def test_question_suggestions_export_needs_sign_in(choice_server):
    response = requests.get(choice_server.url("/flagged-questions.yml"), allow_redirects=False, timeout=10)
    assert response.status_code == 303
    assert response.headers["Location"] == "/login?next=%2Fflagged-questions.yml"
    assert "item:" not in response.text
    assert not audit_rows(choice_server.dbs, "export_questions")


def test_flagged_turns_export_as_question_suggestions(choice_server):
    session = sign_in(choice_server, "rex")
    flag(session, choice_server, "conv-scored", 1)  # showed burglary-shed-security
    flag(session, choice_server, "conv-scored", 2)  # "nothing new": no item
    flag(session, choice_server, "conv-fallback", 1)  # did-you-mean: no item

    listing = session.get(choice_server.url("/flagged"), timeout=10).text
    assert 'href="/flagged-questions.yml"' in listing and 'href="/flagged.yml"' in listing

    export = session.get(choice_server.url("/flagged-questions.yml"), timeout=10)
    assert export.status_code == 200 and export.headers["Content-Type"].startswith("application/yaml")
    assert re.match(r'attachment; filename="flagged-questions-\d{8}-\d{4}\.yml"', export.headers["Content-Disposition"])
    data = yaml.safe_load(export.text)
    (suggestion,) = data["suggestions"]
    assert suggestion["item"] == "burglary-shed-security"
    assert suggestion["question"] == "someone keeps trying the door of my shed at night"
    assert NOTE_RE.match(suggestion["note"])
    assert "- item: burglary-shed-security\n" in export.text  # as the content files write ids
    assert [entry["question"] for entry in data["no_item"]] == ["what about my bike", "qwerty blah the thing"]
    assert ("rex", "export_questions", "flagged_turns", "3 flagged message(s)") in audit_rows(choice_server.dbs, "export_questions")


def test_the_content_shown_passes_axe(choice_server, browser, axe_path):
    from tests.integration.review.test_browser import axe_violations

    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(choice_server.url("/login?next=%2Fconversations%2Fconv-scored"))
        page.fill("#username", "rex")
        page.fill("#password", PASSWORD)
        page.click("button:has-text('Sign in')")
        page.wait_for_url(choice_server.url("/conversations/conv-scored"))
        assert "close call" in page.inner_text("main")
        assert axe_violations(page, axe_path) == [], "conversation page with scores"
        page.goto(choice_server.url("/flagged"))
        assert axe_violations(page, axe_path) == [], "flagged messages with both exports"
    finally:
        context.close()
