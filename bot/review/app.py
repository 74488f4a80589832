"""The reviewer dashboard (Sanic 21.12): what residents asked the assistant and what it answered.

- Every page needs a signed-in reviewer (else: redirect to /login). Sessions are server-side
  (`review_sessions` in the product database); the cookie holds a random token and is HttpOnly,
  SameSite=Strict, and Secure unless the client is on this machine (or always, with
  `review_secure_cookies`). Sessions end after `review_session_minutes` idle (default 30) or 12 hours.
- Every POST form carries a CSRF token: the session's own token once signed in; on the sign-in
  form, a random token that must match a SameSite=Strict cookie (double submit). Missing or
  wrong -> 403.
- 5 wrong passwords in a row lock an account for 15 minutes (audited: login_failed, locked); one
  client address gets `review_failures_per_address` wrong sign-ins per `review_throttle_minutes`,
  then 429 (bot/review/throttle.py).
- Roles: reviewers see conversations, charts and flagged messages; admins also the audit trail.
- Views and exports are audited (who, what, when).
- Strict Content-Security-Policy (scripts, styles, images only from this origin; no inline
  scripts), X-Frame-Options DENY, Referrer-Policy no-referrer, Cache-Control no-store on every
  response.
"""
from __future__ import annotations

import asyncio
import csv
import hmac
import io
import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import quote, unquote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Sanic, response
from sanic.exceptions import MethodNotSupported, NotFound, SanicException
from sanic.request import Request

from bot.http_guard import is_loopback
from bot.review.throttle import AddressThrottle, client_address
from bot.review.conversations import LOCAL_TZ, SEARCH_MAX_CHARS, ConversationFilters, ConversationReader

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
TEMPLATES_DIR = HERE / "templates"

SESSION_COOKIE = "review_session"
LOGIN_CSRF_COOKIE = "review_login_csrf"
MAX_SESSION_HOURS = 12.0
PER_PAGE = 50
AUDIT_PER_PAGE = 100
WEEK_CHOICES = (4, 8, 12, 26, 52)
FLAG_OPTIONS = (
    ("emergency", "Emergency (999 message or safety net)"),
    ("fallback", "Fallback (low confidence or did-you-mean)"),
    ("hand_off", "Hand-off to a person asked for"),
    ("negative", "Not helpful feedback"),
    ("unreviewed", "Not yet reviewed"),
)

