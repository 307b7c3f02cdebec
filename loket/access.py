"""Role checks for every view. Each view declares the roles that may use it in `rollen`, so the
permission matrix test can read the rule for every URL. Data is always scoped to the user's loket.
Roles that see personal data must also have passed the second factor (TOTP) in this session."""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from .constants import ROLLEN_MET_2FA, Rol

KLANTWERK = (Rol.WERKCOACH, Rol.PROJECTLEIDER)
MONITOR = (Rol.PROJECTLEIDER, Rol.STUURGROEP)
BOEKEN = (Rol.PROJECTLEIDER, Rol.BEHEERDER)
BEHEER = (Rol.BEHEERDER,)
ALLE_ROLLEN = tuple(Rol.values)


def tweede_factor_nodig(user) -> bool:
    return settings.LOKET_2FA_VERPLICHT and user.rol in ROLLEN_MET_2FA and not user.is_verified()


def toegang_geweigerd(request, rollen):
    """None when the user may continue; otherwise the response (403 or a redirect to 2FA)."""
    if not request.user.has_rol(*rollen):
        raise PermissionDenied("U heeft geen toegang tot deze pagina.")
    if tweede_factor_nodig(request.user):
        return redirect(f"{reverse('tweestaps')}?{urlencode({'next': request.get_full_path()})}")
    return None


class RolVereistMixin:
    """Refuses (403) any user without a loket or without one of `rollen`."""

    rollen: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        weigering = toegang_geweigerd(request, self.rollen)
        if weigering is not None:
            return weigering
        self.loket = request.user.loket
        return super().dispatch(request, *args, **kwargs)


def rol_vereist(*rollen: str):
    """The function-view form of RolVereistMixin."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            weigering = toegang_geweigerd(request, rollen)
            if weigering is not None:
                return weigering
            return view(request, *args, **kwargs)

        wrapped.rollen = rollen
        return wrapped

    return decorator
