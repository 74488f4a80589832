"""Personal-data redaction (bot/redaction.py): corpus goals, one focused test per type, the
service-number allow-list, look-alikes, redact_event_data, idempotence and odd input."""
from __future__ import annotations

import copy
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.redaction import PLACEHOLDERS, TYPES, RedactionResult, Redactor, luhn_valid, redact, redact_event_data
from bot.redaction_eval import evaluate, expected_spans, load_corpus

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def r() -> Redactor:
    return Redactor().load()


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.fixture(scope="module")
def report(r, corpus):
    return evaluate(corpus, redactor=r, timing_rounds=1)


def red(r: Redactor, text: str) -> str:
    return r.redact(text).text


# ------------------------------------------------------------------ corpus goals

def test_corpus_is_big_enough_and_covers_every_type(corpus):
    assert len(corpus) >= 220
    counts = {t: 0 for t in TYPES}
    for e in corpus:
        for item in e.get("expect") or []:
            counts[item["type"]] += 1
    for t in TYPES:
        assert counts[t] >= (40 if t == "NAME" else 25), (t, counts[t])
    assert sum(1 for e in corpus if e.get("keep")) >= 60  # plenty of look-alikes


@pytest.mark.parametrize("kind", TYPES)
def test_corpus_recall_per_type(report, kind):
    s = report.scores[kind]
    missed = [(t, v) for t, k, v in report.misses if k == kind]
    assert s.recall >= 0.95, f"{kind} recall {s.recall:.1%}; missed: {missed}"


@pytest.mark.parametrize("kind", TYPES)
def test_corpus_precision_per_type(report, kind):
    s = report.scores[kind]
    fps = [(t, v) for t, k, v in report.false_positives if k == kind]
    assert s.precision >= 0.90, f"{kind} precision {s.precision:.1%}; false positives: {fps}"


def test_corpus_no_service_number_redacted(report):
    assert report.service_occurrences >= 40
    assert report.service_redacted == []


def test_corpus_no_lookalike_redacted(report):
    assert report.lookalikes_redacted == []


def test_speed_typical_message(r, corpus):
    texts = [e["text"] for e in corpus]
    for t in texts:
        r.redact(t)
    best = min(_timed(r, texts) for _ in range(3))  # best of 3 passes: the box may be busy
    assert best / len(texts) * 1000 < 2.0


def _timed(r, texts):
    a = time.perf_counter()
    for t in texts:
        r.redact(t)
    return time.perf_counter() - a


# ------------------------------------------------------------------ API and laziness

def test_import_opens_nothing_and_loads_no_spacy():
    code = (
        "import builtins, sys\n"
        "opened = []\n"
        "real = builtins.open\n"
        "builtins.open = lambda f, *a, **k: (opened.append(str(f)), real(f, *a, **k))[1]\n"
        "import bot.redaction as m\n"
        "r = m.Redactor()\n"
        "assert 'spacy' not in sys.modules, 'spacy imported'\n"
        "assert not [f for f in opened if 'redaction' in f or f.endswith('.yml')], opened\n"
        "print('ok')\n"
    )
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0 and "ok" in out.stdout, out.stderr[-2000:]


def test_constructor_does_not_touch_files(tmp_path):
    r = Redactor(data_dir=tmp_path / "missing")  # nothing read yet, so no error
    with pytest.raises(FileNotFoundError):
        r.redact("my name is Sarah")


def test_result_shape(r):
    text = "my ex dave texts me on 07700 900123"
    res = r.redact(text)
    assert isinstance(res, RedactionResult)
    assert res.text == "my ex [NAME] texts me on [PHONE]"
    assert res.spans == [(6, 10, "NAME"), (23, 35, "PHONE")]
    assert [text[s:e] for s, e, _ in res.spans] == ["dave", "07700 900123"]
    assert res.changed and res.counts() == {"NAME": 1, "PHONE": 1}


def test_module_level_redact():
    assert redact("email me at a.b@example.com").text == "email me at [EMAIL]"


def test_placeholders():
    assert set(PLACEHOLDERS) == set(TYPES)
    assert PLACEHOLDERS["VEHICLE_REG"] == "[VEHICLE_REG]"


# ------------------------------------------------------------------ names

