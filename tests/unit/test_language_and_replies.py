from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.conversation.replies import EMERGENCY_TEXT
from bot.language import other_language


def test_channel_emergency_text_is_the_domain_response(project_root: Path) -> None:
    domain = yaml.safe_load((project_root / "domain.yml").read_text())
    assert domain["responses"]["utter_emergency"][0]["text"] == EMERGENCY_TEXT


@pytest.mark.parametrize("text, language", [
    ("Mój mąż mnie bije, co mam robić?", "polish"),
    ("Soțul meu mă bate, vă rog ajutor", "romanian"),
    ("زوجي يضربني", "non-latin script"),
    ("Кто-то ломится в мою дверь", "non-latin script"),
    ("Bonjour, je suis en danger", "french"),
])
def test_other_languages_are_recognised(text: str, language: str) -> None:
    assert other_language(text) == language


@pytest.mark.parametrize("text", ["how do i stop my shed being broken into", "hola", "ok", "café", "my ex keeps texting me",
                                  "", "999", "the police are useless"])
def test_english_and_short_messages_are_left_to_the_nlu(text: str) -> None:
    assert other_language(text) is None
