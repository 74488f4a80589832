"""Scripted resident conversations for the load generator.

A script is a list of (kind, text) steps. `kind` labels the step in the results (latency per kind
shows where the time goes). The special text TOPIC_BUTTON means "click the first topic button of
the previous reply" (what a resident does after advice), falling back to "/something_else" when
the previous reply had no topic button.
"""
from __future__ import annotations

from typing import List, Tuple

Step = Tuple[str, str]
Script = List[Step]

TOPIC_BUTTON = "@topic"

# 20 conversations, written the way residents write (UK English, typos, lower case, indirect).
PRODUCT_SCRIPTS: List[Script] = [
    [("greet", "hi"), ("strand", "how do i stop my shed being broken into"), ("follow_up", "what about my bike"),
     ("feedback", "/feedback_helpful"), ("thanks", "thanks"), ("goodbye", "bye")],
    [("strand", "got a text saying my parcel is being held, is it a scam"), ("follow_up", "what if its my mum"),
     ("topic", TOPIC_BUTTON), ("feedback", "/feedback_helpful")],
    [("greet", "hello"), ("strand", "my ex keeps turning up outside my flat"), ("follow_up", "what else can i do"),
     ("feedback", "/feedback_not_helpful"), ("comment", "i need to know about getting a non molestation order"),
     ("goodbye", "thank you bye")],
    [("strand", "someone tried our front door handle at 3am, its on our camera"), ("follow_up", "what about my shed"),
     ("follow_up", "i already did that"), ("feedback", "/feedback_helpful")],
    [("greet", "hiya"), ("strand", "my son is 15 and has started coming home with new trainers and cash he wont explain"),
     ("follow_up", "what if he's in colchester"), ("feedback", "/feedback_helpful"), ("thanks", "cheers")],
    [("strand", "how can i stay safe on a night out in southend"), ("follow_up", "what about if my drink gets spiked"),
     ("emergency", "my mates collapsed in the club toilets i think her drink was spiked"), ("thanks", "ok thanks")],
    [("greet", "good morning"), ("oos", "how do i pay a parking fine"), ("strand", "some kids keep throwing stones at our windows"),
     ("feedback", "/feedback_helpful")],
    [("strand", "someone rang pretending to be my bank and i gave them my details"), ("topic", TOPIC_BUTTON),
     ("follow_up", "anything else i can do"), ("feedback", "/feedback_helpful"), ("goodbye", "bye")],
    [("emergency", "theres a man trying to kick my back door in"), ("strand", "how do i make my doors more secure"),
     ("feedback", "/feedback_helpful")],
    [("greet", "hi there"), ("bot", "am i talking to a real person"), ("strand", "my daughter is 13 and talking to an older man online"),
     ("follow_up", "what if she wont talk to me"), ("human", "can i speak to someone"), ("goodbye", "bye")],
    [("strand", "my neighbour keeps shouting racist abuse at us"), ("follow_up", "what about at work"),
     ("feedback", "/feedback_helpful"), ("thanks", "thank you")],
    [("strand", "people are dealing drugs from the flat upstairs"), ("how_to_report", "how do i report it without giving my name"),
     ("feedback", "/feedback_helpful")],
    [("greet", "hey"), ("strand", "my brother says life isnt worth living anymore"), ("follow_up", "what if he wont get help"),
     ("feedback", "/feedback_helpful"), ("goodbye", "thanks bye")],
    [("strand", "is it legal to carry a pen knife"), ("follow_up", "what about my son hes 16"), ("topic", TOPIC_BUTTON),
     ("feedback", "/feedback_not_helpful"), ("comment", "skip")],
    [("oos", "are essex police recruiting"), ("strand", "how do i spot signs of radicalisation in my nephew"),
     ("feedback", "/feedback_helpful")],
    [("strand", "my facebok got hacked pls help"), ("follow_up", "and my email"), ("follow_up", "got any other tips"),
     ("feedback", "/feedback_helpful"), ("thanks", "brilliant thanks")],
    [("greet", "hello"), ("emergency", "help my partner says hes going to kill me and hes got a knife"),
     ("strand", "how do i get out of a controlling relationship"), ("feedback", "/feedback_helpful")],
    [("strand", "my elderly dad keeps getting cold callers offering to fix his roof"), ("follow_up", "what about my elderly neighbour"),
     ("feedback", "/feedback_helpful"), ("goodbye", "bye")],
    [("oos", "i lost my wallet in colchester, has anyone handed it in"), ("oos", "whats the weather like"),
     ("strand", "someone keyed my car outside my house in basildon"), ("feedback", "/feedback_helpful")],
    [("strand", "i was groped on the train home last night"), ("follow_up", "what if it happens again"),
     ("how_to_report", "can i report it online"), ("feedback", "/feedback_helpful"), ("thanks", "thanks")],
]

# The stock moodbot's conversations: greet, mood, answer, goodbye (and the bot challenge).
STOCK_SCRIPTS: List[Script] = [
    [("greet", "hi"), ("mood", "i am sad"), ("affirm", "yes"), ("goodbye", "bye")],
    [("greet", "hello"), ("mood", "I am feeling very good"), ("goodbye", "goodbye")],
    [("greet", "hey"), ("mood", "not good"), ("deny", "no"), ("goodbye", "see you later")],
    [("greet", "good morning"), ("mood", "I am unhappy"), ("affirm", "indeed"), ("bot", "are you a bot?"), ("goodbye", "bye")],
    [("greet", "hey there"), ("mood", "great"), ("bot", "am I talking to a human?"), ("goodbye", "cu")],
    [("greet", "moin"), ("mood", "very sad"), ("deny", "not really"), ("goodbye", "have a nice day")],
]