@pytest.mark.parametrize("text, names", [
    ("my name is Sarah Jones", ["Sarah Jones"]),
    ("my name is zbigniew", ["zbigniew"]),
    ("I'm Sarah and I need help", ["Sarah"]),
    ("im dave", ["dave"]),
    ("my ex dave keeps texting", ["dave"]),
    ("my ex-partner Lee keeps texting", ["Lee"]),
    ("my husband is called John", ["John"]),
    ("my neighbour called gary is dealing", ["gary"]),
    ("a lad named shaz threatened me", ["shaz"]),
    ("my son jack is missing", ["jack"]),
    ("my daughter grace is 15", ["grace"]),
    ("my ex Will won't leave", ["Will"]),
    ("Mr Smith next door", ["Smith"]),
    ("mrs patel saw it", ["patel"]),
    ("Dr. Khan said to call", ["Khan"]),
    ("PC 1234 Roberts came", ["Roberts"]),
    ("I saw Kevin Walsh outside", ["Kevin Walsh"]),
    ("my girlfriend Mary-Jane", ["Mary-Jane"]),
    ("my landlord Mr O'Brien", ["O'Brien"]),
    ("Zoë was there", ["Zoë"]),
    ("i told dave to leave", ["dave"]),
    ("his name's Marek", ["Marek"]),
    ("thanks, Lauren", ["Lauren"]),
    ("Rebecca Hall and Sarah Green were there", ["Rebecca Hall", "Sarah Green"]),
    ("MY EX NEIL KEEPS CALLING", ["NEIL"]),
])
def test_names_found(r, text, names):
    res = r.redact(text)
    assert [text[s:e] for s, e, k in res.spans if k == "NAME"] == names


@pytest.mark.parametrize("text", [
    "I'm scared",
    "I'm worried and I'm not sure",
    "im so upset",
    "my ex will kill me",
    "they tried to rob me",
    "taking the mick",
    "may i ask something",
    "it was in May",
    "there is a grace period",
    "i hope you can help",
    "someone called pretending to be the police",
    "i called the police",
    "I called Crimestoppers",
    "we were called names",
    "my neighbour is Polish",
    "can i carry a stanley knife",
    "a star of david was painted",
    "Ask for Angela",
    "I asked for Angela at the bar",
    "ask a member of staff for Angela",
    "is Clare's Law the same as Sarah's Law",
    "FRANK gives drug advice",
    "Talk to Frank",
    "Victim Support and Crimestoppers helped",
    "Samaritans, Childline, NSPCC and Compass",
    "Hollie Guard app",
    "Oakwood Place in Chelmsford",
    "Essex Police in Colchester, Basildon, Southend, Harlow, Braintree, Witham and Grays",
    "Leigh-on-Sea and Canvey Island",
    "the bus stop on Victoria Road",
    "St John's church",
    "Princess Alexandra Hospital",
])
def test_names_not_found(r, text):
    res = r.redact(text)
    assert res.text == text, res.spans


def test_frank_the_person_is_a_name_but_frank_the_service_is_not(r):
    assert red(r, "my brother Frank uses FRANK") == "my brother [NAME] uses FRANK"


def test_angela_the_person_vs_the_scheme(r):
    assert red(r, "my friend Angela said to Ask for Angela") == "my friend [NAME] said to Ask for Angela"


# ------------------------------------------------------------------ phones and service numbers

@pytest.mark.parametrize("number", [
    "07700 900123", "07700900123", "07700-900-123", "07700.900.123", "+44 7700 900123",
    "+447700900123", "+44 (0)7700 900123", "0044 7700 900123", "01245 123456", "(01206) 123 456",
    "020 7946 0000", "0207 946 0000", "0161 496 0555", "01632 960123", "0 7 7 0 0 9 0 0 1 2 3",
])
def test_phone_formats(r, number):
    res = r.redact(f"call me on {number} please")
    assert res.text == "call me on [PHONE] please", res.spans


BRIEF_SERVICE_NUMBERS = [
    "999", "112", "101", "111", "116 123", "116 000", "18000", "18001 101", "159", "7726", "85258",
    "0800 555 111", "0808 2000 247", "0330 333 7444", "0800 1111", "0808 800 5000", "0300 123 2040",
    "0800 011 3764", "0800 789 321", "08000 121 700", "0330 223 0099", "01375 380609",
    "0808 16 89 111", "0345 603 7627", "0345 606 1212", "0808 1000 900",
]


