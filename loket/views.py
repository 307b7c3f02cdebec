import logging
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from . import replica
from .access import (
    Recht,
    RolVereistMixin,
    rechten_van,
    rol_toegestaan,
    tweede_factor_nodig,
)
from .middleware import RETRY_AFTER

logger = logging.getLogger("loket.database")


class StartView(RolVereistMixin, TemplateView):
    """The start page: what this role does here, with the links it needs (cards by right)."""

    recht = tuple(Recht)  # any right: every role with a place in the application
    template_name = "loket/start.html"

    def dispatch(self, request, *args, **kwargs):
        # Also the roles without a loket (the installation's functioneel beheerder).
        if not rol_toegestaan(request.user, self.rollen):
            raise PermissionDenied("U heeft geen toegang tot deze pagina.")
        if tweede_factor_nodig(request.user):
            return redirect(
                f"{reverse('tweestaps')}?{urlencode({'next': request.get_full_path()})}"
            )
        self.loket = request.user.loket
        return TemplateView.dispatch(self, request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.loket is not None and Recht.MONITOR_INZIEN in rechten_van(self.request.user):
            # The latest finished quarterly report (through the registry: loket imports no monitor).
            rapporten = apps.get_model("monitor", "Kwartaalrapport").objects
            context["laatste_rapport"] = (
                rapporten.voor_loket(self.loket, status="klaar")
                .order_by("-jaar", "-kwartaal", "-versie")
                .first()
            )
        return context


@login_not_required
def healthz(request):
    """Liveness and database check for load balancers and docker-compose: 503 while the database
    cannot be reached, so a load balancer takes this node out instead of seeing a crash."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logger.warning("healthz: database onbereikbaar: %s", type(exc).__name__)
        response = JsonResponse({"status": "database onbereikbaar"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    antwoord = {"status": "ok"}
    if replica.geconfigureerd():
        # Informative only: without the replica the node still serves (from the primary), so
        # this never turns the answer into a 503. Monitoring alerts on "niet gebruikt".
        antwoord["leesreplica"] = "ok" if replica.replica_gezond() else "niet gebruikt"
    return JsonResponse(antwoord)


@method_decorator(login_not_required, name="dispatch")
class ToegankelijkheidView(TemplateView):
    """The accessibility statement, public as on Dutch government sites."""

    template_name = "loket/toegankelijkheid.html"


@method_decorator(login_not_required, name="dispatch")
class PrivacyView(TemplateView):
    template_name = "loket/privacy.html"