SECURITY_HEADERS = {
    "Content-Security-Policy": "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


@dataclass(frozen=True)
class ReviewConfig:
    """The dashboard's options, from the settings object (defaults until the settings exist)."""

    secure_cookies: bool = False
    session_minutes: float = 30.0
    max_session_hours: float = MAX_SESSION_HOURS

    @classmethod
    def from_settings(cls, settings: Any) -> "ReviewConfig":
        return cls(
            secure_cookies=bool(getattr(settings, "review_secure_cookies", False)),
            session_minutes=float(getattr(settings, "review_session_minutes", 30.0) or 30.0),
        )


# ---------------------------------------------------------------------------- helpers
async def blocking(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run database work and password hashing off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(None, partial(fn, *args, **kwargs))


def safe_next(value: Optional[str]) -> str:
    """Only a path on this site (no scheme, no //host, no backslashes) may be a redirect target."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value \
            and not any(ord(ch) < 32 for ch in value):
        return value
    return "/conversations"


def short_id(value: str) -> str:
    return value if len(value) <= 24 else value[:21] + "…"


def when(value: Optional[datetime], seconds: bool = False) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    local = value.astimezone(LOCAL_TZ)
    return local.strftime("%-d %b %Y %H:%M:%S" if seconds else "%-d %b %Y %H:%M")


def percent(value: Optional[float]) -> str:
    return "" if value is None else f"{value * 100:.0f}%"


def page_items(page: int, pages: int) -> List[Optional[int]]:
    """Page numbers to show, with None for a gap: 1 … 4 5 6 … 20."""
    wanted = {1, pages, page - 1, page, page + 1}
    shown: List[Optional[int]] = []
    for number in range(1, pages + 1):
        if number in wanted:
            shown.append(number)
        elif shown and shown[-1] is not None:
            shown.append(None)
    return shown


def template_environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(short_id=short_id, when=when, percent=percent, pathq=lambda v: quote(str(v), safe=""))
    env.globals["page_items"] = page_items
    return env


def parse_filters(args: Any) -> Tuple[ConversationFilters, Dict[str, str], Dict[str, str]]:
    """Filters from the query string -> (filters, form values to show again, errors by field)."""
    form: Dict[str, str] = {}
    errors: Dict[str, str] = {}
    for key in ("from", "to", "strand", "q") + tuple(name for name, _ in FLAG_OPTIONS):
        value = (args.get(key) or "").strip()
        if value:
            form[key] = value
    dates: Dict[str, Optional[date]] = {"from": None, "to": None}
    for key, label in (("from", "Active from"), ("to", "Active to")):
        if key in form:
            try:
                dates[key] = date.fromisoformat(form[key])
            except ValueError:
                errors[key] = f"{label} must be a real date, like 2026-11-01"
    if dates["from"] and dates["to"] and dates["to"] < dates["from"]:
        errors["to"] = "Active to must be the same as or after active from"
    if len(form.get("q", "")) > SEARCH_MAX_CHARS:
        errors["q"] = f"Words in the messages must be {SEARCH_MAX_CHARS} characters or fewer"
    filters = ConversationFilters(
        date_from=None if "from" in errors else dates["from"],
        date_to=None if "to" in errors else dates["to"],
        strand=form.get("strand") or None,
        emergency="emergency" in form,
        fallback="fallback" in form,
        hand_off="hand_off" in form,
        negative_feedback="negative" in form,
        not_reviewed="unreviewed" in form,
        search=form.get("q", "")[:SEARCH_MAX_CHARS],
    )
    return filters, form, errors


def csv_cell(value: Any) -> str:
    """Text for a spreadsheet cell; formulas are neutralised (CSV injection)."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def conversations_csv(rows: Any, strand_title: Callable[[str], str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["conversation_id", "started", "last_message", "resident_messages", "strands", "emergency",
                     "fallback", "hand_off", "not_helpful_feedback", "reviewed"])
    for c in rows:
        writer.writerow([csv_cell(c.sender_id), c.first_at.isoformat(timespec="seconds"),
                         c.last_at.isoformat(timespec="seconds"), c.turns, csv_cell("; ".join(strand_title(s) for s in c.strands)),
                         *("yes" if flag else "no" for flag in (c.emergency, c.fallback, c.hand_off, c.negative_feedback, c.reviewed))])
    return out.getvalue()


