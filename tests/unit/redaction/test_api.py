"""The public API stays as it was before the package split, and importing it costs nothing."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bot.redaction import PLACEHOLDERS, TYPES, RedactionResult, Redactor, redact
from tests.unit.redaction.helpers import PROJECT_ROOT


def test_every_import_the_project_uses_still_works():
    # bot/rasa_components/redacting_tracker_store.py, bot/review/reviews.py, bot/feedback.py,
    # bot/action_server.py and the tests import these names from bot.redaction
    from bot.redaction import default_redactor, luhn_valid, redact_event_data  # noqa: F401
    import bot.redaction as m

    for name in ("PLACEHOLDERS", "TYPES", "RedactionResult", "Redactor", "default_redactor", "luhn_valid",
                 "redact", "redact_event_data"):
        assert name in m.__all__ and hasattr(m, name)
    assert default_redactor() is default_redactor()


def test_import_opens_nothing_and_loads_no_spacy_or_phonenumbers():
    code = (
        "import builtins, sys\n"
        "opened = []\n"
        "real = builtins.open\n"
        "builtins.open = lambda f, *a, **k: (opened.append(str(f)), real(f, *a, **k))[1]\n"
        "import bot.redaction as m\n"
        "r = m.Redactor()\n"
        "assert 'spacy' not in sys.modules, 'spacy imported'\n"
        "assert 'phonenumbers' not in sys.modules, 'phonenumbers imported'\n"
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
    for kind in ("BANK_ACCOUNT", "SOCIAL_HANDLE", "IP_ADDRESS", "URL"):
        assert PLACEHOLDERS[kind] == f"[{kind}]"


def test_service_numbers_property_and_check(r):
    assert "999" in r.service_numbers and "0800555111" in r.service_numbers
    assert r.is_service_number("+44 800 555 111")
    assert not r.is_service_number("07700 900123")
