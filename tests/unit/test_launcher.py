"""The launcher's command lines are ones the Rasa CLI parses as meant."""
from __future__ import annotations

from bot.launcher import Stack
from bot.settings import Settings


def test_a_token_starting_with_a_dash_reaches_rasa_as_the_token(tmp_path) -> None:
    # secrets.token_urlsafe starts with "-" once in 64 tokens; "--auth-token -x" made Rasa exit.
    from rasa.__main__ import create_argument_parser

    settings = Settings.from_env({"BOT_VAR_DIR": str(tmp_path), "RASA_AUTH_TOKEN": "-Zx_9token"})
    stack = Stack(settings, model_path=tmp_path / "model.tar.gz")
    stack.build()
    rasa = next(p for p in stack.processes if p.name == "Rasa server")
    arguments = create_argument_parser().parse_args(rasa.command[1:])
    assert arguments.auth_token == "-Zx_9token"
    assert arguments.enable_api


def test_servers_run_single_threaded_maths_unless_the_operator_chose(tmp_path, monkeypatch) -> None:
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings.from_env({"BOT_VAR_DIR": str(tmp_path), "RASA_AUTH_TOKEN": "t"})
    stack = Stack(settings, model_path=tmp_path / "model.tar.gz")
    stack.build()
    assert {p.env["OPENBLAS_NUM_THREADS"] for p in stack.processes} == {"1"}
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    stack.build()
    assert {p.env["OPENBLAS_NUM_THREADS"] for p in stack.processes} == {"4"}
