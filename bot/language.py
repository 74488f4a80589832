"""Is this message in a language other than English? (So the reply can offer an interpreter.)

Deterministic and cheap: a message is "other language" when most of its letters are outside the
Latin alphabet (Arabic, Cyrillic, Bengali, Chinese, ...), or when it is Latin-script and several of
its words are common function words of one of the languages most spoken in Essex after English,
with no English function words. Short or mixed messages are left to the NLU.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

_FUNCTION_WORDS = {
    "polish": {"jest", "nie", "się", "mój", "moja", "mnie", "że", "czy", "jak", "co", "mam", "jestem", "przez", "który", "bardzo", "dla", "mąż", "żona", "policja", "pomocy", "robić"},
    "romanian": {"este", "și", "nu", "sunt", "meu", "mea", "că", "pentru", "cu", "mă", "ce", "fac", "poliția", "ajutor", "soțul", "vă", "rog", "am", "nevoie"},
    "lithuanian": {"yra", "ir", "ne", "mano", "kad", "aš", "man", "su", "kas", "padėkite", "policija", "vyras", "ką", "daryti"},
    "portuguese": {"não", "meu", "minha", "que", "está", "estou", "para", "com", "uma", "ajuda", "polícia", "marido", "fazer", "você"},
    "spanish": {"el", "la", "que", "está", "estoy", "mi", "por", "para", "con", "una", "ayuda", "policía", "marido", "qué", "hacer", "usted"},
    "turkish": {"ve", "bir", "bu", "ben", "benim", "için", "değil", "ne", "yardım", "polis", "kocam", "lütfen", "yapmalıyım", "mı", "mi"},
    "french": {"le", "la", "les", "je", "suis", "mon", "ma", "pas", "est", "que", "pour", "avec", "aide", "police", "mari", "faire", "vous"},
}
_ENGLISH = {"the", "and", "is", "my", "i", "a", "to", "of", "in", "it", "me", "you", "what", "how", "he", "she", "they",
            "was", "for", "on", "with", "have", "do", "can", "im", "i'm", "help", "police", "someone", "not", "this", "that"}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def other_language(text: str) -> Optional[str]:
    """The language guessed ("polish", ..., or "non-latin script"), or None for English/unknown."""
    letters = [c for c in text or "" if c.isalpha()]
    if len(letters) < 4:
        return None
    non_latin = sum(1 for c in letters if "LATIN" not in unicodedata.name(c, ""))
    if non_latin / len(letters) > 0.5:
        return "non-latin script"
    words = [w.lower() for w in _WORD.findall(text)]
    if not words or any(w in _ENGLISH for w in words):
        return None
    best, hits = None, 0
    for language, vocabulary in _FUNCTION_WORDS.items():
        count = sum(1 for w in words if w in vocabulary)
        if count > hits:
            best, hits = language, count
    return best if hits >= 2 or (hits == 1 and len(words) <= 3 and any(ord(c) > 127 for c in text)) else None
