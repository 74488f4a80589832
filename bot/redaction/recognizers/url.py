"""URL: links that lead to a person or to a resident's private files.

General rules, checked in this order (a link to a public service is always kept first):

1. Social sites (``social_hosts.txt``, any subdomain: "uk.linkedin.com", "m.facebook.com"): a path
   names the person ("facebook.com/jane.doe.1990", "tiktok.com/@kyle.b2008", "calendly.com/jo-b"),
   unless its first segment is one of the site's own pages (help, login, groups ...).
2. Private-link sites (``private_link_hosts.txt``): cloud drives and file shares
   ("drive.google.com/drive/folders/1xK...", "dropbox.com/s/...") and link shorteners ("bit.ly/3abc",
   "1drv.ms/w/s!..."): any link with a path is a resident's own file or hides where it leads.
3. Any other site: a path segment that marks a person's page followed by the person
   ("/profile/jo_w1972", "/user/bethanylw", "/usr/x", "/members/x", "/people/x", "/@x"), or a query
   parameter that names the user ("?user=marcusdeane", "?profile_id=123"), or a path segment that
   spells a name: a known first name, one more word and optional digits ("/claim/anna-whitfield-8832").
Short links of the platforms ("forms.gle", "maps.app.goo.gl") are private-link sites; a link to one
post or video ("youtube.com/watch?v=...", "instagram.com/p/...", "youtu.be/...") is kept: it is a
site's page, UNLESS the message says it shows the resident or their own ("a video of me",
"my photos", "my car's pictures", "my nudes"): then it leads to them. Group and call invites
("chat.whatsapp.com/...", "signal.group/...") and video or screenshot uploads ("streamable.com/e/...",
"prnt.sc/...") are private-link sites.

Links to public services (``public_domains.txt`` plus every site in the referral directory:
essex.police.uk, gov.uk, reportfraud.police.uk ...) are kept whatever their path, as are service
accounts (``allow_handles.txt``) and other sites' links, which name a shop or an article rather
than a resident ("bbc.co.uk/news/uk-england-essex-123", "amaz0n-refunds.com/login").
"""
from __future__ import annotations

import re
from typing import FrozenSet, List, Optional, Sequence, Tuple
from urllib.parse import parse_qsl, urlsplit

from bot.redaction.base import Recognizer, Span
from bot.redaction.resources import Resources

_URL_RE = re.compile(
    r"(?<![\w@.\-/])(?:(?:https?://)|(?:www\.))?(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+[a-z]{2,}"
    r"(?::\d{2,5})?(?P<path>/[^\s<>\"'`]*)?",
    re.I,
)
_TRAILING = ".,;:!?)]}'\"…"
# First path segments that are a site's own pages, not a person's.
_SITE_PAGES = frozenset(
    "help login signin signup register about legal privacy policies policy terms settings explore "
    "hashtag search groups events watch results business ads safety community hc support jobs "
    "careers notifications messages home marketplace gaming feed discover trending topics i "
    "accounts account share sharer reel reels p tv stories".split()
)
# First segments on a social site after which the second one names the person.
_PERSON_PREFIXES = frozenset("add in u user c channel member members f fundraiser fundraising page".split())
# Segments that mark a person's page on ANY site when a further segment follows
# ("match.com/profile/x", "ebay.co.uk/usr/x", "facebook.com/groups/123/user/456").
_PERSON_MARKERS = frozenset(
    "profile profiles people person user users usr member members seller sellers author-profile "
    "u-profile".split()
)
# Segments after a marker that are the site's own pages ("/profile/edit", "/users/sign_in").
_MARKER_PAGES = frozenset(
    "edit settings login logout signin sign_in signup sign_up register new create me password reset help".split()
)
# Query parameters that name the user on any site ("?user=marcusdeane", "profile.php?id=1000...").
_PERSON_PARAMS = frozenset(
    "user username user_id userid uid u profile profile_id profileid member member_id memberid seller "
    "seller_id sellerid".split()
)
_SLUG_SPLIT_RE = re.compile(r"[-_.]+")
# Host prefixes that are not part of the site's name.
_HOST_PREFIXES = ("www.", "m.", "mobile.", "web.")
_LOCALE_RE = re.compile(r"^[a-z]{2}(?:-[a-z]{2})?$")
# Path segments of one post, video or photo on a social or video site.
_POST_SEGMENTS = frozenset("p reel reels tv watch shorts video videos v posts post status photo photos "
                           "story stories s pin".split())
# Video sites whose links are one video (the path is not a person), counted like a post.
_VIDEO_HOSTS = frozenset("youtu.be vimeo.com dailymotion.com dai.ly rumble.com".split())
# The message says the post shows the resident or their own: "a video of me", "my photos".
_ABOUT_ME_RE = re.compile(
    r"\b(?:of\s+(?:me|us|my|our|her|him|them)\b"
    r"|(?:my|our)\s+(?:\w+(?:'s|’s)?\s+)?(?:photos?|pictures?|pics?|videos?|vids?|images?|nudes|face|selfies?)\b"
    r"|(?:photos?|pictures?|pics?|videos?|vids?|images?|nudes|selfies?)\s+of\s+(?:me|my|her|him|us|our)\b)",
    re.I,
)


