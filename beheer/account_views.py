"""Pages about the user's own account: the invitation link (set a password), coupling the
authenticator app (only after a link: the password alone never enrols a second factor), recovery
codes, the password reset by mail, and the session's remaining time for the expiry warning."""

import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views import View
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.access import Recht, rol_toegestaan, rollen_met, tweede_factor_nodig
from loket.tweestaps import CodeForm

from . import services
from .forms import WachtwoordBevestigenForm
from .models import Uitnodiging
from .signals import onthoud_sessie
from .tasks import mail_na_commit

# Session keys: the invitation being followed, the unconfirmed device shown, new recovery codes.
INSCHRIJVING = "beheer_inschrijving"
NIEUW_APPARAAT = "beheer_nieuw_apparaat"
NIEUWE_CODES = "beheer_nieuwe_herstelcodes"


def lopende_inschrijving(request):
    """The valid invitation this session may enrol with, or None."""
    pk = request.session.get(INSCHRIJVING)
    if not pk or not request.user.is_authenticated:
        return None
    return Uitnodiging.objects.geldig().filter(pk=pk, gebruiker=request.user).first()


class AccountMixin:
    """Open to the roles holding `recht`, loket or not (the account pages come before the second
    factor: coupling it is how one gets it); `tweede_factor`: the page needs it passed."""

    recht: Recht = Recht.EIGEN_ACCOUNT
    rollen: tuple[str, ...] = rollen_met(Recht.EIGEN_ACCOUNT)
    tweede_factor = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.rollen = rollen_met(cls.recht)

    def dispatch(self, request, *args, **kwargs):
        if not rol_toegestaan(request.user, self.rollen):
            raise PermissionDenied("U heeft geen toegang tot deze pagina.")
        if self.tweede_factor and tweede_factor_nodig(request.user):
            return redirect(f"{reverse('tweestaps')}?next={request.path}")
        return super().dispatch(request, *args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class UitnodigingView(View):
    """The link from the mail. A new user chooses a password; a user whose authenticator was reset
    confirms the current one. Then the session may couple a new authenticator app."""

    def dispatch(self, request, token):
        self.uitnodiging = Uitnodiging.objects.bij_token(token)
        if self.uitnodiging is None or not self.uitnodiging.gebruiker.is_active:
            return render(request, "account/link_ongeldig.html", status=404)
        return super().dispatch(request, token)

    def form(self, data=None):
        gebruiker = self.uitnodiging.gebruiker
        if self.uitnodiging.wachtwoord_nodig:
            return SetPasswordForm(gebruiker, data)
        return WachtwoordBevestigenForm(data, request=self.request, gebruiker=gebruiker)

    def get(self, request, token):
        return self.render(self.form())

    def post(self, request, token):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        if self.uitnodiging.wachtwoord_nodig:
            services.zet_wachtwoord_via_uitnodiging(
                uitnodiging=self.uitnodiging, wachtwoord=form.cleaned_data["new_password1"]
            )
        gebruiker = self.uitnodiging.gebruiker
        if request.user.is_authenticated:
            logout(request)
        login(request, gebruiker, backend="django.contrib.auth.backends.ModelBackend")
        request.session[INSCHRIJVING] = self.uitnodiging.pk
        return redirect("account:koppelen")

    def render(self, form, status=200):
        context = {
            "form": form,
            "uitnodiging": self.uitnodiging,
            "gebruiker": self.uitnodiging.gebruiker,
        }
        return render(self.request, "account/uitnodiging.html", context, status=status)


class KoppelenView(AccountMixin, View):
    """Couple an authenticator app. Every display makes a new key (a copied key from an earlier
    visit never works), bound to this session and this invitation."""

    def get(self, request):
        uitnodiging = lopende_inschrijving(request)
        if uitnodiging is None:
            return render(request, "account/koppelen_niet_mogelijk.html")
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator", confirmed=False)
        request.session[NIEUW_APPARAAT] = device.pk
        return self.render(device, CodeForm())

    def post(self, request):
        uitnodiging = lopende_inschrijving(request)
        device = TOTPDevice.objects.filter(
            pk=request.session.get(NIEUW_APPARAAT), user=request.user, confirmed=False
        ).first()
        if uitnodiging is None or device is None:
            return render(request, "account/koppelen_niet_mogelijk.html", status=400)
        form = CodeForm(request.POST)
        if form.is_valid() and device.verify_token(form.cleaned_data["otp_token"].strip()):
            services.bevestig_koppeling(uitnodiging=uitnodiging, device=device)
            request.session.cycle_key()
            onthoud_sessie(sender=None, request=request, user=request.user)
            otp_login(request, device)
            for sleutel in (INSCHRIJVING, NIEUW_APPARAAT):
                request.session.pop(sleutel, None)
            request.session[NIEUWE_CODES] = services.maak_herstelcodes(gebruiker=request.user)
            messages.success(request, "Uw authenticator-app is gekoppeld.")
            return redirect("account:herstelcodes")
        if form.is_valid():
            form.add_error(
                "otp_token", "Deze code klopt niet of is verlopen. Probeer de nieuwste code."
            )
        return self.render(device, form, status=400)

    def render(self, device, form, status=200):
        sleutel = base64.b32encode(device.bin_key).decode()
        context = {
            "form": form,
            "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=4),
            "sleutel": " ".join(sleutel[i : i + 4] for i in range(0, len(sleutel), 4)),
        }
        return render(self.request, "account/koppelen.html", context, status=status)


class HerstelcodesView(AccountMixin, View):
    """Recovery codes: shown once, right after they are made; each opens the second step once."""

    recht = Recht.HERSTELCODES
    tweede_factor = True

    def get(self, request):
        codes = request.session.pop(NIEUWE_CODES, None)
        over = StaticDevice.objects.filter(user=request.user).values_list(
            "token_set__token", flat=True
        )
        context = {"codes": codes, "aantal_over": sum(1 for t in over if t)}
        return render(request, "account/herstelcodes.html", context)

    def post(self, request):
        request.session[NIEUWE_CODES] = services.maak_herstelcodes(gebruiker=request.user)
        return redirect("account:herstelcodes")


class SessieView(AccountMixin, View):
    """Touching this keeps the session alive ("Blijf ingelogd"); it says how long it has left."""

    def get(self, request):
        return JsonResponse({"seconden": settings.SESSION_COOKIE_AGE})


# --- Password reset by mail ---------------------------------------------------------------

HERSTEL_PER_ADRES = 10  # requests per hour from one IP address
HERSTEL_PER_EMAIL = 3  # mails per hour to one address


def _teller(sleutel: str) -> int:
    cache.add(sleutel, 0, timeout=3600)
    try:
        return cache.incr(sleutel)
    except ValueError:  # expired between add and incr
        cache.set(sleutel, 1, timeout=3600)
        return 1


class WachtwoordVergetenForm(PasswordResetForm):
    """Django's form: the same answer whether or not the address is known. Mails go by Celery
    after commit; at most HERSTEL_PER_EMAIL an hour to one address."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):  # fmt: skip
        if _teller(f"wachtwoord-herstel:email:{to_email.lower()}") > HERSTEL_PER_EMAIL:
            return
        link = reverse(
            "account:wachtwoord_herstellen",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        mail_na_commit(
            to_email,
            "Wachtwoord herstellen voor het Leerwerkloket",
            "beheer/mail/wachtwoord_herstellen.txt",
            {"gebruiker": context["user"], "link": link},
        )


def client_adres(request) -> str:
    return request.META.get("REMOTE_ADDR", "onbekend")


class WachtwoordVergetenView(auth_views.PasswordResetView):
    form_class = WachtwoordVergetenForm
    template_name = "account/wachtwoord_vergeten.html"
    success_url = reverse_lazy("account:wachtwoord_verstuurd")

    def post(self, request, *args, **kwargs):
        if _teller(f"wachtwoord-herstel:adres:{client_adres(request)}") > HERSTEL_PER_ADRES:
            form = self.get_form()
            form.is_valid()
            form.add_error(
                None, "Te veel aanvragen vanaf dit adres. Probeer het over een uur opnieuw."
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class WachtwoordVerstuurdView(auth_views.PasswordResetDoneView):
    template_name = "account/wachtwoord_verstuurd.html"


class WachtwoordHerstellenView(auth_views.PasswordResetConfirmView):
    template_name = "account/wachtwoord_herstellen.html"
    success_url = reverse_lazy("account:wachtwoord_hersteld")

    def form_valid(self, form):
        response = super().form_valid(form)
        from axes.utils import reset as axes_reset

        axes_reset(username=form.user.username)
        services.log_wachtwoord_hersteld(form.user)
        return response


class WachtwoordHersteldView(auth_views.PasswordResetCompleteView):
    template_name = "account/wachtwoord_hersteld.html"
