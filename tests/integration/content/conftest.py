"""Fixtures for the content store: a fresh database per test and small content folders to publish.

Every store test runs on a new SQLite file in tmp_path, and again on PostgreSQL (TEST_DATABASE_URL,
or a server the session starts from Debian's PostgreSQL; see tests/conftest.py), with all tables
dropped before and after the test.
"""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest
import yaml

from bot.strands import STRAND_IDS

PROJECT_ROOT = Path(__file__).resolve().parents[3]
REAL_CONTENT = PROJECT_ROOT / "content"
TODAY = date(2026, 11, 26)
def _drop_everything(url: str) -> None:
    """Empty the test database: every table (later migrations add their own), then our function."""
    from sqlalchemy import inspect, text

    from bot.db import make_engine

    engine = make_engine(url, timeout_seconds=10)
    try:
        with engine.begin() as connection:
            for table in inspect(connection).get_table_names():
                connection.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
            connection.execute(text("DROP FUNCTION IF EXISTS content_versions_are_immutable() CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'var' / 'content.db'}"
        return
    url = request.getfixturevalue("test_database_url")
    _drop_everything(url)
    yield url
    _drop_everything(url)


@pytest.fixture
def engine(db_url: str) -> Iterator[Any]:
    from bot.db import make_engine, upgrade

    upgrade(db_url)  # the tables come from the migrations, as in production
    engine = make_engine(db_url, timeout_seconds=10)
    yield engine
    engine.dispose()


@pytest.fixture
def real_content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, target)
    return target


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ------------------------------------------------------------------------------ small synthetic content
def referral(referral_id: str, area: str = "national", confirmed: bool = True, **extra: Any) -> Dict[str, Any]:
    return {
        "id": referral_id,
        "name": referral_id.replace("_", " ").title(),
        "phone": "0800 555 111",
        "hours": "24 hours a day, 7 days a week",
        "for_whom": "Anyone",
        "area": area,
        "confirmed": confirmed,
        "source": "https://www.essex.police.uk",
        **extra,
    }


def item(item_id: str, **extra: Any) -> Dict[str, Any]:
    return {
        "id": item_id,
        "title": f"Advice {item_id}",
        "topics": ["general"],
        "questions": [f"What should I know about {item_id}?", f"Where can I get help with {item_id}?",
                      f"Is there advice on {item_id} for me?", f"who do i talk to about {item_id}",
                      f"I am worried about {item_id}, what can I do?"],
        "audience": ["everyone"],
        "districts": [],
        "summary": "Lock your door. Call 999 if you are in danger.",
        "steps": ["Lock your door."],
        "when_to_call": {"emergency": "Call 999 if you are in danger now.", "non_emergency": "Call 101."},
        "referrals": ["police_101"],
        "source": "https://www.essex.police.uk",
        "owner": "Essex Police Crime Prevention Team",
        "reviewed_by": "Crime Prevention Tactical Advisor",
        "reviewed_on": date(2026, 11, 20),
        "review_due": date(2027, 5, 20),
        "status": "approved",
        **extra,
    }


BURGLARY_ITEMS: List[Dict[str, Any]] = [
    item("burglary-doors", title="Secure your doors and windows", topics=["doors", "windows", "locks"]),
    item(
        "burglary-doorstep",
        title="Doorstep callers and rogue traders",
        topics=["doorstep", "rogue trader", "cold caller"],
        audience=["older_person", "family_friend"],
    ),
    item("burglary-shop", title="Protecting your shop", topics=["shop", "business", "cctv"], audience=["business"]),
    item(
        "burglary-southend-scheme",
        title="Southend door lock scheme",
        topics=["locks", "doors"],
        districts=["southend"],
        referrals=["southend_council", "police_101", "essex_helpline"],
    ),
    item("burglary-colchester-scheme", title="Colchester lock scheme", topics=["locks"], districts=["colchester"]),
    item("burglary-draft", title="Draft: new locks advice", topics=["locks", "doors"], status="draft"),
    item("burglary-retired", title="Old advice about doors", topics=["doors"], status="retired"),
]


def write_content(root: Path, burglary_items: Optional[List[Dict[str, Any]]] = None, **changes: Any) -> Path:
    """A small, valid content folder: one approved item per strand, plus `burglary_items`."""
    referrals = [
        referral("police_101", phone="101"),
        referral("essex_helpline", area="essex"),
        referral("southend_council", area="southend"),
        referral("colchester_council", area="colchester"),
        referral("unconfirmed_line", confirmed=False),
    ]
    referrals = changes.get("referrals", referrals)
    (root / "advice").mkdir(parents=True, exist_ok=True)
    (root / "referrals.yml").write_text(yaml.safe_dump({"referrals": referrals}, sort_keys=False), encoding="utf-8")
    for strand in STRAND_IDS:
        items = [item(f"{strand.replace('_', '-')}-general", title=f"General advice on {strand}")]
        if strand == "burglary_robbery":
            items += burglary_items if burglary_items is not None else BURGLARY_ITEMS
        (root / "advice" / f"{strand}.yml").write_text(yaml.safe_dump({"strand": strand, "items": items}, sort_keys=False), encoding="utf-8")
    # Keep every referral in use so the content has no warnings to distract from the test.
    extra = [item("reporting-misc", referrals=["colchester_council", "essex_helpline"]), item("reporting-draft", referrals=["unconfirmed_line"], status="draft")]
    (root / "advice" / "reporting.yml").write_text(yaml.safe_dump({"strand": "reporting", "items": extra}, sort_keys=False), encoding="utf-8")
    return root


@pytest.fixture
def small_content(tmp_path: Path) -> Path:
    return write_content(tmp_path / "content")
