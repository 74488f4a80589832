"""The widget web server's pure parts: URL checks, the CSP, the page templates, the command line."""
from __future__ import annotations

import re

import pytest

from bot.web import server


def test_csp_allows_only_this_origin_and_the_rasa_server() -> None:
    csp = server.content_security_policy("http://127.0.0.1:5005/")
    assert csp == ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                   "connect-src 'self' http://127.0.0.1:5005; base-uri 'none'; form-action 'none'; "
                   "frame-ancestors 'none'")
    assert "connect-src 'self' https://chat.example.org;" in server.content_security_policy(
        "https://chat.example.org/some/path?x=1")


@pytest.mark.parametrize("bad", ["ftp://x", "javascript:alert(1)", "http://", "http://a b", "http://a;script-src *",
                                 "http://user@host", "//host"])
def test_bad_rasa_urls_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        server.origin_of(bad)


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "data:text/html,x", "//evil.example", 'https://x/"><script>',
                                 "https://x/ y", "weather"])
def test_bad_exit_urls_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        server.check_page_url(bad, "exit URL")


def test_good_exit_urls() -> None:
    assert server.check_page_url("https://www.bbc.co.uk/weather", "x") == "https://www.bbc.co.uk/weather"
    assert server.check_page_url("/neutral", "x") == "/neutral"


def test_pages_embed_the_widget_with_one_script_tag() -> None:
    env = server.template_environment()
    context = {"rasa_url": "http://127.0.0.1:5005", "exit_url": "https://www.bbc.co.uk/weather", "test_hooks": False}
    for name in ("demo.html", "accessibility.html"):
        html = env.get_template(name).render(**context)
        tags = re.findall(r"<script[^>]*>", html)
        assert tags == ['<script src="/widget.js" data-server="http://127.0.0.1:5005" '
                        'data-exit-url="https://www.bbc.co.uk/weather" defer>']
        assert "style=" not in html and "<style" not in html
        assert 'lang="en-GB"' in html
        assert re.search(r"\son[a-z]+=", html) is None
    neutral = env.get_template("neutral.html").render(**context)
    assert "<script" not in neutral
    with_hooks = env.get_template("demo.html").render(**{**context, "test_hooks": True})
    assert 'data-test="1"' in with_hooks


def test_statement_has_the_regulations_wording() -> None:
    html = server.template_environment().get_template("accessibility.html").render(
        rasa_url="http://x", exit_url="https://y", test_hooks=False)
    for phrase in ("Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018",
                   "Compliance status", "partially compliant", "Non-accessible content", "Enforcement procedure",
                   "Preparation of this accessibility statement", "axe-core"):
        assert phrase in html


def test_apps_get_unique_names_and_the_routes() -> None:
    first = server.create_app("http://127.0.0.1:5005", "/neutral")
    second = server.create_app("http://127.0.0.1:5005", "/neutral")
    assert first.name != second.name
    paths = {route.path.strip("/") for route in first.router.routes}
    assert {"", "widget.js", "widget.css", "accessibility", "neutral", "healthz"} <= paths


def test_command_line() -> None:
    args = server.build_parser().parse_args(["--port", "9000", "--rasa-url", "http://127.0.0.1:5005",
                                             "--exit-url", "https://www.bbc.co.uk/weather", "--host", "127.0.0.1"])
    assert (args.port, args.host, args.test_hooks) == (9000, "127.0.0.1", False)
    assert server.main(["--rasa-url", "javascript:alert(1)"]) == 2
