"""SOCIAL_HANDLE: social media usernames and gamertags ("@kyle_b", "his snap is kyle.b2008",
"gamertag ShadowWolf_99", "discord: jaz#4821", "u/throwaway_x", "my steam account jimbob was
stolen", "on discord someone is impersonating me as frostbite.ukk").

An "@handle" counts anywhere (not inside an e-mail address or link). After a platform cue
("snap", "insta", "tiktok", "psn", "xbox", "discord" ...) a word counts when it is shaped like a
username (digits, "_", ".", "#1234", or a capital inside: "ShadowWolf"); a plain lower-case word
counts only after an explicit username cue ("his snap name is kylebrown", "username: dazza"), so
"his snap is dodgy" and "on insta yesterday" are kept. Service accounts the assistant names
(``allow_handles.txt``) are kept.
"""
from __future__ import annotations

import re
from typing import FrozenSet, List, Sequence, Tuple

from bot.redaction.base import Recognizer, Span
from bot.redaction.resources import Resources

_AT_HANDLE_RE = re.compile(r"(?<![\w@./:])@(?P<h>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![\w@]|\.[A-Za-z])")
# Reddit's "u/name" (and "/u/name") is a username wherever it is written; "r/essex" is a forum.
_REDDIT_USER_RE = re.compile(r"(?<![\w./])/?u/[A-Za-z0-9_\-]{3,30}(?![\w/])")
# "<platform> account X was hacked": a word between "account"/"profile" and a verb names the account.
_ACCOUNT_NOUN_RE = re.compile(r"acc(?:ount)?|profile|page|channel", re.I)
_THEN_VERB_RE = re.compile(
    r"\s+(?:was|is|has|had|got|gets|get|keeps|kept|sent|sends|messaged|messages|posted|posts|"
    r"added|adds|followed|follows|shared|shares|uploaded|started|made|said|says|will|would|can|"
    r"hacked|stolen|taken|deleted|banned|blocked|reported)\b",
    re.I,
)
# times, numbers and version numbers ("psn down since 10pm", "minecraft 1.20.4.1") are not usernames
_TIME_LIKE_RE = re.compile(r"^\d{1,2}(?:[ap]m)?$|^\d+$|^\d+(?:\.\d+)+$", re.I)

_PLATFORM = (
    r"snap|snapchat|sc|insta|instagram|ig|tiktok|tik\s+tok|tt|twitter|threads|kik|telegram|discord|"
    r"psn|playstation|ps4|ps5|xbox|xbox\s+live|xbl|steam|fortnite|epic|roblox|minecraft|twitch|"
    r"reddit|youtube|onlyfans|whatsapp\s+name|fb\s+name|facebook\s+name|social|call\s+of\s+duty|cod|warzone|"
    r"apex|valorant|gta|fifa|pubg|yubo|wizz|hinge|tinder|bumble|grindr|pof"
)
_USERNAME = (r"user\s*name|username|user|gamer\s*tag|gamertag|handle|tag|ign|id|name|account|acc|profile|"
             r"streamer|youtuber|creator|player|gamer|channel|page|@")
# "his snap is X", "add me on insta: X", "gamertag is X", "her tiktok username is X"
_CUE_RE = re.compile(
    r"\b(?:(?P<platform>" + _PLATFORM + r")\b(?:\s+(?P<uname>" + _USERNAME + r")\b)?|(?P<uname2>user\s*name|username|"
    r"gamer\s*tag|gamertag|psn\s+id|xbox\s+gamertag)\b)"
    r"(?P<conn>(?:\s+(?:is|was|=|called|name))*\s*[:\-=]?\s*(?:\bit'?s\s+)?)['\"“]?"
    r"(?P<h>@?[A-Za-z0-9_][A-Za-z0-9_.\-]{1,29}(?:#\d{4})?)",
    re.I,
)
# Words that name the username itself (not "account", "profile": "account was hacked").
_NAMING_UNAME_RE = re.compile(r"user\s*name|username|gamer\s*tag|gamertag|handle|tag|ign|id|name|psn\s+id", re.I)
# Second pass: a platform named in the same sentence ("he adds girls on snap, his name on there is
# dannyboi_23") and a word that can only be a username: an underscore, or letters and digits.
_PLATFORM_RE = re.compile(r"\b(?:" + _PLATFORM + r"|gamertag|username)s?\b", re.I)
_TOKEN_RE = re.compile(r"(?<![\w@.#/:\-=?&%])[A-Za-z0-9][A-Za-z0-9_.\-]{2,29}(?:#\d{4})?(?![\w@/]|\.\w)")
_STRICT_SHAPE_RE = re.compile(r"_|#\d{4}$|^(?=(?:.*[A-Za-z]){3})(?=(?:.*\d){2})")
_NEAR = 60
# "by user 'v0idwalker'", "account called Shadow99": a username-shaped word named as a user
_NAMED_USER_RE = re.compile(
    r"\b(?:user|account|acc|profile|player|gamer|streamer|youtuber|creator|channel|page)\s+(?:(?:called|named)\s+)?['\"“‘]?"
    r"(?P<h>[A-Za-z0-9][A-Za-z0-9_.\-]{2,29}(?:#\d{4})?)(?![\w@/]|\.\w)",
    re.I,
)
# "someone is impersonating me as frostbite.ukk", "posing as jaz.b_99": the copycat account
_IMPERSONATE_RE = re.compile(
    r"\b(?:impersonat\w*(?:\s+(?:me|him|her|us|them|my\s+\w+))?\s+as|pretend\w*\s+to\s+be|posing\s+as|"
    r"poses\s+as|fake\s+(?:account|profile)\s+(?:called|named))\s+['\"“‘]?"
    r"(?P<h>[A-Za-z0-9][A-Za-z0-9_.\-]{2,29}(?:#\d{4})?)(?![\w@/]|\.\w)",
    re.I,
)
_SENTENCE_BREAK_RE = re.compile(r"[.!?](?:\s|$)")
_SHAPED_RE = re.compile(r"[0-9_.#]|[a-z][A-Z]|^[A-Z]{2,}[a-z]")
_NOT_HANDLE = frozenset(
    "account accounts app story stories message messages dm dms chat chats group groups page pages "
    "video videos post posts live call calls photo photos pic pics picture pictures name names "
    "username handle profile yesterday today tonight last night again too now then and or but "
    # what an account has, not what it is called: "my steam account password was stolen"
    "password passwords details login logins email number pin code codes security settings recovery "
    "balance info information data history access money funds items skins games library "
    "verification".split()
)


