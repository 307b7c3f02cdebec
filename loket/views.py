import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from .access import Recht, RolVereistMixin
from .middleware import RETRY_AFTER

logger = logging.getLogger("loket.database")


class StartView(RolVereistMixin, TemplateView):
    """The start page: what this role does here, with the links it needs."""

    recht = tuple(Recht)  # any right: every role with a place in the application
    template_name = "loket/start.html"


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
    return JsonResponse({"status": "ok"})


@method_decorator(login_not_required, name="dispatch")
class ToegankelijkheidView(TemplateView):
    """The accessibility statement, public as on Dutch government sites."""

    template_name = "loket/toegankelijkheid.html"


@method_decorator(login_not_required, name="dispatch")
class PrivacyView(TemplateView):
    template_name = "loket/privacy.html"
