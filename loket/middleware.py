"""A 503 page instead of a 500 when PostgreSQL is unreachable (a restart, a failover, a network hiccup).

Django turns an exception into a response at the layer where it is raised, so a view's exception
reaches `process_exception`, but one raised in another middleware does not: the session is loaded
by the OTP and login middleware before the view and saved by SessionMiddleware after it. For
those, the `got_request_exception` signal marks the request and this middleware, which sits
outside SessionMiddleware, replaces the resulting 500 with the 503 page. Django's session
middleware reports any database error while saving as "session interrupted" (400); our subclass
below lets the database error through instead.

What the page says about a form the user sent follows the request's first database failure:
- before or in the view: nothing was written, because every write runs in one atomic service
  and an error inside it rolls it back;
- while committing (COMMIT sent, no answer) or after the view returned (saving the session): the
  transaction may have committed, so the page says the input may have been saved and asks to check
  before entering it again (an intake entered twice is caught by the intake form's duplicate check).
"""

import logging
import sys
import traceback
from dataclasses import dataclass

from django.contrib.sessions import middleware as sessies
from django.contrib.sessions.exceptions import SessionInterrupted
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("loket.database")

# Seconds a browser or client should wait before trying again; a PostgreSQL restart takes about that.
RETRY_AFTER = 5
STORING = "_loket_database_storing"
VIEW_BEGONNEN = "_loket_view_begonnen"

# SQLSTATEs that mean "the server is not there for us now": connection exceptions (class 08), the
# server shutting down or starting up (57P01-57P03), too many connections (53300). Other
# OperationalErrors (deadlock, statement timeout, lock not available) are real errors, not an outage.
ONBEREIKBAAR_SQLSTATES = {"57P01", "57P02", "57P03", "53300"}


def database_onbereikbaar(exc: BaseException) -> bool:
    """True for an error that means the database could not be reached or dropped the connection."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    # Django wraps the driver's exception; psycopg sets no SQLSTATE when the failure is on the
    # client side (connection refused, socket gone, server closed the connection unexpectedly).
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith("08") or sqlstate in ONBEREIKBAAR_SQLSTATES


def database_oorzaak(exc: BaseException | None) -> BaseException | None:
    """The unreachable-database error behind exc, following the chain of exceptions raised while
    handling another (SessionInterrupted <- UpdateError <- OperationalError)."""
    gezien = 0
    while exc is not None and gezien < 10:
        if database_onbereikbaar(exc):
            return exc
        exc = exc.__cause__ or exc.__context__
        gezien += 1
    return None


@dataclass
class Storing:
    fout: BaseException
    misschien_opgeslagen: bool


def misschien_opgeslagen(exc: BaseException, view_begonnen: bool) -> bool:
    """True when the request's writes may have been committed despite the error.

    The COMMIT itself failed: it was sent, but no answer came back. Or the error came after the
    view had returned: process_view, the view and its template all run inside
    BaseHandler._get_response, so an error after process_view began whose traceback does not pass
    through _get_response was raised on the way out (a middleware's response phase)."""
    in_get_response = False
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        module, functie = frame.f_globals.get("__name__"), frame.f_code.co_name
        if functie == "_commit" and module == "django.db.backends.base.base":
            return True
        if functie == "_get_response" and module == "django.core.handlers.base":
            in_get_response = True
    return view_begonnen and not in_get_response


def markeer(request, exc: BaseException) -> Storing:
    """Remember the request's first database failure: it tells whether the view got to write.
    Later ones follow from it (SessionMiddleware touches the session again on the way out)."""
    if getattr(request, STORING, None) is None:
        begonnen = getattr(request, VIEW_BEGONNEN, False)
        setattr(request, STORING, Storing(exc, misschien_opgeslagen(exc, begonnen)))
    return getattr(request, STORING)


@receiver(got_request_exception, dispatch_uid="loket.database_onbereikbaar")
def markeer_database_onbereikbaar(sender, request=None, **kwargs):
    """Called by Django inside its except block for every unhandled exception of a request."""
    exc = sys.exc_info()[1]
    if request is not None and exc is not None and database_onbereikbaar(exc):
        markeer(request, exc)


def antwoord_503(request, storing: Storing) -> HttpResponse:
    schrijvend = request.method not in ("GET", "HEAD", "OPTIONS")
    tekst = str(storing.fout).strip()
    logger.warning(
        "Database onbereikbaar: %s %s -> 503%s: %s",
        request.method,
        request.path,  # never the query string: search terms may contain names
        " (invoer mogelijk toch opgeslagen)" if schrijvend and storing.misschien_opgeslagen else "",
        tekst.splitlines()[0] if tekst else type(storing.fout).__name__,
    )
    # Rendered without the request: context processors would query the database again.
    inhoud = render_to_string(
        "503.html",
        {"schrijvend": schrijvend, "misschien_opgeslagen": storing.misschien_opgeslagen},
    )
    response = HttpResponse(inhoud, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    add_never_cache_headers(response)
    return response


class DatabaseOnbereikbaarMiddleware:
    """Place it outside SessionMiddleware (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        storing = getattr(request, STORING, None)
        if storing is not None and response.status_code == 500:
            return antwoord_503(request, storing)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # The first process_view to run: every middleware's request phase has passed.
        setattr(request, VIEW_BEGONNEN, True)

    def process_exception(self, request, exception):
        """A view's own database error: answered here, so Django does not log it as a 500."""
        if database_onbereikbaar(exception):
            return antwoord_503(request, markeer(request, exception))
        return None


class SessionMiddleware(sessies.SessionMiddleware):
    """Django's, except for one case: SessionStore.save turns every database error into UpdateError
    and the middleware that into SessionInterrupted, a 400 "Bad Request" page. When the cause is
    that the database is away, raise that cause, so the user gets the 503 page, which says that a
    form just sent may have been saved (the session is saved after the view)."""

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except SessionInterrupted as onderbroken:
            oorzaak = database_oorzaak(onderbroken)
            if oorzaak is None:
                raise
            # Keep the driver's error as the cause: its SQLSTATE says what happened.
            raise oorzaak from oorzaak.__cause__
