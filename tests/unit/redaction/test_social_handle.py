"""SOCIAL_HANDLE: @handles, usernames after a platform cue, gamertags."""
from __future__ import annotations

import pytest

from tests.unit.redaction.helpers import found, red


@pytest.mark.parametrize("text, values", [
    ("his snap is kyle.b2008", ["kyle.b2008"]),
    ("the account harassing me is @realdaz_88", ["@realdaz_88"]),
    ("my son's gamertag is ShadowWolf_99", ["ShadowWolf_99"]),
    ("xbox gamertag: xXNightHawkXx", ["xXNightHawkXx"]),
    ("her insta is ellie.rose.x", ["ellie.rose.x"]),
    ("discord: jaz#4821 sent him stuff", ["jaz#4821"]),
    ("his snapchat username is kylebrown", ["kylebrown"]),
    ("username: dazza", ["dazza"]),
    ("he adds girls on snap, his name on there is dannyboi_23", ["dannyboi_23"]),
    ("she goes by lil_kez on tiktok", ["lil_kez"]),
    ("roblox user GamerKid2011 asked for photos", ["GamerKid2011"]),
    ("my steam name is PixelPrincess", ["PixelPrincess"]),
    ("the one bullying my son in call of duty is Ghost_Sniper_UK", ["Ghost_Sniper_UK"]),
])
def test_handles_found(r, text, values):
    assert found(r, text, "SOCIAL_HANDLE") == values


@pytest.mark.parametrize("text", [
    "follow @EssexPoliceUK for updates",
    "report it to @actionfrauduk",
    "meet @ 5pm by the clock",
    "see you @5",
    "his snap is dodgy",
    "she posted it on insta yesterday",
    "my instagram account was hacked, it had 15000 followers",
    "my ps5 username got stolen",
    "my snap got hacked at 10pm and 5 people got messages",
    "is tiktok safe for a 12 year old?",
    "i had cod and chips at 7pm",
    "email me at a.b@example.com",
])
def test_handle_lookalikes_kept(r, text):
    assert "[SOCIAL_HANDLE]" not in red(r, text)


def test_email_wins_over_the_handle_inside_it(r):
    assert r.redact("jo@gmail.com").spans == [(0, 12, "EMAIL")]


def test_impersonation_handle(r):
    text = "on discord someone is impersonating me as nightowl.x and scamming people"
    assert found(r, text, "SOCIAL_HANDLE") == ["nightowl.x"]
