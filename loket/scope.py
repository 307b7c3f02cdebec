"""Tenancy below the views: a query on a loket's data must say which loket(s) it is about.

Every model holding a loket's data derives from `LoketGebonden`. Its default manager's querysets
refuse to be evaluated (OngescoptFout) until they are scoped:

    Klant.objects.voor_loket(loket)                    # a desk's own pages, tasks, selectors
    Klant.objects.voor_loket(loket, doelgroep="jong")  # ... with the filter() arguments added
    Klant.objects.voor_loketten(loketten)              # regional / national aggregates
    Klant.objects.alle_loketten(reden="bewaartermijn") # system jobs: beat, retention, bench

A forgotten scope fails loudly (in the tests, not as a leak in production). Querysets reached
from an object (`klant.intakes.all()`, prefetches) are scoped by that object. Django's
`_base_manager` stays a plain manager, so foreign-key access, `refresh_from_db`, saves and the
delete collector work unchanged. See docs/adr/0035-loketscope-in-de-orm.md.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from types import FrameType
from typing import Any, Self, cast

import django
from django.conf import settings
from django.db import models


class OngescoptFout(RuntimeError):
    """A query on a loket's data that does not say which loket(s) it is about."""


# Set only around Django internals that query the default manager themselves (unique checks)
# and the installation's admin; never a substitute for scoping a query.
_open_scope: ContextVar[str | None] = ContextVar("loket_open_scope", default=None)


@contextmanager
def zonder_loketscope(reden: str):
    if not reden.strip():
        raise ValueError("Geef de reden op.")
    token = _open_scope.set(reden)
    try:
        yield
    finally:
        _open_scope.reset(token)


# Tests proving the rule switch off the allowance for a test's own code (below).
_strikt: ContextVar[bool] = ContextVar("loket_scope_strikt", default=False)


@contextmanager
def strikte_loketscope():
    """Within this block even a test's own queries need a scope, as application code always does."""
    token = _strikt.set(True)
    try:
        yield
    finally:
        _strikt.reset(token)


_PROJECT = str(Path(settings.BASE_DIR)) + os.sep
_TESTS = str(Path(settings.BASE_DIR, "tests")) + os.sep
# Installed code (Django, pytest, factory_boy; the virtualenv may live inside the project).
_GEINSTALLEERD = tuple({sys.prefix, sys.base_prefix, str(Path(django.__path__[0]).parent)})


def _vanuit_testcode() -> bool:
    """True when only a test's own code asks (set-up, assertions in tests/): a test may count
    every row of a table. As soon as application code is on the stack, the scope is required."""
    in_test = False
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        bestand = frame.f_code.co_filename
        if bestand == __file__ or bestand.startswith(_GEINSTALLEERD):
            pass
        elif bestand.startswith(_TESTS):
            in_test = True
        elif bestand.startswith(_PROJECT):
            return False
        frame = frame.f_back
    return in_test