class SocialHandleRecognizer(Recognizer):
    """Usernames on social media and gaming platforms."""

    kind = "SOCIAL_HANDLE"

    def load(self, resources: Resources) -> None:
        self._allow: FrozenSet[str] = resources.allow_handles
        self._stop: FrozenSet[str] = resources.stop_words

    def analyze(self, text: str, taken: Sequence[Tuple[int, int]] = ()) -> List[Span]:
        out: List[Span] = []
        if "@" in text:
            for m in _AT_HANDLE_RE.finditer(text):
                h = m.group("h")
                if h.lower() not in self._allow and not _TIME_LIKE_RE.match(h):
                    out.append((m.start(), m.end(), self.kind))
        for m in _CUE_RE.finditer(text):
            h = m.group("h").rstrip(".-")
            bare = h.lstrip("@")
            if not bare or bare.lower() in self._allow or bare.lower() in _NOT_HANDLE:
                continue
            # a plain word needs "username is X" / "gamertag: X", not "username got stolen"
            uname = m.group("uname") or m.group("uname2") or ""
            explicit = bool(_NAMING_UNAME_RE.match(uname) and m.group("conn").strip()) or h.startswith("@")
            if not explicit and m.group("platform") and _ACCOUNT_NOUN_RE.fullmatch(uname) \
                    and not m.group("conn").strip():
                # "my steam account ohmygodbecky was stolen": the word before the verb is its name
                explicit = bool(_THEN_VERB_RE.match(text, m.start("h") + len(h))) \
                    and not _THEN_VERB_RE.fullmatch(" " + bare) and not bare.lower().endswith(("ed", "ing"))
            if _SHAPED_RE.search(bare) and not _TIME_LIKE_RE.match(bare):
                ok = True
            else:
                ok = explicit and bare.isalpha() and bare.lower() not in self._stop and len(bare) >= 3
            if ok:
                out.append((m.start("h"), m.start("h") + len(h), self.kind))
        if "u/" in text:
            for m in _REDDIT_USER_RE.finditer(text):
                out.append((m.start(), m.end(), self.kind))
        out += self._near_platform(text)
        if _PLATFORM_RE.search(text):
            # "spammed by user 'v0idwalker'", "an account called xXLunaXx" with a platform in the message
            for m in list(_NAMED_USER_RE.finditer(text)) + list(_IMPERSONATE_RE.finditer(text)):
                h = m.group("h").rstrip(".-")
                if _SHAPED_RE.search(h) and not _TIME_LIKE_RE.match(h) and h.lower() not in self._allow \
                        and h.lower() not in _NOT_HANDLE:
                    out.append((m.start("h"), m.start("h") + len(h), self.kind))
        return out

    def _near_platform(self, text: str) -> List[Span]:
        """Username-shaped words within a short distance after a platform word."""
        out: List[Span] = []
        platforms = list(_PLATFORM_RE.finditer(text))
        if not platforms:
            return out
        for m in _TOKEN_RE.finditer(text):
            word = m.group().rstrip(".-")
            if not _STRICT_SHAPE_RE.search(word) or word.lower() in self._allow:
                continue
            for p in platforms:
                # "his name on there is dannyboi_23" after the platform; "lil_kez on tiktok" before it
                if p.end() <= m.start():
                    gap, limit = text[p.end():m.start()], _NEAR
                else:
                    gap, limit = text[m.end():p.start()], _NEAR // 2
                if len(gap) <= limit and not _SENTENCE_BREAK_RE.search(gap):
                    out.append((m.start(), m.start() + len(word), self.kind))
                    break
        return out
