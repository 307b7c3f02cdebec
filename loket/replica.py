"""Reads of the monitor on a PostgreSQL read replica (ADR 0065).

With DATABASE_REPLICA_URL set, settings add a database alias `replica` and this router. Reads go
there ONLY inside an explicit scope that monitor and report code opens:

    @leest_van_replica          # a view method or a function
    def get(self, request): ...

    with leest_van_replica():   # or a block
        pdf, checksum = maak_pdf(rapport)

and only while all of these hold:
- the replica is healthy: reachable, in recovery (a standby), and at most
  DATABASE_REPLICA_MAX_ACHTERSTAND seconds behind. Checked at most every
  DATABASE_REPLICA_CONTROLE_S seconds per process, so a dead replica costs one short connect
  attempt per interval, not one per query;
- nothing was written in the scope yet (read your own writes) and the default connection is not
  inside a transaction (a transaction reads what it wrote; the replica has not seen it);
- the model is not one that must always be read fresh: sessions, users and logins, the access
  log, report jobs (their status is a work queue), the quarter closing (it fixes a report's
  peilmoment).
Writes always go to default. A scope whose replica fails mid-way (OperationalError) is run once
more on the primary, as long as it wrote nothing: reads are safe to repeat.
"""

import contextlib
import functools
import logging
import time
from collections.abc import Callable
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.db.models import Model

log = logging.getLogger(__name__)

REPLICA = "replica"
# Never read from the replica: what must be fresh, and what decides who may see what.
NOOIT_APPS = frozenset({"sessions", "auth", "axes", "otp_totp", "otp_static", "contenttypes"})
NOOIT_MODELLEN = frozenset(
    {
        "loket.User",
        "loket.Verwerking",  # the access log: written and read on default only
        "monitor.Kwartaalrapport",
        "financiering.Kwartaalafsluiting",
    }
)

# Lag of a standby, measured on the standby. Nothing received but not yet replayed means it is
# up to date, however long ago the last transaction was (an idle primary writes nothing, so
# "now() - last replay" alone would call an idle pair lagging). Otherwise the age of the last
# replayed commit: an upper bound of the real lag.
ACHTERSTAND_SQL = """
SELECT pg_is_in_recovery(),
       CASE
           WHEN NOT pg_is_in_recovery() THEN NULL
           WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
           ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
       END
"""


@dataclass
class _Scope:
    geschreven: bool = False  # a write was routed in this scope: read the primary from now on
    replica_gebruikt: bool = False  # a read was routed to the replica
    uitgeschakeld: bool = False  # the replica failed in this scope: primary only


_scope: ContextVar[_Scope | None] = ContextVar("leest_van_replica", default=None)


@dataclass
class _Toestand:
    gecontroleerd_op: float = -1e9  # time.monotonic() of the last check
    gezond: bool = False
    achterstand: float | None = None


_toestand = _Toestand()


def geconfigureerd() -> bool:
    return REPLICA in connections.settings