class LoketQuerySet(models.QuerySet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._loketscope: str | None = None

    def _clone(self):
        kloon = super()._clone()
        kloon._loketscope = self._loketscope
        return kloon

    def _met_scope(self, scope: str) -> Self:
        kloon = self.all()  # QuerySet.all() is the (private) _chain()
        kloon._loketscope = scope
        return kloon

    @property
    def _pad(self) -> str:
        return cast("type[LoketGebonden]", self.model).loket_pad

    def voor_loket(self, loket: Any, *args: Any, **lookups: Any) -> Self:
        """Only `loket`'s rows (a Loket or its pk); further arguments filter as `filter()` does.
        None is an error, not 'everything'."""
        if loket is None:
            raise OngescoptFout(
                f"{self.model.__name__}: voor_loket(None); de gebruiker heeft geen loket."
            )
        return self.filter(*args, **{self._pad: loket}, **lookups)._met_scope("loket")

    def voor_loketten(self, loketten: Any) -> Self:
        """Rows of several loketten (a region's or the programme's aggregates)."""
        if loketten is None:
            raise OngescoptFout(f"{self.model.__name__}: voor_loketten(None).")
        return self.filter(**{f"{self._pad}__in": loketten})._met_scope("loketten")

    def alle_loketten(self, *, reden: str) -> Self:
        """Every loket, on purpose: system jobs (beat, retention, bench, migrations, admin)."""
        if not reden or not reden.strip():
            raise ValueError("alle_loketten() vraagt een reden.")
        return self._met_scope(f"alle loketten: {reden}")

    def none(self) -> Self:
        return super().none()._met_scope("leeg")

    def _controleer_scope(self):
        if (
            self._loketscope is None
            and self._hints.get("instance") is None
            and _open_scope.get() is None
            and (_strikt.get() or not _vanuit_testcode())
        ):
            raise OngescoptFout(
                f"Query op {self.model.__name__} zonder loket: gebruik "
                f"{self.model.__name__}.objects.voor_loket(loket), .voor_loketten(...) of "
                ".alle_loketten(reden=...)."
            )

    # Every way a queryset reaches the database.
    def _fetch_all(self):
        if self._result_cache is None:
            self._controleer_scope()
        super()._fetch_all()

    def iterator(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        self._controleer_scope()
        return super().iterator(*args, **kwargs)

    def count(self) -> int:
        if self._result_cache is None:
            self._controleer_scope()
        return super().count()

    def exists(self) -> bool:
        if self._result_cache is None:
            self._controleer_scope()
        return super().exists()

    def contains(self, obj: Any) -> bool:
        self._controleer_scope()
        return super().contains(obj)

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._controleer_scope()
        return super().aggregate(*args, **kwargs)

    def in_bulk(self, *args: Any, **kwargs: Any) -> Any:
        self._controleer_scope()
        return super().in_bulk(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._controleer_scope()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._controleer_scope()
        return super().delete()

    def explain(self, **kwargs: Any) -> str:
        self._controleer_scope()
        return super().explain(**kwargs)

    def _combinator_query(self, combinator, *other_qs, all=False):
        # union()/intersection()/difference(): every part needs its own scope.
        for ander in other_qs:
            if isinstance(ander, LoketQuerySet):
                ander._controleer_scope()
        return super()._combinator_query(combinator, *other_qs, all=all)

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        # The objects in hand say which rows change; they were fetched through a scope.
        return super(LoketQuerySet, self._met_scope("opgehaalde objecten")).bulk_update(
            objs, fields, batch_size
        )


_LoketManagerBasis = models.Manager.from_queryset(LoketQuerySet)


class LoketManager(_LoketManagerBasis):
    pass


class LoketGebonden(models.Model):
    """Base of every model holding a loket's data. `loket_pad` is the lookup from the model to its
    loket ("loket", or e.g. "begroting__loket" for rows reached through one)."""

    loket_pad = "loket"

    objects = LoketManager()

    class Meta:
        abstract = True

    # Django's own uniqueness checks query the default manager; a duplicate is a duplicate in
    # whatever loket it lives (the database's constraint says the same).
    def _perform_unique_checks(self, unique_checks):
        with zonder_loketscope("uniciteitscontrole"):
            return super()._perform_unique_checks(unique_checks)

    def _perform_date_checks(self, date_checks):
        with zonder_loketscope("uniciteitscontrole"):
            return super()._perform_date_checks(date_checks)

    def validate_constraints(self, exclude=None):
        with zonder_loketscope("uniciteitscontrole"):
            return super().validate_constraints(exclude=exclude)


class AdminZonderLoketscope:
    """Middleware: the Django admin belongs to the installation's superusers and shows every loket
    (it renders its lists after the view returns, so the scope is opened around the response)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        if self.prefix is None:
            from django.urls import reverse

            self.prefix = reverse("admin:index")
        user = getattr(request, "user", None)
        if request.path.startswith(self.prefix) and user is not None and user.is_superuser:
            with zonder_loketscope("beheerscherm van de installatie (superuser)"):
                return self.get_response(request)
        return self.get_response(request)


def loket_historie_basis():
    """The base of a django-pghistory event model (a snapshot of a LoketGebonden row, with its
    loket): the same scope rule on the history of a loket's data."""
    import pghistory.models

    class LoketEventQuerySet(LoketQuerySet, pghistory.models.EventQuerySet):
        pass

    class LoketHistorie(pghistory.models.Event):
        loket_pad = "loket"
        objects = models.Manager.from_queryset(LoketEventQuerySet)()

        class Meta:
            abstract = True
            verbose_name_plural = "events"  # pghistory derives the related name from it

    return LoketHistorie
