"""Role checks for every view. Each view declares the roles that may use it in `rollen`, so the
permission matrix test can read the rule for every URL. Data is always scoped to the user's loket."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from .constants import Rol

KLANTWERK = (Rol.WERKCOACH, Rol.PROJECTLEIDER)
MONITOR = (Rol.PROJECTLEIDER, Rol.STUURGROEP)
BOEKEN = (Rol.PROJECTLEIDER, Rol.BEHEERDER)
ALLE_ROLLEN = tuple(Rol.values)


class RolVereistMixin:
    """Refuses (403) any user without a loket or without one of `rollen`."""

    rollen: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_rol(*self.rollen):
            raise PermissionDenied("U heeft geen toegang tot deze pagina.")
        self.loket = request.user.loket
        return super().dispatch(request, *args, **kwargs)


def rol_vereist(*rollen: str):
    """The function-view form of RolVereistMixin."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_rol(*rollen):
                raise PermissionDenied("U heeft geen toegang tot deze pagina.")
            return view(request, *args, **kwargs)

        wrapped.rollen = rollen
        return wrapped

    return decorator