def _referral_numbers():
    data = yaml.safe_load((PROJECT_ROOT / "content" / "referrals.yml").read_text(encoding="utf-8"))
    out = set()
    for ref in data["referrals"]:
        for key in ("phone", "text_number", "textphone"):
            if ref.get(key):
                out.add(str(ref[key]))
    return sorted(out)


@pytest.mark.parametrize("number", BRIEF_SERVICE_NUMBERS + _referral_numbers())
def test_service_numbers_never_redacted(r, number):
    for text in (f"call {number}", f"ring {number} now", f"{number}", f"the number is {number}.",
                 f"my number is {number}", f"call me on {number}"):
        assert red(r, text) == text
    squashed = number.replace(" ", "")
    assert red(r, f"ring {squashed} please") == f"ring {squashed} please"
    assert r.is_service_number(number)


@pytest.mark.parametrize("text", [
    "Crimestoppers +44 800 555 111", "crimestoppers 0800-555-111", "call 0800 555 111 or 101 or 999",
])
def test_service_number_other_spellings(r, text):
    assert red(r, text) == text


def test_service_list_includes_referrals(r):
    for number in _referral_numbers():
        assert r.is_service_number(number), number


def test_personal_number_next_to_service_number(r):
    assert red(r, "call 999 then ring me 07700 900123") == "call 999 then ring me [PHONE]"
    assert red(r, "07700 900 999 not 999") == "[PHONE] not 999"


@pytest.mark.parametrize("text", [
    "at 10 30 last night", "it cost £1500", "in 2019", "my 14 year old", "crime ref 42/12345/23",
    "3 men and 2 women", "on 12/03 at 07:30", "order number 123456789", "account 12345678 sort code 20-00-00",
    "about 7700 people", "ref NFRC230112345678", "0800 numbers are free", "a 0730 start",
])
def test_number_lookalikes_kept(r, text):
    assert red(r, text) == text


# ------------------------------------------------------------------ e-mail

@pytest.mark.parametrize("text, value", [
    ("email sarah.jones85@gmail.com ok", "sarah.jones85@gmail.com"),
    ("ANNA.K@GMAIL.COM", "ANNA.K@GMAIL.COM"),
    ("<dave.r@gmail.com>", "dave.r@gmail.com"),
    ("it's kelly.x@yahoo.co.uk.", "kelly.x@yahoo.co.uk"),
    ("garyb at gmail dot com", "garyb at gmail dot com"),
    ("tom [at] outlook [dot] com", "tom [at] outlook [dot] com"),
])
def test_email(r, text, value):
    res = r.redact(text)
    assert [text[s:e] for s, e, k in res.spans if k == "EMAIL"] == [value]


def test_service_emails_kept(r):
    for text in ("forward it to report@phishing.gov.uk", "email jo@samaritans.org"):
        assert red(r, text) == text


# ------------------------------------------------------------------ postcodes

@pytest.mark.parametrize("pc", ["CM1 1AA", "co4 3sq", "SS0 7AB", "RM17 6TT", "rm176tt", "CM20 1AW", "IG10 4AB", "ss12ab"])
def test_postcode(r, pc):
    assert red(r, f"postcode {pc} thanks") == "postcode [POSTCODE] thanks"


@pytest.mark.parametrize("text", ["is CM1 safe", "we live in SS9", "moved from SS14 to CM3", "the SS0 area",
                                  "at 4pm", "from 3am", "the m1 1st exit"])
def test_outward_code_and_lookalikes_kept(r, text):
    assert red(r, text) == text


# ------------------------------------------------------------------ addresses

@pytest.mark.parametrize("text, value", [
    ("he lives at 12 High Street, Chelmsford", "12 High Street"),
    ("flat 3, 45 london road", "flat 3, 45 london road"),
    ("flat 2 rosewood court", "flat 2 rosewood court"),
    ("at number 12 acacia avenue", "number 12 acacia avenue"),
    ("no. 15 Coronation Drive", "no. 15 Coronation Drive"),
    ("4a Station Road", "4a Station Road"),
    ("14 The Drive", "14 The Drive"),
    ("7 St John's Road", "7 St John's Road"),
    ("flat 12b Marlborough House", "flat 12b Marlborough House"),
    ("101 London Road", "101 London Road"),  # a house number, not the police number
])
def test_address(r, text, value):
    res = r.redact(text)
    assert [text[s:e] for s, e, k in res.spans if k == "ADDRESS"] == [value]