def meet_achterstand() -> tuple[bool, float | None]:
    """(in recovery, lag in seconds) read on the replica; raises DatabaseError if unreachable."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(ACHTERSTAND_SQL)
        in_herstel, achterstand = cursor.fetchone()
    return bool(in_herstel), None if achterstand is None else float(achterstand)


def replica_gezond(*, opnieuw: bool = False) -> bool:
    """Whether reads may go to the replica now; checked at most every DATABASE_REPLICA_CONTROLE_S."""
    if not geconfigureerd():
        return False
    nu = time.monotonic()
    if not opnieuw and nu - _toestand.gecontroleerd_op < settings.DATABASE_REPLICA_CONTROLE_S:
        return _toestand.gezond
    was_gezond = _toestand.gezond
    grens = settings.DATABASE_REPLICA_MAX_ACHTERSTAND
    try:
        in_herstel, achterstand = meet_achterstand()
    except DatabaseError as fout:
        _sluit_replica()
        gezond, achterstand, reden = False, None, f"onbereikbaar ({fout})".strip()
    else:
        if not in_herstel:
            gezond, reden = False, "geen standby (pg_is_in_recovery() is false)"
        elif achterstand is not None and achterstand > grens:
            gezond, reden = False, f"{achterstand:.1f} s achter (grens {grens:g} s)"
        else:
            gezond, reden = True, ""
    _toestand.gecontroleerd_op, _toestand.gezond, _toestand.achterstand = nu, gezond, achterstand
    if not gezond:
        # Every check while unhealthy logs: at most one line per interval per process.
        log.warning("Leesreplica niet gebruikt, lezen van de primaire database: %s", reden)
    elif not was_gezond:
        log.info("Leesreplica weer in gebruik (%.1f s achter)", achterstand or 0.0)
    return gezond


def markeer_ongezond(reden: str) -> None:
    """A query failed on the replica: trust it no more until the next check is due."""
    _toestand.gecontroleerd_op, _toestand.gezond = time.monotonic(), False
    _sluit_replica()
    log.warning("Leesreplica faalde, lezen van de primaire database: %s", reden)


def _sluit_replica() -> None:
    with contextlib.suppress(DatabaseError, InterfaceError):
        connections[REPLICA].close()


class Leesrouter:
    """DATABASE_ROUTERS entry: see the module docstring for when a read goes to the replica."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        # Explicitly default otherwise, also for the related objects of an instance that was
        # read on the replica (Django would follow the instance there).
        scope = _scope.get()
        if scope is None or scope.geschreven or scope.uitgeschakeld:
            return DEFAULT_DB_ALIAS
        meta = model._meta
        if meta.app_label in NOOIT_APPS or meta.label in NOOIT_MODELLEN:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block or not replica_gezond():
            return DEFAULT_DB_ALIAS
        scope.replica_gebruikt = True
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        scope = _scope.get()
        if scope is not None:
            scope.geschreven = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None  # a standby is read-only: it replays migrations


F = TypeVar("F", bound=Callable[..., Any])


class LeesVanReplica(contextlib.ContextDecorator):
    """Scope in which reads may go to the replica (use it through leest_van_replica). As a
    decorator a replica failure re-runs the function once on the primary (if it wrote nothing);
    as a `with` block the error propagates (a block cannot be repeated) and the replica is
    marked unhealthy, so a retry of the caller reads the primary."""

    def __init__(self) -> None:
        self._token: Token[_Scope | None] | None = None
        self.scope = _Scope()

    def _recreate_cm(self) -> "LeesVanReplica":
        return type(self)()  # one scope per call: the decorator is shared by every request

    def __enter__(self) -> _Scope:
        self._token = _scope.set(self.scope)
        return self.scope

    def __exit__(self, soort: object, fout: object, *_: object) -> None:
        if self._token is not None:
            _scope.reset(self._token)
            self._token = None
        if isinstance(fout, OperationalError | InterfaceError) and self.scope.replica_gebruikt:
            markeer_ongezond(f"{type(fout).__name__}: {fout}".strip())

    def __call__(self, func: F) -> F:
        @functools.wraps(func)
        def binnen(*args: Any, **kwargs: Any) -> Any:
            poging = self._recreate_cm()
            with poging as scope:
                try:
                    return func(*args, **kwargs)
                except (OperationalError, InterfaceError) as fout:
                    if not scope.replica_gebruikt or scope.geschreven:
                        raise
                    markeer_ongezond(f"{type(fout).__name__}: {fout}".strip())
            # Once more, on the primary: a fresh scope, switched off for this call.
            tweede = self._recreate_cm()
            tweede.scope.uitgeschakeld = True
            with tweede:
                return func(*args, **kwargs)

        return binnen  # type: ignore[return-value]


def leest_van_replica(func: F | None = None) -> Any:
    """`@leest_van_replica` (or `@leest_van_replica()`) on a view method or function, or
    `with leest_van_replica():` around a block: reads inside may go to the replica."""
    if func is not None:
        return LeesVanReplica()(func)
    return LeesVanReplica()


def status() -> dict[str, Any]:
    """For monitoring (health page, logs): configured, healthy, last measured lag."""
    if not geconfigureerd():
        return {"geconfigureerd": False}
    gezond = replica_gezond()
    return {
        "geconfigureerd": True,
        "gezond": gezond,
        "achterstand_s": _toestand.achterstand,
        "grens_s": settings.DATABASE_REPLICA_MAX_ACHTERSTAND,
    }
