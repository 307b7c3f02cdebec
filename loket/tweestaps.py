"""Second login step: set up an authenticator app (TOTP) once, then enter its code at every login."""

import base64
import logging

import segno
from django import forms
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import Recht, rechten_van, rollen_met

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


class TweestapsView(View):
    """Open to every logged-in user of a loket; the role checks send people here."""

    recht = tuple(Recht)  # any right (not RolVereistMixin: that one sends people here)
    rollen = rollen_met(*recht)
    template_name = "registration/tweestaps.html"

    def dispatch(self, request, *args, **kwargs):
        if not rechten_van(request.user):
            raise PermissionDenied("U heeft geen toegang tot deze pagina.")
        return super().dispatch(request, *args, **kwargs)

    def apparaat(self):
        """The confirmed device, or a new/unconfirmed one to set up."""
        device = TOTPDevice.objects.filter(user=self.request.user).order_by("-confirmed").first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=self.request.user, name="Authenticator", confirmed=False
            )
        return device

    def get(self, request):
        return self.render(self.apparaat(), CodeForm())

    def post(self, request):
        device = self.apparaat()
        form = CodeForm(request.POST)
        if form.is_valid():
            token = form.cleaned_data["otp_token"].strip()
            if device.confirmed:
                gevonden = match_token(request.user, token)
            else:
                gevonden = device if device.verify_token(token) else None
                if gevonden:
                    device.confirmed = True
                    device.save(update_fields=["confirmed"])
            if gevonden:
                otp_login(request, gevonden)
                # A new session key for the fully authenticated session (issue 20): a key seen
                # before the second factor is worth nothing after it.
                request.session.cycle_key()
                doel = request.GET.get("next", "")
                if not url_has_allowed_host_and_scheme(doel, allowed_hosts={request.get_host()}):
                    doel = "/"
                return redirect(doel)
            form.add_error(
                "otp_token", "Deze code klopt niet of is verlopen. Probeer de nieuwste code."
            )
            if tweede_factor_mislukt(request):
                return redirect_to_login(request.get_full_path())
        return self.render(device, form, status=400)

    def render(self, device, form, status=200):
        context = {"form": form, "instellen": not device.confirmed}
        if not device.confirmed:
            context["qr"] = segno.make(device.config_url, error="m").svg_data_uri(scale=4)
            sleutel = base64.b32encode(device.bin_key).decode()
            context["sleutel"] = " ".join(sleutel[i : i + 4] for i in range(0, len(sleutel), 4))
        return render(self.request, self.template_name, context, status=status)
