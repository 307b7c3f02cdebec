"""A form sent after the session ended gets a clear message on the login page (the login's `next`
brings the user back to the form; static/js/sessie.js puts back what was typed)."""

from django.conf import settings
from django.contrib import messages
from django.urls import reverse

SESSIE_VERLOPEN = (
    "Uw sessie is verlopen, daarom is het formulier niet opgeslagen. Log opnieuw in: u komt terug "
    "op het formulier, met wat u had ingevuld."
)


class SessieVerlopenMiddleware:
    """Place it just before LoginRequiredMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            request.method == "POST"
            and not request.user.is_authenticated
            and getattr(view_func, "login_required", True)
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and request.path != reverse("logout")  # logging out of an ended session: nothing lost
        ):
            messages.warning(request, SESSIE_VERLOPEN)
        return None
