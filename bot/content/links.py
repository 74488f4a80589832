"""Check that web addresses answer (`bot content check --online`). Never raises: a network failure
becomes a result that says what went wrong."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http import HTTPStatus
from typing import Callable, Dict, Iterable, Optional

import requests

USER_AGENT = "EssexCrimePreventionContentCheck/1.0 (link check of published advice)"
RETRY_STATUSES = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class LinkResult:
    url: str
    ok: bool
    status: Optional[int]
    detail: str  # plain words, e.g. "the site answered 404 (Not Found)"


def _status_words(status: int) -> str:
    try:
        return f"{status} ({HTTPStatus(status).phrase})"
    except ValueError:
        return str(status)


def _short_reason(exc: Exception) -> str:
    if isinstance(exc, requests.Timeout):
        return "no answer in time"
    if isinstance(exc, requests.exceptions.SSLError):
        return "its security certificate was not accepted"
    if isinstance(exc, requests.ConnectionError):
        return "could not connect; the site may be down or the address wrong"
    return type(exc).__name__


def check_url(
    url: str,
    session: requests.Session,
    timeout: float = 5.0,
    retries: int = 2,
    backoff: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> LinkResult:
    """HEAD first (cheap); some sites refuse HEAD, so any error status is asked again with GET.
    Timeouts, connection errors and 429/5xx answers are retried `retries` times with backoff."""
    headers = {"User-Agent": USER_AGENT}
    last = LinkResult(url, False, None, "not checked")
    for attempt in range(retries + 1):
        if attempt:
            sleep(backoff * (2 ** (attempt - 1)))
        try:
            with session.head(url, allow_redirects=True, timeout=timeout, headers=headers) as response:
                status = response.status_code
            if status >= 400:
                with session.get(url, allow_redirects=True, timeout=timeout, headers=headers, stream=True) as response:
                    status = response.status_code
            if status < 400:
                return LinkResult(url, True, status, f"answered {_status_words(status)}")
            last = LinkResult(url, False, status, f"the site answered {_status_words(status)}")
            if status not in RETRY_STATUSES:
                return last
        except requests.RequestException as exc:
            last = LinkResult(url, False, None, _short_reason(exc))
        except Exception as exc:  # a link check must never stop the command
            return LinkResult(url, False, None, f"could not be checked ({type(exc).__name__})")
    return last


def check_urls(
    urls: Iterable[str],
    session_factory: Callable[[], requests.Session] = requests.Session,
    timeout: float = 5.0,
    workers: int = 4,
    retries: int = 2,
    backoff: float = 0.5,
) -> Dict[str, LinkResult]:
    """Check each address once, a few at a time (polite to the sites, quick for the editor)."""
    unique = list(dict.fromkeys(urls))

    def one(url: str) -> LinkResult:
        try:
            with session_factory() as session:  # one session per check: requests sessions are not thread-safe
                return check_url(url, session, timeout=timeout, retries=retries, backoff=backoff)
        except Exception as exc:
            return LinkResult(url, False, None, f"could not be checked ({type(exc).__name__})")

    if not unique:
        return {}
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="link-check") as pool:
        return dict(zip(unique, pool.map(one, unique)))