@pytest.mark.parametrize("text", [
    "3 men walked down the road", "a 40 mph road", "20 minutes walk from here", "2 bed flat",
    "a 3 bed house", "5 acre field", "20 youths in the park", "my neighbour at number 14",
    "the bus stop on Victoria Road", "2 police cars on the street",
])
def test_address_lookalikes_kept(r, text):
    assert red(r, text) == text


# ------------------------------------------------------------------ vehicles

@pytest.mark.parametrize("text, value", [
    ("car reg AB12 CDE", "AB12 CDE"),
    ("a van ab12cde", "ab12cde"),
    ("old car P123 ABC", "P123 ABC"),
    ("the car k456 fgh", "k456 fgh"),
    ("classic ABC 123D", "ABC 123D"),
    ("registration number is R7 JKL", "R7 JKL"),
    ("EX65 KLM was seen", "EX65 KLM"),
])
def test_vehicle(r, text, value):
    res = r.redact(text)
    assert [text[s:e] for s, e, k in res.spans if k == "VEHICLE_REG"] == [value]


@pytest.mark.parametrize("text", [
    "crash on the A12 and the a127 and the M25", "the a12 and then the m25", "i run 5k every day",
    "my car was on the a13 near grays", "is 12 men a lot", "junction 28",
])
def test_vehicle_lookalikes_kept(r, text):
    assert red(r, text) == text


# ------------------------------------------------------------------ dates of birth

@pytest.mark.parametrize("text, value", [
    ("born 12/03/1985", "12/03/1985"),
    ("dob 1.2.90", "1.2.90"),
    ("date of birth 3rd March 1990", "3rd March 1990"),
    ("D.O.B. 02/02/2002", "02/02/2002"),
    ("born on the 5th of June 2008", "5th of June 2008"),
    ("i was born in 1985", "1985"),
    ("her birthday is 9th april 2011", "9th april 2011"),
    ("12/06/1979 (dob)", "12/06/1979"),
    ("DOB 2004-06-30", "2004-06-30"),
])
def test_dob(r, text, value):
    res = r.redact(text)
    assert [text[s:e] for s, e, k in res.spans if k == "DOB"] == [value]


def test_two_dobs_after_one_cue(r):
    assert red(r, "dobs 12/03/85 and 4/5/90") == "dobs [DOB] and [DOB]"


@pytest.mark.parametrize("text", [
    "on 12/03 my car was broken into", "it happened on 12/03/2023", "on the 3rd of march",
    "bought it on 14 march 2024", "my son was born in Colchester", "in 2019 it happened again",
])
def test_plain_dates_are_not_dob(r, text):
    assert red(r, text) == text


# ------------------------------------------------------------------ cards and Luhn

def test_luhn():
    assert luhn_valid("4111111111111111")
    assert luhn_valid("378282246310005")
    assert luhn_valid("79927398713")
    assert not luhn_valid("4111111111111112")
    assert not luhn_valid("")
    assert not luhn_valid("4111-1111")
    assert not luhn_valid("abc")


@pytest.mark.parametrize("number", [
    "4111 1111 1111 1111", "4111111111111111", "4111-1111-1111-1111", "3782 822463 10005",
    "5555 5555 5555 4444", "4862527601891", "4555 9797 1147 1049 740",
])
def test_card(r, number):
    assert red(r, f"my card {number} was used") == "my card [CARD] was used"


@pytest.mark.parametrize("text", [
    "my card 4111 1111 1111 1112 was used",  # fails Luhn
    "card ending 1234",
    "the number 1234 5678 9012 3456",  # fails Luhn
    "0000 0000 0000 0000",
    "imei 356938035643809",  # Luhn-valid, but a phone's IMEI is not a card
])
def test_card_lookalikes_kept(r, text):
    assert red(r, text) == text


