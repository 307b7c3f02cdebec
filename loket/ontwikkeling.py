"""Development only (loket.settings.dev): the production 404 page instead of Django's debug page,
so what a user meets on a wrong address can be seen (and tested with axe) under `make run`."""

from django.conf import settings
from django.views.defaults import page_not_found


class Productie404Middleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        html = response.get("Content-Type", "").startswith("text/html")
        if settings.DEBUG and response.status_code == 404 and html:
            return page_not_found(request, exception=None)
        return response
