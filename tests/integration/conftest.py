from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import free_port

# The browser tests serve the widget (with test hooks) from their own web server on this port; the
# stack's CORS allow-list (BOT_ALLOWED_ORIGINS) names it beside the stack's own widget server.
TEST_WIDGET_PORT = free_port()


@pytest.fixture(scope="session")
def running_stack(tmp_path_factory: pytest.TempPathFactory, project_root: Path, trained_model: Path):
    """The real Rasa server and action server, on free loopback ports, with their own var/ folder."""
    from bot.launcher import Stack
    from bot.settings import Settings

    var_dir = tmp_path_factory.mktemp("var")
    widget_port = free_port()
    settings = Settings.from_env({
        **__import__("os").environ,
        "BOT_PROJECT_ROOT": str(project_root),
        "BOT_VAR_DIR": str(var_dir),
        "BOT_RASA_PORT": str(free_port()),
        "BOT_ACTION_PORT": str(free_port()),
        "RASA_AUTH_TOKEN": "test-token-123",
        "BOT_WIDGET_PORT": str(widget_port),
        "BOT_REVIEW_PORT": str(free_port()),
        "BOT_ALLOWED_ORIGINS": f"http://127.0.0.1:{widget_port} http://127.0.0.1:{TEST_WIDGET_PORT}",
    })
    from bot.launcher import prepare_content_store

    prepare_content_store(settings)
    stack = Stack(settings, model_path=trained_model)
    stack.start()
    yield stack
    stack.stop()