# ------------------------------------------------------------------ NI numbers

@pytest.mark.parametrize("ni", ["QQ 12 34 56 C", "AB 12 34 56 C", "AB123456C", "nx 12 34 56 b", "JG103759A", "ZA 12 12 12 A"])
def test_ni_number(r, ni):
    assert red(r, f"my ni is {ni} ok") == "my ni is [NI_NUMBER] ok"


def test_ni_without_suffix_needs_cue(r):
    assert red(r, "national insurance number AB 12 34 56") == "national insurance number [NI_NUMBER]"


@pytest.mark.parametrize("ni", [
    "BG 12 34 56 A", "GB 12 34 56 A", "NK 12 34 56 A", "KN 12 34 56 A", "TN 12 34 56 A", "NT 12 34 56 A",
    "ZZ 12 34 56 A", "DA 12 34 56 A", "FA 12 34 56 A", "IA 12 34 56 A", "UA 12 34 56 A", "VA 12 34 56 A",
    "AD 12 34 56 A", "AO 12 34 56 A", "AB 12 34 56 E",
])
def test_ni_prefix_rules(r, ni):
    assert "[NI_NUMBER]" not in red(r, f"ref {ni}")


# ------------------------------------------------------------------ redact_event_data

def _event():
    text = "my name is Sarah, call 07700 900123 in Chelmsford"
    return {
        "event": "user",
        "timestamp": 1.0,
        "text": text,
        "parse_data": {
            "text": text,
            "intent": {"name": "contact", "confidence": 0.9},
            "entities": [
                {"entity": "person", "start": 11, "end": 16, "value": "Sarah"},
                {"entity": "location", "start": 39, "end": 49, "value": "Chelmsford"},
                {"entity": "phone", "value": "07700 900123"},
            ],
        },
        "metadata": {},
    }


def test_redact_event_data(r):
    event = _event()
    before = copy.deepcopy(event)
    out = redact_event_data(event, redactor=r)
    assert event == before  # input untouched
    assert out is not event
    assert out["text"] == "my name is [NAME], call [PHONE] in Chelmsford"
    assert out["parse_data"]["text"] == out["text"]
    person, location, phone = out["parse_data"]["entities"]
    assert person["value"] == "[NAME]"
    assert out["text"][person["start"]:person["end"]] == "[NAME]"
    assert location["value"] == "Chelmsford"
    assert out["text"][location["start"]:location["end"]] == "Chelmsford"
    assert phone["value"] == "[PHONE]"
    assert out["parse_data"]["intent"] == event["parse_data"]["intent"]


def test_redact_event_data_odd_shapes(r):
    assert redact_event_data({"event": "action", "name": "action_listen"}, redactor=r) == {
        "event": "action", "name": "action_listen"}
    assert redact_event_data(None, redactor=r) is None
    assert redact_event_data("text", redactor=r) == "text"
    out = redact_event_data({"event": "user", "text": None, "parse_data": {"entities": [{"value": 3}, "x"]}},
                            redactor=r)
    assert out["parse_data"]["entities"] == [{"value": 3}, "x"]
    out = redact_event_data({"event": "user", "text": "dave", "parse_data": {"text": "I'm dave",
                             "entities": [{"start": 99, "end": 120, "value": "dave"}]}}, redactor=r)
    assert out["text"] == "[NAME]" and out["parse_data"]["text"] == "I'm [NAME]"
    assert out["parse_data"]["entities"][0]["value"] == "[NAME]"


def test_redact_event_data_bot_event_keeps_service_numbers(r):
    bot = {"event": "bot", "text": "Call Crimestoppers on 0800 555 111, or 999 in an emergency."}
    assert redact_event_data(bot, redactor=r) == bot


# ------------------------------------------------------------------ idempotence

def test_idempotent_on_corpus(r, corpus):
    for e in corpus:
        once = r.redact(e["text"])
        twice = r.redact(once.text)
        assert twice.text == once.text, e["text"]
        assert twice.spans == [], (e["text"], twice.spans)


