from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from .access import ALLE_ROLLEN, RolVereistMixin


class StartView(RolVereistMixin, TemplateView):
    """The start page: what this role does here, with the links it needs."""

    rollen = ALLE_ROLLEN
    template_name = "loket/start.html"


@login_not_required
def healthz(request):
    """Liveness and database check for load balancers and docker-compose."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@method_decorator(login_not_required, name="dispatch")
class ToegankelijkheidView(TemplateView):
    """The accessibility statement, public as on Dutch government sites."""

    template_name = "loket/toegankelijkheid.html"


@method_decorator(login_not_required, name="dispatch")
class PrivacyView(TemplateView):
    template_name = "loket/privacy.html"
