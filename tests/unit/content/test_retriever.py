"""The advice retriever (bot/content/retriever.py) with the real sentence encoder over a handful of
hand-built items: meaning first, then the strand prior, the district, exact words and the steps."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Dict

import pytest
import yaml

from bot.content.retriever import ItemIndex, Weights
from tests.retrieval_support import advice, by_id, index_of, real_encoder

PROJECT_ROOT = Path(__file__).resolve().parents[3]
WEIGHTS = Weights.load(PROJECT_ROOT / "data" / "retrieval.yml")
BASE = ["shed", "phishing", "knife", "domestic", "silent-999", "relay"]  # one item each, no copies


def items() -> Dict[str, SimpleNamespace]:
    listed = [
        advice("shed", "burglary_robbery", "Keep your shed and garden safe", ["shed", "garden", "tools"],
               ["How do I stop someone breaking into my shed?", "how can i keep my garden tools safe",
                "what lock should I put on my shed door"],
               "Lock your shed and keep tools out of sight.",
               ["Fit a strong padlock to the shed door.", "Mark your tools with your postcode.", "Put a light over the garden."]),
        advice("phishing", "cybercrime_fraud", "Spotting scam emails", ["email", "phishing", "scam"],
               ["I got an email asking for my bank details, is it a scam?", "how do I spot a phishing email",
                "what should I do with a suspicious email"],
               "Do not click links in emails you did not expect.", ["Do not click the link.", "Delete the email."]),
        advice("knife", "knife_crime", "Worried a young person carries a knife", ["knife", "young people"],
               ["I think my son is carrying a knife", "what do I do if my child has a knife",
                "how do I talk to my teenager about knives"],
               "Talk calmly and get support.", ["Talk to them calmly.", "Contact Fearless anonymously."]),
        advice("domestic", "domestic_abuse", "Domestic abuse: getting help", ["domestic abuse", "partner"],
               ["my partner hurts me", "where can I get help with domestic abuse", "my partner controls my money"],
               "You are not alone. Help is available.", ["Call the National Domestic Abuse Helpline.", "Make a safety plan."]),
        advice("silent-999", "emergency", "Calling 999 when you cannot speak", ["silent call", "55"],
               ["what if I can't talk when I call 999", "how do I make a silent 999 call", "what happens if I press 55"],
               "If you cannot speak, press 55 when asked.", ["Call 999.", "Press 55 when the operator asks."]),
        advice("relay", "emergency", "Calling 999 if you are deaf or hard of hearing", ["Relay UK", "text relay", "deaf"],
               ["I am deaf, how do I contact the police in an emergency", "can I text 999",
                "how do I call the police if I can't hear"],
               "Use Relay UK or register for emergency SMS.", ["Register for emergency SMS.", "Use the Relay UK app."]),
    ]
    # The same advice twice, in two other strands / for one district: equally close by construction.
    listed.append(replace_ns(listed[0], id="shed-asb", strand="places_asb"))
    listed.append(replace_ns(listed[0], id="shed-southend", districts=("southend",)))
    return by_id(listed)


def replace_ns(entry: SimpleNamespace, **changes) -> SimpleNamespace:
    return SimpleNamespace(**{**vars(entry), **changes})


@pytest.fixture(scope="module")
def encoder():
    return real_encoder()


@pytest.fixture(scope="module")
def index(encoder) -> ItemIndex:
    return index_of(items(), encoder)


def ranked(index, encoder, text, candidates=None, prior=None, w=WEIGHTS, **kwargs):
    query = encoder([text])[0]
    return index.rank(query, text, candidates or BASE, prior or {}, w, **kwargs)


def test_the_item_whose_questions_mean_the_same_comes_first(index, encoder):
    result = ranked(index, encoder, "my boy has a blade in his school bag")
    assert result[0].item_id == "knife"
    assert result[0].lexical == 0.0  # no shared word: meaning alone put it first
    assert result[0].semantic > result[1].semantic + 0.2
    assert [s.score for s in result] == sorted((s.score for s in result), reverse=True)
    assert ranked(index, encoder, "I received a dodgy email wanting my password")[0].item_id == "phishing"


def test_the_strand_prior_decides_between_two_equally_close_items(index, encoder):
    text, pair = "someone might break into my garden shed", ["shed", "shed-asb"]
    plain = ranked(index, encoder, text, pair)
    assert plain[0].semantic == pytest.approx(plain[1].semantic)
    assert [s.item_id for s in plain] == ["shed", "shed-asb"]  # equal scores: the written order
    asb = ranked(index, encoder, text, pair, prior={"places_asb": 0.9, "burglary_robbery": 0.1})
    assert [s.item_id for s in asb] == ["shed-asb", "shed"]
    assert asb[0].score - asb[1].score == pytest.approx(WEIGHTS.strand * 0.8)


def test_items_for_another_district_are_left_out(index, encoder):
    text, pool = "how do I stop someone breaking into my shed", ["shed", "shed-southend", "knife"]
    assert "shed-southend" not in [s.item_id for s in ranked(index, encoder, text, pool, district="colchester")]
    assert ranked(index, encoder, text, pool, district="southend")[0].item_id == "shed-southend"  # its own first
    assert {s.item_id for s in ranked(index, encoder, text, pool)} == set(pool)  # no district: all of them


def test_bm25_lifts_the_item_with_the_exact_rare_words(index, encoder):
    text, pool = "how do I call 999 with relay uk", ["silent-999", "relay", "shed", "knife"]
    by_meaning = ranked(index, encoder, text, pool, w=replace(WEIGHTS, lexical=0.0))
    assert by_meaning[0].item_id == "silent-999"  # the embedding blurs "Relay UK" into "calling 999"
    with_words = ranked(index, encoder, text, pool)
    assert with_words[0].item_id == "relay"
    assert with_words[0].lexical == 1.0 and 0.0 < with_words[1].lexical < 1.0


@pytest.mark.parametrize("message, step", [
    ("what kind of padlock for the shed door", 0),
    ("should I mark my tools with my postcode", 1),
    ("is a light outside a good idea", 2),
])
def test_best_steps_puts_the_step_most_like_the_message_first(index, encoder, message, step):
    steps = index.best_steps("shed", encoder([message])[0], limit=2)
    assert len(steps) == 2 and steps[0][0] == step
    assert steps[0][1] > steps[1][1] + 0.2
    assert index.best_steps("shed", None) == [] and index.best_steps("unknown", encoder([message])[0]) == []


def test_weights_load_reads_the_data_file():
    raw = yaml.safe_load((PROJECT_ROOT / "data" / "retrieval.yml").read_text(encoding="utf-8"))["weights"]
    for name, value in raw.items():
        assert getattr(WEIGHTS, name) == pytest.approx(value), name
    assert isinstance(WEIGHTS.top_texts, int)


def test_weights_load_ignores_unknown_keys_and_keeps_defaults(tmp_path: Path):
    path = tmp_path / "retrieval.yml"
    path.write_text("weights:\n  lexical: 0.5\n  top_texts: '4'\n  something_new: 7\nother: 1\n", encoding="utf-8")
    loaded = Weights.load(path)
    assert loaded == replace(Weights(), lexical=0.5, top_texts=4)
    (tmp_path / "empty.yml").write_text("", encoding="utf-8")
    assert Weights.load(tmp_path / "empty.yml") == Weights()