class UrlRecognizer(Recognizer):
    """Links to a person's page or a resident's private files."""

    kind = "URL"

    def load(self, resources: Resources) -> None:
        self._social: FrozenSet[str] = resources.social_hosts
        self._private: FrozenSet[str] = resources.private_link_hosts
        self._allow_handles: FrozenSet[str] = resources.allow_handles
        self._resources = resources

    def analyze(self, text: str, taken: Sequence[Tuple[int, int]] = ()) -> List[Span]:
        out: List[Span] = []
        if "." not in text or "/" not in text:
            return out
        for m in _URL_RE.finditer(text):
            if not m.group("path"):
                continue
            url = m.group().rstrip(_TRAILING)
            if self.is_personal(url) or (self._is_post(url) and _ABOUT_ME_RE.search(text)):
                out.append((m.start(), m.start() + len(url), self.kind))
        return out

    def is_personal(self, url: str) -> bool:
        """Is ``url`` a link to a person's page or private file (and not a public service)?"""
        parts = urlsplit(url if "://" in url else "https://" + url)
        host = (parts.hostname or "").lower()
        if not host or self._resources.is_public_domain(host):
            return False
        for prefix in _HOST_PREFIXES:
            if host.startswith(prefix):
                host = host[len(prefix):]
                break
        segments = [s for s in parts.path.split("/") if s]
        lowered = [s.lower() for s in segments]
        if not segments and not parts.query:
            return False
        if _site_of(host, self._private):
            return True  # a shared file or a short link: any path at all
        if _site_of(host, self._social) and segments:
            return self._social_person(lowered)
        return self._marked_person(lowered, parts.query) or self._named_slug(segments)

    def _is_post(self, url: str) -> bool:
        """Is ``url`` one post, video or photo on a social or video site ("instagram.com/p/...")?"""
        parts = urlsplit(url if "://" in url else "https://" + url)
        host = (parts.hostname or "").lower()
        for prefix in _HOST_PREFIXES:
            if host.startswith(prefix):
                host = host[len(prefix):]
                break
        segments = [s.lower() for s in parts.path.split("/") if s]
        if not segments:
            return False
        if host in _VIDEO_HOSTS:
            return True
        return bool(_site_of(host, self._social)) and len(segments) >= 2 and segments[0] in _POST_SEGMENTS \
            or bool(_site_of(host, self._social)) and segments[0] == "watch" and "v=" in parts.query

    def _named_slug(self, segments: List[str]) -> bool:
        """A path segment that spells a person's name: "/claim/anna-whitfield-8832",
        "/u/john_smith", "/view/tom.bradley": a known first name, one more word, optional digits."""
        names = self._resources.first_names
        for seg in segments:
            parts = [p for p in _SLUG_SPLIT_RE.split(seg.lower()) if p]
            if not 2 <= len(parts) <= 3 or parts[0] not in names:
                continue
            if not parts[1].isalpha() or len(parts[1]) < 2 or parts[1] in self._resources.stop_words:
                continue
            if len(parts) == 3 and not parts[2].isdigit():
                continue
            return True
        return False

    def _social_person(self, lowered: List[str]) -> bool:
        if "profile" in lowered or "people" in lowered:
            return True  # facebook.com/marketplace/profile/1000..., facebook.com/people/Jane-Doe/1000...
        if self._marked_person(lowered, ""):
            return True  # facebook.com/groups/123/user/456
        first = lowered[0].lstrip("@")
        if first in _PERSON_PREFIXES and len(lowered) > 1:
            first = lowered[1].lstrip("@")  # snapchat.com/add/x, linkedin.com/in/x
        elif first in _SITE_PAGES:
            return False
        return bool(first) and first not in self._allow_handles

    def _marked_person(self, lowered: List[str], query: str) -> bool:
        for i, seg in enumerate(lowered):
            if seg.startswith("@") and len(seg) > 2:
                if seg[1:] not in self._allow_handles:
                    return True  # medium.com/@jo, a Mastodon server's /@jo
            elif seg in _PERSON_MARKERS and i + 1 < len(lowered):
                nxt = lowered[i + 1]
                if nxt not in _MARKER_PAGES and nxt.lstrip("@") not in self._allow_handles:
                    return True
        if query:
            for key, value in parse_qsl(query, keep_blank_values=False):
                if key.lower() in _PERSON_PARAMS and value.strip():
                    return True
        return False


def _site_of(host: str, sites: FrozenSet[str]) -> Optional[str]:
    """``host``, or ``host`` without a country or language subdomain ("uk.linkedin.com",
    "en-gb.facebook.com"), if it is in ``sites``. Other subdomains ("help.instagram.com") are
    the site's own pages and do not count."""
    if host in sites:
        return host
    sub, _, parent = host.partition(".")
    if parent in sites and _LOCALE_RE.match(sub):
        return parent
    return None
