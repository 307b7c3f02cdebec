"""Request and response hardening that holds for every URL (issue 20).

- OngeldigeInvoerMiddleware: a NUL byte (or another control character PostgreSQL and our parsers
  refuse) in the path or the query string is answered with a Dutch 400 before any view runs, so
  no view has to guard against it (PostgreSQL refuses NUL in text: a 500 otherwise).
- CacheBeleidMiddleware: every response to a logged-in user is `private, no-store` (client pages,
  exports, the access-log CSV, PDFs: personal data must never sit in a shared or browser cache);
  anonymous pages keep what the view set.
- Permissions-Policy: the browser features the application never uses are switched off.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

# Features the application never uses; a script smuggled in could not use them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "interest-cohort",
    )
)


def bevat_nul(tekst: str) -> bool:
    return "\x00" in tekst


def ongeldige_invoer(request) -> bool:
    if bevat_nul(request.path_info):
        return True
    for sleutel, waarden in request.GET.lists():
        if bevat_nul(sleutel) or any(bevat_nul(w) for w in waarden):
            return True
    return False


def antwoord_400(request, reden: str) -> HttpResponse:
    # Rendered without the request: no session or database is needed to refuse.
    inhoud = render_to_string("400.html", {"reden": reden})
    response = HttpResponse(inhoud, status=400)
    patch_cache_control(response, no_store=True)
    return response


class OngeldigeInvoerMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if ongeldige_invoer(request):
            return antwoord_400(
                request, "Het adres bevat een ongeldig teken (een nul-teken). Controleer de link."
            )
        return self.get_response(request)


class CacheBeleidMiddleware:
    """Place it before (outside) AuthenticationMiddleware's users: it reads request.user on the
    way out. Login pages and anonymous pages are left alone; everything a logged-in user gets is
    private and never stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
            response.headers.pop("Expires", None)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
