"""Which advice answers a turn (bot/conversation/choosing.py), with the real sentence encoder over a
small index: an item, the steps of the item already shown, another item, or nothing new."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.content.retriever import ItemIndex, Weights
from bot.conversation.choosing import (
    FOLLOW_UP, ITEM, NOTHING_NEW, OUT_OF_SCOPE, QUESTION, REPORT, STEPS, Turn, choose, content_ranking, mode_for_intent,
    query_text,
)
from tests.retrieval_support import advice, by_id, index_of, real_encoder

PROJECT_ROOT = Path(__file__).resolve().parents[3]
WEIGHTS = Weights.load(PROJECT_ROOT / "data" / "retrieval.yml")
BURGLARY = [("burglary_robbery", 0.9)]


ITEMS = [
    advice("shed", "burglary_robbery", "Keep your shed and garden safe", ["shed", "garden", "tools"],
           ["How do I stop someone breaking into my shed?", "how can i keep my garden tools safe",
            "what lock should I put on my shed door"],
           "Lock your shed and keep tools out of sight.",
           ["Fit a strong padlock to the shed door.", "Mark your tools with your postcode.", "Put a light over the garden."]),
    advice("bike", "burglary_robbery", "Keep your bike safe", ["bike", "bicycle", "cycle theft"],
           ["how do I stop my bike being stolen", "what is the best lock for a bicycle", "should I register my bike"],
           "Lock your bike to something solid and register it.", ["Use two good locks.", "Register the frame number."]),
    advice("after-burglary", "burglary_robbery", "After a burglary", ["burgled", "victim"],
           ["I have been burgled, what now", "someone broke into my house what do I do", "who can help me after a break in"],
           "Call 999 if they are still there. Then get support.", ["Do not touch anything.", "Call Victim Support."],
           audience=("victim",)),
    advice("phishing", "cybercrime_fraud", "Spotting scam emails", ["email", "phishing", "scam"],
           ["I got an email asking for my bank details, is it a scam?", "how do I spot a phishing email"],
           "Do not click links in emails you did not expect.", ["Do not click the link.", "Delete the email."]),
    advice("knife", "knife_crime", "Worried a young person carries a knife", ["knife", "young people"],
           ["I think my son is carrying a knife", "what do I do if my child has a knife"],
           "Talk calmly and get support.", ["Talk to them calmly.", "Contact Fearless anonymously."]),
    advice("silent-999", "emergency", "Calling 999 when you cannot speak", ["silent call", "55"],
           ["what if I can't talk when I call 999", "how do I make a silent 999 call"],
           "If you cannot speak, press 55 when asked.", ["Call 999.", "Press 55 when the operator asks."]),
    advice("report-online", "reporting", "How to report a crime", ["report", "online"],
           ["how do I report a crime", "can I report a crime online", "where do I report something that happened"],
           "Report online at essex.police.uk or call 101.", ["Report online.", "Call 101."]),
]
ITEMS_BY_ID = by_id(ITEMS)


@pytest.fixture(scope="module")
def encoder():
    return real_encoder()


@pytest.fixture(scope="module")
def index(encoder) -> ItemIndex:
    return index_of(ITEMS_BY_ID, encoder)


def pick(index, encoder, text, ranking=BURGLARY, w=WEIGHTS, **fields):
    turn = Turn(text, ranking, **fields)
    return choose(index, encoder([query_text(turn)])[0], turn, w)


AFTER_SHED = dict(mode=FOLLOW_UP, current_strand="burglary_robbery", last_item_id="shed", shown=("shed",))


# ---------------------------------------------------------------------------------------- choose
def test_a_question_gets_its_item(index, encoder):
    choice = pick(index, encoder, "someone might break into my garden shed")
    assert (choice.kind, choice.item_id, choice.alternatives) == (ITEM, "shed", [])
    assert choice.runner_up_id is not None and choice.score > choice.runner_up_score + WEIGHTS.close_margin
    assert choice.as_marker() == {"score": round(choice.score, 3), "runner_up": choice.runner_up_id,
                                  "runner_up_score": round(choice.runner_up_score, 3), "choice": ITEM}


def test_a_close_call_offers_the_runner_up(index, encoder):
    text = "how do I lock up my bike in the shed"
    choice = pick(index, encoder, text)
    assert choice.kind == ITEM and {choice.item_id, *choice.alternatives} == {"shed", "bike"}
    assert choice.score - choice.runner_up_score <= WEIGHTS.close_margin
    assert pick(index, encoder, text, w=replace(WEIGHTS, close_margin=0.0)).alternatives == []


@pytest.mark.parametrize("text, step", [
    ("what padlock should I fit on the shed door?", 0),
    ("do I need to mark my tools?", 1),
    ("should I put a light over the garden?", 2),
])
def test_a_follow_up_answered_by_a_step_of_the_item_shown_gets_that_step(index, encoder, text, step):
    choice = pick(index, encoder, text, **AFTER_SHED)
    assert (choice.kind, choice.item_id, choice.steps) == (STEPS, "shed", [step])
    assert choice.score >= WEIGHTS.step_min


def test_a_question_whose_item_was_already_shown_never_repeats_it(index, encoder):
    choice = pick(index, encoder, "how do I stop someone breaking into my shed", last_item_id="shed", shown=("shed",))
    assert (choice.kind, choice.item_id, choice.steps) == (STEPS, "shed", [0])


def test_a_follow_up_nothing_fits_gets_nothing_new(index, encoder):
    for text in ("what about my neighbour's dog?", "what about my car?"):
        choice = pick(index, encoder, text, **AFTER_SHED)
        assert (choice.kind, choice.item_id, choice.steps) == (NOTHING_NEW, "shed", []), text
        assert choice.as_marker()["choice"] == NOTHING_NEW


def test_a_follow_up_about_an_unseen_item_gets_that_item(index, encoder):
    choice = pick(index, encoder, "and my bicycle?", **AFTER_SHED)
    assert (choice.kind, choice.item_id) == (ITEM, "bike")


def test_already_done_gets_another_unseen_item_of_the_same_strand(index, encoder):
    done = dict(already_done=True, last_item_id="shed")
    assert (pick(index, encoder, "I already did that", shown=("shed",), **done).item_id) == "bike"
    # Advice for victims is not the next thing for someone preventing a burglary...
    assert pick(index, encoder, "I already did that", shown=("shed", "bike"), **done).kind == NOTHING_NEW
    # ...unless the resident said they are the victim.
    victim = pick(index, encoder, "I already did that", shown=("shed", "bike"), audience="victim", **done)
    assert (victim.kind, victim.item_id) == (ITEM, "after-burglary")


def test_how_do_i_report_it_gets_the_reporting_item(index, encoder):
    choice = pick(index, encoder, "how do I report it?", mode=REPORT, current_strand="burglary_robbery",
                  context="Burglary and robbery")
    assert (choice.kind, choice.item_id) == (ITEM, "report-online")


# ------------------------------------------------------------------------- from the NLU's parse
def test_content_ranking_from_a_parse(strands):
    parse = {
        "intent": {"name": "emergency", "confidence": 0.5},
        "safety_net": {"fired": True, "model_intent": "knife_crime"},
        "intent_ranking": [
            {"name": "emergency", "confidence": 0.5}, {"name": "knife_crime", "confidence": 0.3},
            {"name": "how_to_report", "confidence": 0.1}, {"name": "greet", "confidence": 0.05},
            {"name": "burglary_robbery", "confidence": None},
        ],
    }
    assert content_ranking(parse, strands.label_for_intent) == [
        ("knife_crime", 1.0), ("emergency", 0.5), ("reporting", 0.1), ("burglary_robbery", 0.0)]
    report_net = {"safety_net": {"fired": True, "model_intent": "how_to_report"}, "intent_ranking": []}
    assert content_ranking(report_net, strands.label_for_intent) == [("reporting", 1.0)]
    quiet = {**parse, "safety_net": {"fired": False, "model_intent": "knife_crime"}}
    assert content_ranking(quiet, strands.label_for_intent)[0] == ("emergency", 0.5)
    assert content_ranking({}, strands.label_for_intent) == []


@pytest.mark.parametrize("intent, mode", [
    ("follow_up", FOLLOW_UP), ("choose_topic", FOLLOW_UP), ("how_to_report", REPORT), ("out_of_scope", OUT_OF_SCOPE),
    ("burglary_robbery", QUESTION), ("greet", QUESTION), (None, QUESTION),
])
def test_mode_for_intent(intent, mode):
    assert mode_for_intent(intent) == mode


def test_query_text_adds_the_strand_title_only_to_short_report_messages():
    short = Turn("how do I report it?", (), mode=REPORT, context="Hate crime")
    assert query_text(short) == "how do I report it? (Hate crime)"
    long_text = "how do I report the people who shouted at me on the bus today"
    assert query_text(replace(short, text=long_text)) == long_text
    assert query_text(replace(short, mode=FOLLOW_UP)) == "how do I report it?"
    assert query_text(replace(short, mode=QUESTION)) == "how do I report it?"
    assert query_text(replace(short, context="")) == "how do I report it?"
