"""NAME: cues, gazetteers, word-names, titles, and what is never a name."""
from __future__ import annotations

import pytest

from tests.unit.redaction.helpers import found, red


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


# ------------------------------------------------------------------ cues added with the package split

@pytest.mark.parametrize("text, names", [
    ("Contact: Daniel Okafor, 07700 900 312", ["Daniel Okafor"]),
    ("Name - Joanne Whitlock", ["Joanne Whitlock"]),
    ("Name: kasia nowak", ["kasia nowak"]),
    ("Suspect - Lee Harris", ["Lee Harris"]),
    ("my ex-boyfriend tyrone keeps turning up", ["tyrone"]),
    ("my neighbour Mark parks across our drive", ["Mark"]),
    ("my daughter Rose is being bullied", ["Rose"]),
    ("my stepdad Rob hits my mum", ["Rob"]),
    ("i think my ex mark has hacked my phone", ["mark"]),
    ("my brother bill was attacked", ["bill"]),
    ("my brother-in-law ray keeps borrowing money", ["ray"]),
    ("my sister in law Mary called", ["Mary"]),
    ("my name is amir hussain", ["amir hussain"]),
    ("my name is ioana popescu", ["ioana popescu"]),
    ("my name is tomasz kowalczyk", ["tomasz kowalczyk"]),
    ("my name is linh nguyen", ["linh nguyen"]),
    ("my name is kwame mensah", ["kwame mensah"]),
    ("the landlord Mr Oyelaran-Adeyemi", ["Oyelaran-Adeyemi"]),
    ("my neighbour Mr Wiśniewski", ["Wiśniewski"]),
])
def test_names_found_after_new_cues(r, text, names):
    assert found(r, text, "NAME") == names


@pytest.mark.parametrize("text", [
    "my ex will not leave me alone",
    "my husband may be involved",
    "my son drew a picture of him",
    "my friend pat me on the back",
    "my kids summer holiday was ruined",
    "my brother-in-law will sort it",
    "Contact: the council about the bins",
    "it happened in June",
    "last August my car was stolen",
    "during Eid in April",
    "on Christmas Eve",
    "the Rose and Crown in Chelmsford",
])
def test_word_names_and_months_kept_without_a_naming_cue(r, text):
    assert red(r, text) == text


def test_name_rules_lower_word_name(r):
    """The rule behind "my ex mark has" versus "my ex will kill me", on tokens directly."""
    rec = next(x for x in r.registry.recognizers if x.kind == "NAME")
    rules, nlp = rec._rules, rec._nlp
    doc = nlp.make_doc("ex mark has")
    assert rules.lower_word_name_ok(doc, 1)
    doc = nlp.make_doc("ex will kill")
    assert not rules.lower_word_name_ok(doc, 1)
    doc = nlp.make_doc("son drew a")
    assert not rules.lower_word_name_ok(doc, 1)


@pytest.mark.parametrize("text", [
    "a fake advert with Martin Lewis in it took £300 off me",
    "he was wearing a Declan Rice shirt",
    "saw on the news that Tyson Fury was in a scam ad",
    "the car was a blue Dacia Logan",
    "a black Mercedes pulled up",
    "my Kia Ceed and a Vauxhall Adam were both broken into",
])
def test_public_figures_and_cars_are_not_names(r, text):
    assert found(r, text, "NAME") == []


@pytest.mark.parametrize("text, names", [
    ("my neighbour Peter Jones keeps swearing at me", ["Peter Jones"]),
    ("my name is Harry Kane and my bike was stolen", ["Harry Kane"]),
    ("my daughter Mercedes is being bullied", ["Mercedes"]),
    ("my son is scared of Harley from school", ["Harley"]),
    ("my name Rebin Aziz, someone broke my window", ["Rebin Aziz"]),
    ("we know him as Spider, he sells on the estate", ["Spider"]),
    ("her real name is Joanne", ["Joanne"]),
])
def test_naming_cue_beats_public_figure_and_car_lists(r, text, names):
    assert found(r, text, "NAME") == names
