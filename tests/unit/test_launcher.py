"""The launcher's command lines are ones the Rasa CLI parses as meant."""
from __future__ import annotations

from bot.launcher import Stack
from bot.settings import Settings


def test_no_secret_is_on_a_command_line_and_rasa_parses_the_rest(tmp_path) -> None:
    # Command lines are visible to every user in `ps`; the token and the action secret reach the
    # servers through the environment or var/ files (bot/local_secrets.py).
    from rasa.__main__ import create_argument_parser

    settings = Settings.from_env({"BOT_VAR_DIR": str(tmp_path), "RASA_AUTH_TOKEN": "-Zx_9token",
                                  "BOT_ACTION_SECRET": "action-secret-1"})
    stack = Stack(settings, model_path=tmp_path / "model.tar.gz")
    stack.build()
    for process in stack.processes:
        assert not any("-Zx_9token" in part or "action-secret-1" in part for part in process.command), process.name
    rasa = next(p for p in stack.processes if p.name == "Rasa server")
    assert rasa.command[1:4] == ["-m", "bot.rasa_components.server", "run"]
    arguments = create_argument_parser().parse_args(rasa.command[3:])
    assert arguments.enable_api and arguments.auth_token is None and not arguments.cors
    assert rasa.health_headers == {"Authorization": "Bearer -Zx_9token"}
    assert rasa.env["BOT_ACTION_SECRET"] == "action-secret-1" and rasa.env["RASA_AUTH_TOKEN"] == "-Zx_9token"
    assert rasa.env["SANIC_REQUEST_MAX_SIZE"] == str(16 * 1024)


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