def test_placeholders_never_redacted(r):
    text = " ".join(PLACEHOLDERS.values())
    assert r.redact(text).spans == []
    for ph in PLACEHOLDERS.values():
        for t in (f"my name is {ph}", f"my ex {ph} keeps", f"Mr {ph}", f"born {ph}", f"call {ph} now",
                  f"{ph} Smith", f"12 {ph} Road"):
            res = r.redact(t)
            assert all(not (s < t.index(ph) + len(ph) and t.index(ph) < e) for s, e, _ in res.spans), (t, res.spans)


# ------------------------------------------------------------------ odd input never crashes

@pytest.mark.parametrize("text", [
    "", " ", "\n\n\t", "😀😀😀", "my name is 😀", "I'm 🙂 Sarah", "\x00\x01\x02\x1b[31m red \x7f",
    "name\x00is Sarah", "‮my name is Sarah‬", "zero\u200bwidth\u200bdave", "[[[[NAME]]]]", "[NAME",
    "0" * 5000, "1 " * 5000, "+" * 1000, "@" * 1000, "a@b", "ＡＢ１２ ＣＤＥ", "٠٧٧٠٠ ٩٠٠١٢٣",
    "my name is", "I'm", "Mr", "called", "my ex", "born", "dob", "12", "flat 3,",
])
def test_odd_input(r, text):
    res = r.redact(text)
    assert isinstance(res.text, str)
    _check_consistent(text, res)


def test_none_and_non_strings(r):
    assert r.redact(None).text == ""
    assert r.redact(12345).text == "12345"


def test_100kb_message(r, corpus):
    base = " ".join(e["text"] for e in corpus)
    big = (base * (100_000 // len(base) + 1))[:100_000]
    res = r.redact(big)
    _check_consistent(big, res)
    assert "07700 900123" not in res.text
    assert "0800 555 111" in res.text


def test_long_single_token(r):
    res = r.redact("a" * 100_000)
    assert res.text == "a" * 100_000


def _check_consistent(text, res):
    last = 0
    rebuilt = []
    for s, e, kind in res.spans:
        assert 0 <= last <= s < e <= len(text)
        assert kind in TYPES
        rebuilt.append(text[last:s])
        rebuilt.append(PLACEHOLDERS[kind])
        last = e
    rebuilt.append(text[last:])
    assert "".join(rebuilt) == res.text


_TRICKY = st.sampled_from([
    "my", "name", "is", "I'm", "ex", "dave", "Dave", "Smith", "called", "Mr", "will", "Will", "07700",
    "900123", "0800", "555", "111", "999", "101", "CM1", "1AA", "AB12", "CDE", "born", "12/03/1985", "dob",
    "4111", "1111", "12", "High", "Street", "flat", "3,", "@", "a.b@c.com", "QQ", "34", "56", "C", "[NAME]",
    "[PHONE]", ",", ".", "-", "(", ")", "+44", "Angela", "Ask", "for", "😀", "\n", "\x00", "Road", "the",
])


def test_redacting_redacted_text_changes_nothing_in_a_title_case_message(r):
    # Found by the fuzz test below: the "[NAME]" left by the first pass made the message look less
    # Title Case, so a second pass took "Will Smith" as a name where the first had not.
    once = r.redact("my Dave Will Smith ").text
    assert r.redact(once).text == once


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(_TRICKY, max_size=25), seps=st.lists(st.sampled_from([" ", "", "  ", "\t"]), max_size=25))
def test_fuzz_tricky_tokens(r, words, seps):
    text = "".join(w + (seps[i] if i < len(seps) else " ") for i, w in enumerate(words))
    once = r.redact(text)
    _check_consistent(text, once)
    assert r.redact(once.text).text == once.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_fuzz_any_text(r, text):
    res = r.redact(text)
    _check_consistent(text, res)


# ------------------------------------------------------------------ eval script

def test_expected_spans_handles_repeats():
    e = {"text": "paige and paige", "expect": [{"type": "NAME", "value": "paige"}, {"type": "NAME", "value": "paige"}]}
    assert expected_spans(e) == [(0, 5, "NAME"), (10, 15, "NAME")]


def test_eval_script_runs():
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    out = subprocess.run([sys.executable, "-m", "bot.redaction_eval", "--rounds", "1"], cwd=PROJECT_ROOT,
                         env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr[-2000:]
    assert "wrongly redacted: 0" in out.stdout
    assert "NI_NUMBER" in out.stdout and "ms" in out.stdout