# ---------------------------------------------------------------------------- the app
def create_app(settings: Any, *, name: Optional[str] = None) -> Sanic:
    from bot.db import make_engine
    from bot.review import accounts, insights, reviews
    from bot.review.charts import RED, bar_chart, nice_max, paired_bars
    from bot.review.tracker import tracker_engine
    from bot.strands import STRAND_IDS, strand_map

    config = ReviewConfig.from_settings(settings)
    strands = strand_map(settings.strands_file)
    product = make_engine(settings.content_db_url)
    tracker = tracker_engine(settings.tracker_db_url, timeout_seconds=float(getattr(settings, "db_timeout_seconds", 3.0)))
    reader = ConversationReader(tracker, settings.tracker_db_url, product, strands)
    env = template_environment()

    def strand_title(strand: Optional[str]) -> str:
        return strands.titles.get(strand or "", strand or "")

    env.globals["strand_title"] = strand_title
    strand_options = [(s, strands.titles[s]) for s in STRAND_IDS]
    intent_options = sorted(i for i in strands.intent_to_label if i != "nlu_fallback")

    app = Sanic(name or f"essex_review_{uuid.uuid4().hex[:12]}")
    app.config.ACCESS_LOG = False
    app.config.REQUEST_MAX_SIZE = int(getattr(settings, "review_max_body_bytes", 1024 * 1024))
    # Behind the proxy (deploy/nginx.conf sets X-Forwarded-For to the client's address): one hop.
    app.config.PROXIES_COUNT = 1
    throttle = AddressThrottle(int(getattr(settings, "review_failures_per_address", 20)),
                               60 * float(getattr(settings, "review_throttle_minutes", 15.0)))
    app.ctx.product = product
    app.ctx.tracker = tracker
    app.ctx.reader = reader

    # -------------------------------------------------------- rendering
    def nav_items(user: Any) -> List[Tuple[str, str, str]]:
        items = [("/conversations", "Conversations", "conversations"), ("/flagged", "Flagged messages", "flagged"),
                 ("/insights", "Charts", "insights")]
        if user is not None and user.is_admin:
            items.append(("/audit", "Audit trail", "audit"))
        return items

    def render(request: Request, template: str, status: int = 200, **context: Any) -> Any:
        session = getattr(request.ctx, "session", None)
        user = session.reviewer if session else None
        context.setdefault("errors", {})
        body = env.get_template(template).render(
            user=user, csrf_token=session.csrf_token if session else "", nav_items=nav_items(user), **context)
        return response.html(body, status=status)

    def error_page(request: Request, status: int, heading: str, message: str) -> Any:
        return render(request, "error.html", status=status, heading=heading, message=message, section=None)

    def set_cookie(request: Request, resp: Any, name_: str, value: str, *, path: str = "/",
                   max_age: Optional[int] = None) -> None:
        resp.cookies[name_] = value
        cookie = resp.cookies[name_]
        cookie["path"] = path
        cookie["httponly"] = True
        cookie["samesite"] = "Strict"
        # Secure for every client not on this machine (through the proxy): a session cookie must
        # never travel over plain http across a network.
        cookie["secure"] = config.secure_cookies or not is_loopback(client_address(request))
        if max_age is not None:
            cookie["max-age"] = max_age

    def clear_cookie(request: Request, resp: Any, name_: str, *, path: str = "/") -> None:
        set_cookie(request, resp, name_, "", path=path, max_age=0)

    def actor(request: Request) -> str:
        return request.ctx.session.reviewer.username

    # -------------------------------------------------------- middleware
    @app.middleware("request")
    async def authenticate(request: Request) -> Any:
        request.ctx.session = None
        request.ctx.session_reason = None
        path = request.path
        if path.startswith("/static/") or path in ("/healthz", "/favicon.ico"):
            return None
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            info, reason = await blocking(accounts.load_session, product, token, idle_minutes=config.session_minutes,
                                          max_hours=config.max_session_hours)
            request.ctx.session, request.ctx.session_reason = info, reason
        if path == "/login":
            return None  # the sign-in form has its own CSRF check
        if request.ctx.session is None:
            target = path + (f"?{request.query_string}" if request.query_string else "")
            query = {"next": target} if request.method in ("GET", "HEAD") and path not in ("/", "/logout") else {}
            if request.ctx.session_reason == "expired":
                query["expired"] = "1"
            resp = response.redirect("/login" + (f"?{urlencode(query)}" if query else ""), status=303)
            if token:
                clear_cookie(request, resp, SESSION_COOKIE)
            return resp
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            sent = (request.form or {}).get("csrf_token") if request.form is not None else None
            if not sent or not hmac.compare_digest(str(sent).encode(), request.ctx.session.csrf_token.encode()):
                return error_page(request, 403, "This form has expired",
                                  "The form was missing its security token or it did not match. Go back, reload the page and try again.")
        return None

    @app.middleware("response")
    async def security_headers(request: Request, resp: Any) -> None:
        for key, value in SECURITY_HEADERS.items():
            resp.headers[key] = value

    # -------------------------------------------------------- errors
    @app.exception(NotFound)
    async def not_found(request: Request, exc: Exception) -> Any:
        if not hasattr(request.ctx, "session"):
            request.ctx.session = None
        return error_page(request, 404, "Page not found", "There is nothing at this address.")

    @app.exception(MethodNotSupported)
    async def not_allowed(request: Request, exc: Exception) -> Any:
        if not hasattr(request.ctx, "session"):
            request.ctx.session = None
        return error_page(request, 405, "Not allowed", "That page cannot be used like this.")

    @app.exception(SanicException)
    async def other_error(request: Request, exc: SanicException) -> Any:
        if not hasattr(request.ctx, "session"):
            request.ctx.session = None
        status = getattr(exc, "status_code", 500) or 500
        return error_page(request, status, "Sorry, there is a problem", "The request could not be handled.")

    @app.exception(Exception)
    async def crashed(request: Request, exc: Exception) -> Any:
        if not hasattr(request.ctx, "session"):
            request.ctx.session = None
        import logging

        logging.getLogger(__name__).exception("review dashboard error")
        return error_page(request, 500, "Sorry, there is a problem with the service", "Try again later.")

    # -------------------------------------------------------- public routes
    @app.route("/healthz", methods=["GET", "HEAD"], name="healthz")
    async def healthz(request: Request) -> Any:
        return response.text("ok")

    @app.route("/favicon.ico", methods=["GET", "HEAD"], name="favicon")
    async def favicon(request: Request) -> Any:
        return response.empty(status=204)

    app.static("/static", str(STATIC_DIR), name="static")

    def login_page(request: Request, status: int = 200, **context: Any) -> Any:
        token = secrets.token_urlsafe(32)
        next_path = request.args.get("next")
        notice = None
        if request.args.get("expired"):
            notice = f"You were signed out because you had not done anything for {config.session_minutes:g} minutes."
        elif request.args.get("signed_out"):
            notice = "You have signed out."
        resp = render(request, "login.html", status=status, login_csrf=token, section=None,
                      next_path=safe_next(next_path) if next_path else None, notice=notice, **context)
        set_cookie(request, resp, LOGIN_CSRF_COOKIE, token, path="/login", max_age=3600)
        return resp

    @app.get("/login", name="login_form")
    async def login_form(request: Request) -> Any:
        if request.ctx.session is not None:
            return response.redirect(safe_next(request.args.get("next")), status=303)
        return login_page(request)

    @app.post("/login", name="login")
    async def login(request: Request) -> Any:
        form = request.form or {}
        sent = form.get("csrf_token") or ""
        expected = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
        if not sent or not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
            return error_page(request, 403, "This form has expired",
                              "The sign-in form was missing its security token. Go back, reload the page and try again.")
        username = (form.get("username") or "").strip()
        password = form.get("password") or ""
        errors: Dict[str, str] = {}
        if not username:
            errors["username"] = "Enter your username"
        if not password:
            errors["password"] = "Enter your password"
        if errors:
            return login_page(request, 400, errors=errors, username=username)
        address = client_address(request)
        wait = throttle.retry_after(address)
        if wait:
            resp = login_page(request, 429, errors={"username": "Too many wrong sign-ins from your network. "
                                                                 f"Try again in {wait // 60 + 1} minutes."},
                              username=username)
            resp.headers["Retry-After"] = str(wait)
            return resp
        result = await blocking(accounts.authenticate, product, username, password, source=address)
        if not result.ok:
            if result.reason in ("bad_credentials", "locked"):
                throttle.failed(address)
            message = "The username or password is not right, or the account is locked or disabled"
            return login_page(request, 401, errors={"username": message}, username=username)
        if request.ctx.session is not None:  # never reuse a session across sign-ins
            await blocking(accounts.end_session, product, request.cookies.get(SESSION_COOKIE) or "")
        token = await blocking(accounts.create_session, product, result.reviewer.id)
        await blocking(accounts.remove_stale_sessions, product, idle_minutes=config.session_minutes,
                       max_hours=config.max_session_hours)
        resp = response.redirect(safe_next(request.args.get("next")), status=303)
        set_cookie(request, resp, SESSION_COOKIE, token)
        clear_cookie(request, resp, LOGIN_CSRF_COOKIE, path="/login")
        return resp

    # -------------------------------------------------------- signed-in routes
    @app.post("/logout", name="logout")
    async def logout(request: Request) -> Any:
        await blocking(accounts.end_session, product, request.cookies.get(SESSION_COOKIE) or "")
        await blocking(accounts.record, product, actor(request), "logout")
        resp = response.redirect("/login?signed_out=1", status=303)
        clear_cookie(request, resp, SESSION_COOKIE)
        return resp

    @app.get("/", name="home")
    async def home(request: Request) -> Any:
        return response.redirect("/conversations", status=303)

    def list_link(form: Dict[str, str], page: Optional[int] = None, base: str = "/conversations") -> str:
        query = dict(form)
        if page and page > 1:
            query["page"] = str(page)
        return base + (f"?{urlencode(query)}" if query else "")

    def _page_number(request: Request) -> int:
        try:
            return max(1, min(int(request.args.get("page") or 1), 100000))
        except ValueError:
            return 1

    @app.get("/conversations", name="conversations")
    async def conversations(request: Request) -> Any:
        filters, form, errors = parse_filters(request.args)
        if filters.strand and filters.strand not in STRAND_IDS:
            errors["strand"] = "Choose a strand from the list"
            filters = replace(filters, strand=None)
        listing = await blocking(reader.list, filters, _page_number(request), PER_PAGE)
        return render(request, "conversations.html", status=400 if errors else 200, section="conversations",
                      listing=listing, form=form, errors=errors, filtered=bool(form),
                      strand_options=strand_options, flag_options=FLAG_OPTIONS,
                      page_link=lambda n: list_link(form, n), csv_link=list_link(form, base="/conversations.csv"))

    @app.get("/conversations.csv", name="conversations_csv")
    async def conversations_export(request: Request) -> Any:
        filters, form, errors = parse_filters(request.args)
        if errors or (filters.strand and filters.strand not in STRAND_IDS):
            return error_page(request, 400, "The filters are not right", "Go back to the list and correct the filters.")

        def build() -> Tuple[str, int]:
            rows = list(reader.iter_all(filters))
            return conversations_csv(rows, strand_title), len(rows)

        body, count = await blocking(build)
        await blocking(accounts.record, product, actor(request), "export_csv", "conversations",
                       f"{count} conversation(s); {filters.describe()}")
        stamp = datetime.now(LOCAL_TZ).strftime("%Y%m%d-%H%M")
        return response.text(body, content_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="conversations-{stamp}.csv"'})

    async def conversation_page(request: Request, sender_id: str, *, status: int = 200, errors: Optional[Dict[str, str]] = None,
                                note: str = "") -> Any:
        detail = await blocking(reader.detail, sender_id)
        if detail is None:
            return error_page(request, 404, "Conversation not found",
                              "There is no conversation with this id (it may have been deleted after the retention period).")
        await blocking(accounts.record, product, actor(request), "view", sender_id)
        banner = {"reviewed": "You marked this conversation as reviewed.",
                  "flagged": "The message was flagged as training data needed."}.get(request.args.get("done") or "")
        return render(request, "conversation.html", status=status, section="conversations", c=detail.summary,
                      detail=detail, intent_options=intent_options, errors=errors or {}, note=note,
                      banner=None if errors else banner)

    @app.get("/conversations/<sender_id:str>", name="conversation")
    async def conversation(request: Request, sender_id: str) -> Any:
        return await conversation_page(request, unquote(sender_id))

    @app.post("/conversations/<sender_id:str>/review", name="mark_reviewed")
    async def mark_reviewed(request: Request, sender_id: str) -> Any:
        sender_id = unquote(sender_id)
        note = (request.form or {}).get("note") or ""
        if len(note.strip()) > reviews.NOTE_LIMIT:
            return await conversation_page(request, sender_id, status=400, note=note,
                                           errors={"note": f"The note must be {reviews.NOTE_LIMIT} characters or fewer"})
        if not await blocking(reader.exists, sender_id):
            return error_page(request, 404, "Conversation not found", "There is no conversation with this id.")
        await blocking(reviews.mark_reviewed, product, sender_id, actor(request), note)
        return response.redirect(f"/conversations/{quote(sender_id, safe='')}?done=reviewed#review", status=303)

    @app.post("/conversations/<sender_id:str>/flag", name="flag_turn")
    async def flag(request: Request, sender_id: str) -> Any:
        sender_id = unquote(sender_id)
        form = request.form or {}
        intent = (form.get("intent") or "").strip() or None
        try:
            event_id = int(form.get("event_id") or "")
        except ValueError:
            return error_page(request, 400, "That message cannot be flagged", "Go back and try again.")
        if intent is not None and intent not in intent_options:
            return error_page(request, 400, "Choose an intent from the list", "Go back and choose an intent from the list.")
        turn = await blocking(reader.user_event, sender_id, event_id)
        if turn is None:
            return error_page(request, 404, "Message not found", "That message is not part of this conversation.")
        await blocking(reviews.flag_turn, product, sender_id, event_id, turn.user_text or "", turn.intent, intent,
                       actor(request))
        return response.redirect(f"/conversations/{quote(sender_id, safe='')}?done=flagged#event-{event_id}", status=303)

    @app.get("/flagged", name="flagged")
    async def flagged(request: Request) -> Any:
        flags = await blocking(reviews.flagged_turns, product)
        await blocking(accounts.record, product, actor(request), "view", "flagged messages", f"{len(flags)} flagged message(s)")
        return render(request, "flagged.html", section="flagged", flags=flags)

    @app.get("/flagged.yml", name="flagged_yml")
    async def flagged_export(request: Request) -> Any:
        flags = await blocking(reviews.flagged_turns, product)
        body = reviews.nlu_yaml(flags)
        await blocking(accounts.record, product, actor(request), "export_nlu", "flagged_turns", f"{len(flags)} flagged message(s)")
        stamp = datetime.now(LOCAL_TZ).strftime("%Y%m%d-%H%M")
        return response.text(body, content_type="application/yaml; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="flagged-nlu-{stamp}.yml"'})

    @app.get("/flagged-questions.yml", name="flagged_questions_yml")
    async def flagged_questions_export(request: Request) -> Any:
        flags = await blocking(reviews.flagged_turns, product)
        shown = await blocking(reader.content_by_turn, [f.conversation_id for f in flags])
        body = reviews.question_suggestions_yaml(flags, shown)
        await blocking(accounts.record, product, actor(request), "export_questions", "flagged_turns", f"{len(flags)} flagged message(s)")
        stamp = datetime.now(LOCAL_TZ).strftime("%Y%m%d-%H%M")
        return response.text(body, content_type="application/yaml; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="flagged-questions-{stamp}.yml"'})

    @app.get("/insights", name="insights")
    async def insights_page(request: Request) -> Any:
        try:
            weeks = int(request.args.get("weeks") or 12)
        except ValueError:
            weeks = 12
        weeks = weeks if weeks in WEEK_CHOICES else 12
        data = await blocking(insights.weekly_insights, reader, product, weeks=weeks)
        labels = [d.strftime("%-d %b") for d in data.weeks]
        every = 1 if weeks <= 12 else (2 if weeks <= 26 else 4)
        period = f"the {weeks} weeks from {data.weeks[0]:%-d %B %Y}"
        strand_top = nice_max(max([max(v) for v in data.per_strand.values()] + [0]))
        strand_charts = []
        for strand in STRAND_IDS:
            values = data.per_strand[strand]
            title = strands.titles[strand]
            svg = bar_chart(f"chart-strand-{strand}", f"{title}: conversations per week",
                            f"{sum(values)} conversations about {title.lower()} in {period}; the most in one week was {max(values)}.",
                            labels, values, max_value=strand_top, width=320, height=150, show_values=weeks <= 12,
                            label_every=max(every, 2 if weeks > 4 else 1), small=True)
            strand_charts.append((strand, title, svg, sum(values)))
        rates = data.fallback_rate
        known = [r for r in rates if r is not None]
        fallback_svg = bar_chart(
            "chart-fallback", "Fallback rate per week",
            (f"Share of resident messages with low confidence in {period}: from {min(known) * 100:.0f}% to {max(known) * 100:.0f}% "
             f"in weeks with messages." if known else f"No resident messages in {period}."),
            labels, [None if r is None else r for r in rates], fmt=lambda v: f"{v * 100:.0f}%",
            max_value=nice_max(max(known + [0.0]), whole=False) if known else 1.0, label_every=every, show_values=weeks <= 12)
        emergency_svg = bar_chart(
            "chart-emergency", "Emergency triggers per week",
            f"The 999 message was shown {sum(data.emergency_messages)} times in {period}; the most in one week was "
            f"{max(data.emergency_messages)}.", labels, data.emergency_messages, colour=RED, label_every=every,
            show_values=weeks <= 12)
        feedback_svg = paired_bars(
            "chart-feedback", "Helpful or not, per content item",
            f"Answers to 'Was this helpful?' for {len(data.feedback)} content items in {period}.", data.feedback)
        return render(request, "insights.html", section="insights", data=data, weeks=weeks, week_choices=WEEK_CHOICES,
                      week_labels=labels, strand_charts=strand_charts, fallback_svg=fallback_svg,
                      emergency_svg=emergency_svg, feedback_svg=feedback_svg)

    @app.get("/audit", name="audit")
    async def audit_page(request: Request) -> Any:
        if not request.ctx.session.reviewer.is_admin:
            return error_page(request, 403, "You cannot see this page", "Only administrators can see the audit trail.")
        action = (request.args.get("action") or "").strip()[:40]
        who = (request.args.get("actor") or "").strip()[:100]
        page = _page_number(request)
        entries, total = await blocking(accounts.audit_entries, product, action=action or None, actor=who or None,
                                        offset=(page - 1) * AUDIT_PER_PAGE, limit=AUDIT_PER_PAGE)
        actions = await blocking(accounts.audit_actions, product)
        pages = max(1, -(-total // AUDIT_PER_PAGE))
        query = {k: v for k, v in (("action", action), ("actor", who)) if v}
        return render(request, "audit.html", section="audit", entries=entries, total=total, actions=actions,
                      action=action, actor=who, page=min(page, pages), pages=pages,
                      page_link=lambda n: "/audit?" + urlencode({**query, "page": n}))

    return app

