"""Shared fixtures. Servers start once per test session (each Rasa start costs ~30 s)."""
from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def test_database_url():
    """A PostgreSQL database the tests may wipe: TEST_DATABASE_URL if set, otherwise one started here
    from Debian's PostgreSQL (`make test` installs it), once per session. Without PostgreSQL the
    tests that need it are skipped - except in CI, where that is a failure: CI proves both."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        yield url
        return
    from bot.local_services import start_postgres

    postgres = start_postgres()
    if postgres is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed here; run `make system-packages`")
        pytest.skip("PostgreSQL is not installed (make system-packages), and TEST_DATABASE_URL is not set")
    try:
        yield postgres.url
    finally:
        postgres.stop()


@pytest.fixture(scope="session")
def trained_model(project_root: Path) -> Path:
    from bot.rasa_components.model_loader import newest_model

    try:
        return newest_model(project_root / "models")
    except FileNotFoundError:
        pytest.fail("No trained model: run the tests with `make test`, which trains first")


@pytest.fixture(scope="session")
def model_parser(trained_model: Path):
    from bot.rasa_components.model_loader import ModelParser

    parser = ModelParser(trained_model)
    yield parser
    parser.close()


@pytest.fixture(scope="session")
def strands(project_root: Path):
    from bot.strands import load_strand_map

    return load_strand_map(project_root / "data" / "strands.yml")


@pytest.fixture(scope="session")
def safety_net(project_root: Path):
    from bot.safety_net import SafetyNet

    return SafetyNet.from_file(project_root / "data" / "safety" / "danger_now.yml")
