"""Second login step: the code of the coupled authenticator app (TOTP), or one of the user's
recovery codes (each works once).

Coupling an app is not done here: a password alone must never let anyone bind their own
authenticator to an account. A user without a coupled app follows the link from the invitation
mail, or the link the beheerder sends after resetting the second factor (beheer.account_views)."""

import logging

from django import forms
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.dispatch import Signal
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from .access import Recht, rechten_van, rollen_met

# Sent when a recovery code opened the second step (beheer writes it to the change log).
herstelcode_gebruikt = Signal()

logger = logging.getLogger("loket.inloggen")


def tweede_factor_mislukt(request) -> bool:
    """Log a wrong second-factor code and count it toward django-axes' lockout of this username
    and address, like a wrong password. True when that locked the account: the user is logged
    out (the password alone opens nothing until the cool-off has passed)."""
    user = request.user
    logger.warning("Tweede factor: onjuiste code (gebruiker %s)", user.pk)
    user_login_failed.send(
        sender=TweestapsView, credentials={"username": user.get_username()}, request=request
    )
    if getattr(request, "axes_locked_out", False):
        logout(request)
        return True
    return False


class CodeForm(forms.Form):
    otp_token = forms.RegexField(
        label="Code uit de authenticator-app",
        regex=r"^\s*\d{6}\s*$",
        error_messages={
            "invalid": "Vul de 6 cijfers uit de app in.",
            "required": "Vul de code in.",
        },
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 7}
        ),
    )


class TweedeStapForm(forms.Form):
    otp_token = forms.RegexField(
        label="Code uit de authenticator-app (of een herstelcode)",
        regex=r"^\s*(\d{6}|[A-Za-z2-7]{8})\s*$",
        help_text="De 6 cijfers die de app nu toont. Telefoon kwijt? Vul een van uw herstelcodes in.",
        error_messages={
            "invalid": "Vul de 6 cijfers uit de app in, of een herstelcode van 8 tekens.",
            "required": "Vul de code in.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "maxlength": 10}),
    )


class TweestapsView(View):
    """Open to every logged-in user with any right (not RolVereistMixin: that one sends people
    here); the role checks send people here."""

    recht = tuple(Recht)
    rollen = rollen_met(*recht)
    template_name = "registration/tweestaps.html"

    def dispatch(self, request, *args, **kwargs):
        if not rechten_van(request.user):
            raise PermissionDenied("U heeft geen toegang tot deze pagina.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(TweedeStapForm())

    def post(self, request):
        form = TweedeStapForm(request.POST)
        if form.is_valid() and user_has_device(request.user):
            token = form.cleaned_data["otp_token"].strip().lower()
            gevonden = None
            for device in devices_for_user(request.user):
                if device.verify_token(token):
                    gevonden = device
                    break
            if gevonden:
                otp_login(request, gevonden)
                # A new session key for the fully authenticated session: a key seen before the
                # second factor is worth nothing after it.
                request.session.cycle_key()
                if isinstance(gevonden, StaticDevice):
                    herstelcode_gebruikt.send(sender=TweestapsView, user=request.user)
                doel = request.GET.get("next", "")
                if not url_has_allowed_host_and_scheme(doel, allowed_hosts={request.get_host()}):
                    doel = "/"
                return redirect(doel)
            form.add_error(
                "otp_token", "Deze code klopt niet of is verlopen. Probeer de nieuwste code."
            )
            if tweede_factor_mislukt(request):
                return redirect_to_login(request.get_full_path())
        return self.render(form, status=400)

    def render(self, form, status=200):
        if not user_has_device(self.request.user):
            # Nothing to check against: the way in is the link from the mail.
            context = {"zonder_app": True, "koppelen": reverse("account:koppelen")}
            return render(self.request, self.template_name, context, status=status)
        return render(self.request, self.template_name, {"form": form}, status=status)
