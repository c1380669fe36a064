import ipaddress
import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import http_date
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.debug import ExceptionReporter
from django.views.defaults import page_not_found

from praxis.core.http import PraxisRequest

from .actor import Actor
from .throttling import DEFAULT_RETRY_AFTER

LOGIN_AT = "praxis_login_at"
LAST_SEEN = "praxis_last_seen"
# Rewriting the session on every request costs a write; a minute of precision is enough for a 30-minute timeout.
LAST_SEEN_PRECISION = 60
# Set by accounts at sign-in when a national e-ID vouched for an eIDAS "substantial" or "high" authentication
# (docs/eid-sign-in.md): that sign-in stands for the second factor a privileged role requires.
STRONG_SIGN_IN = "praxis_strong_sign_in"


class ActorMiddleware:
    """Builds the one `request.actor` that every rule receives."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: PraxisRequest) -> HttpResponse:
        # Not lazy: PrivilegedAccountMiddleware, next, reads it on every request (a proxy would cost each later read).
        request.actor = Actor(request.user)
        return self.get_response(request)


NEVER_CACHED = "max-age=0, no-cache, no-store, must-revalidate, private"


class PersonalResponseCacheMiddleware:
    """Nothing a signed-in member receives stays in a shared computer's cache: on a ward computer, the next person's
    back button must not show the previous one's pages. Responses to a signed-in request (also the one that signs in)
    get `Cache-Control: no-store` — or keep their own `no-cache`/`no-store` — and always `private`. Only a response
    that its view marked `public` (a public file, the same for everyone) is left as it is."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            directives = response.get("Cache-Control", "")
            if "public" in directives:  # the same bytes for everyone (a public logo), said so explicitly by the view
                return response
            if "no-store" not in directives and "no-cache" not in directives:
                if "Cache-Control" in response:
                    del response["Cache-Control"]
                if "Expires" not in response:
                    # What add_never_cache_headers and patch_cache_control write here, without parsing the header
                    # three times on every member's page (issue 22; a test keeps the two equal).
                    response.headers["Expires"] = http_date(time.time())
                    response.headers["Cache-Control"] = NEVER_CACHED
                    return response
                add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


class PlainErrorReporter(ExceptionReporter):
    """What a client not on this machine gets instead of Django's debug page: the ordinary error page."""

    def get_traceback_html(self) -> SafeString:
        return mark_safe(render_to_string("500.html"))  # noqa: S308 - our own template, rendered

    def get_traceback_text(self) -> SafeString:
        return SafeString("Server Error (500)")


class ErrorPagesMiddleware:
    """Error pages are the ordinary ones for everyone but the developer's own machine, and carry the CSP.

    With DEBUG on (development), Django answers errors with pages that show tracebacks, settings and every URL
    pattern. Those go to loopback clients only: a colleague on the network, or the internet if the server listens on
    0.0.0.0, gets the plain 404/500 pages as in production. The Content-Security-Policy is added to any response that
    missed it (an error raised above the CSP middleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp = ContentSecurityPolicyMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        hide_debug = settings.DEBUG and not _is_loopback(request.META.get("REMOTE_ADDR", ""))
        if hide_debug:
            request.exception_reporter_class = PlainErrorReporter
        response = self.get_response(request)
        if hide_debug and response.status_code == 404 and b"DEBUG = True" in getattr(response, "content", b""):
            response = page_not_found(request, Http404())
        if hide_debug and response.status_code >= 400:
            # Django exempts its debug pages from the CSP; what replaced them is an ordinary page.
            for exemption in ("_csp_config", "_csp_ro_config"):
                if getattr(response, exemption, None) == {}:
                    delattr(response, exemption)
        if "Content-Security-Policy" not in response:
            response = self.csp.process_response(request, response)
        return response


class RetryAfterMiddleware:
    """Every HTTP 429 says when to come back (`Retry-After`); answers that know it set it themselves."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 429 and "Retry-After" not in response:
            response["Retry-After"] = str(DEFAULT_RETRY_AFTER)
        return response


class PrivilegedAccountMiddleware:
    """Reviewers, moderators, institution admins and platform admins: a second factor is mandatory, and their
    sessions end after 30 minutes idle or 12 hours in all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def _exempt(self, path: str) -> bool:
        exempt = (
            reverse("mfa_index").rsplit("/", 2)[0] + "/",  # every MFA set-up page
            reverse("account_logout"),
            reverse("account_reauthenticate"),
            settings.STATIC_URL,
            "/i18n/",
            "/jsi18n/",
            "/healthz",
        )
        return path.startswith(exempt)

    def __call__(self, request: PraxisRequest) -> HttpResponse:
        actor: Actor = request.actor
        if not (actor.is_authenticated and actor.requires_mfa):
            return self.get_response(request)

        now = time.time()
        session = request.session
        login_at = session.setdefault(LOGIN_AT, now)
        last_seen = session.get(LAST_SEEN, now)
        idle = now - last_seen > settings.PRIVILEGED_IDLE_TIMEOUT_SECONDS
        too_old = now - login_at > settings.PRIVILEGED_ABSOLUTE_TIMEOUT_SECONDS
        if idle or too_old:
            logout(request)
            messages.info(request, _("Your session has expired. Please sign in again."))
            return redirect(f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}")
        if now - last_seen >= LAST_SEEN_PRECISION or LAST_SEEN not in session:
            session[LAST_SEEN] = now

        if not actor.has_mfa and not session.get(STRONG_SIGN_IN) and not self._exempt(request.path):
            messages.warning(
                request,
                _("Your role requires two-factor authentication. Set up an authenticator app or a security key "
                  "to continue."),
            )
            return redirect("mfa_index")
        return self.get_response(request)
