"""Every role rule in one place: named rights (Recht), which role holds which (RECHTEN), and the
view guards that enforce them. Views declare the right they need (`recht = Recht.X` on a class view,
`@recht_vereist(Recht.X)` on a function view); the menu, the templates (`rechten` in the context)
and the permission matrix test all read the same table, so a rule is changed here and nowhere else.

Data is always scoped to the user's loket. Roles that see personal data must also have passed the
second factor (TOTP) in this session.
"""

from __future__ import annotations

from enum import StrEnum
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from .constants import ROLLEN_MET_2FA, Rol


class Recht(StrEnum):
    """A named permission. Names say what may be done, not who does it."""

    KLANTWERK = "klantwerk"  # clients, intakes, contacts, trajectories, employers of the loket
    MONITOR_INZIEN = "monitor_inzien"  # the loket's dashboard, aggregates and quarterly reports
    MONITOR_DETAILS = "monitor_details"  # drill down from a figure to the records behind it
    MONITOR_BEHEREN = "monitor_beheren"  # targets, year plan, review, requesting a report
    FINANCIERING_INZIEN = "financiering_inzien"  # budget, ledger and co-financing (read)
    BOEKEN = "boeken"  # book, reverse, set the norm, close a quarter
    BEGROTING_BEHEREN = "begroting_beheren"  # budget lines and financing sources
    PRIVACY = "privacy"  # access log, deletion requests
    LOKET_BEHEER = "loket_beheer"  # users, partner organisations, settings of the loket
    REFERENTIEDATA = "referentiedata"  # reference data shared by every loket (qualifications)
    INSTALLATIE_BEHEER = "installatie_beheer"  # regions, loketten, their first beheerder
    PARTNER_OVERDRACHTEN = "partner_overdrachten"  # hand-overs addressed to own organisation
    PARTNER_UREN = "partner_uren"  # own organisation's hours
    PROGRAMMA_INZIEN = "programma_inzien"  # aggregates of several loketten, never a client
    DOELEN_BEHEREN = "doelen_beheren"  # targets and satisfaction norms (add, change, end)
    EIGEN_ACCOUNT = "eigen_account"  # own account: couple the authenticator, keep the session
    HERSTELCODES = "herstelcodes"  # recovery codes of one's own second factor


R = Recht
RECHTEN: dict[str, frozenset[Recht]] = {
    Rol.WERKCOACH: frozenset({R.KLANTWERK}),
    Rol.PROJECTLEIDER: frozenset(
        {
            R.KLANTWERK,
            R.MONITOR_INZIEN,
            R.MONITOR_DETAILS,
            R.MONITOR_BEHEREN,
            R.FINANCIERING_INZIEN,
            R.BOEKEN,
            R.BEGROTING_BEHEREN,
            R.DOELEN_BEHEREN,
        }
    ),
    Rol.STUURGROEP: frozenset({R.MONITOR_INZIEN, R.FINANCIERING_INZIEN}),
    Rol.BEHEERDER: frozenset(
        {
            R.FINANCIERING_INZIEN,
            R.BEGROTING_BEHEREN,
            R.PRIVACY,
            R.LOKET_BEHEER,
            R.DOELEN_BEHEREN,
        }
    ),
    Rol.PARTNER: frozenset({R.PARTNER_OVERDRACHTEN, R.PARTNER_UREN}),
    Rol.REGIO: frozenset({R.PROGRAMMA_INZIEN}),
    Rol.LANDELIJK: frozenset({R.PROGRAMMA_INZIEN}),
    Rol.FUNCTIONEEL_BEHEERDER: frozenset({R.INSTALLATIE_BEHEER, R.REFERENTIEDATA}),
}

# Every user manages their own account; the roles with a second factor also its recovery codes.
RECHTEN = {
    rol: rechten | {R.EIGEN_ACCOUNT} | ({R.HERSTELCODES} if rol in ROLLEN_MET_2FA else set())
    for rol, rechten in RECHTEN.items()
}

# Roles whose users belong to no single loket (they see several, or administer the installation).
ROLLEN_ZONDER_LOKET = frozenset({Rol.REGIO, Rol.LANDELIJK, Rol.FUNCTIONEEL_BEHEERDER})


def rechten_van(user) -> frozenset[Recht]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.loket_id is None and user.rol not in ROLLEN_ZONDER_LOKET:
        return frozenset()
    return RECHTEN.get(user.rol, frozenset())


def mag(user, recht: Recht) -> bool:
    return recht in rechten_van(user)


def rollen_met(*rechten: Recht) -> tuple[str, ...]:
    """The roles holding any of `rechten` (what the permission matrix expects per URL)."""
    return tuple(rol for rol, eigen in RECHTEN.items() if eigen & set(rechten))


def tweede_factor_nodig(user) -> bool:
    return settings.LOKET_2FA_VERPLICHT and user.rol in ROLLEN_MET_2FA and not user.is_verified()


def toegang_geweigerd(request, rechten):
    """None when the user may continue; otherwise the response (403 or a redirect to 2FA).

    The user needs one of `rechten`.
    """
    user = request.user
    if not rechten_van(user) & set(rechten):
        raise PermissionDenied("U heeft geen toegang tot deze pagina.")
    if tweede_factor_nodig(user):
        return redirect(f"{reverse('tweestaps')}?{urlencode({'next': request.get_full_path()})}")
    return None


class RolVereistMixin:
    """Refuses (403) any user without the view's `recht` (one right, or a tuple: any of them).

    `rollen` is derived from RECHTEN for the permission matrix; a view never sets it itself.
    """

    recht: Recht | tuple[Recht, ...] | None = None
    rollen: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "rollen" in cls.__dict__:
            raise TypeError(f"{cls.__name__}: declare `recht = Recht.X`, not `rollen`.")
        if "recht" in cls.__dict__ and cls.recht is not None:
            cls.rollen = rollen_met(*_als_tuple(cls.recht))

    def dispatch(self, request, *args, **kwargs):
        if self.recht is None:
            raise ImproperlyConfigured(f"{type(self).__name__} declares no `recht`.")
        weigering = toegang_geweigerd(request, _als_tuple(self.recht))
        if weigering is not None:
            return weigering
        self.loket = request.user.loket
        return super().dispatch(request, *args, **kwargs)


RechtVereistMixin = RolVereistMixin


def _als_tuple(recht) -> tuple[Recht, ...]:
    return tuple(recht) if isinstance(recht, tuple | list | set | frozenset) else (recht,)


def recht_vereist(*rechten: Recht):
    """The function-view guard: the user needs one of `rechten`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            weigering = toegang_geweigerd(request, rechten)
            if weigering is not None:
                return weigering
            return view(request, *args, **kwargs)

        wrapped.rollen = rollen_met(*rechten)
        wrapped.rechten = rechten
        return wrapped

    return decorator


def rol_toegestaan(user, rollen) -> bool:
    """Like User.has_rol, but also for the roles that belong to no loket (functioneel beheerder,
    regio, landelijk): pages about the user's own account are open to them too."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.rol not in rollen:
        return False
    return user.loket_id is not None or user.rol in ROLLEN_ZONDER_LOKET
