"""Remember each login's session, so that deactivating a user ends every session at once."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.models import Session
from django.dispatch import receiver

from loket.tweestaps import herstelcode_gebruikt


@receiver(user_logged_in, dispatch_uid="beheer.onthoud_sessie")
def onthoud_sessie(sender, request, user, **kwargs):
    from .models import GebruikerSessie

    session = getattr(request, "session", None)
    if session is None:
        return
    if session.session_key is None:
        session.save()
    GebruikerSessie.objects.get_or_create(
        session_key=session.session_key, defaults={"gebruiker": user}
    )
    # Forget the user's sessions that have ended meanwhile (expired or logged out): one DELETE.
    GebruikerSessie.objects.filter(gebruiker=user).exclude(
        session_key__in=Session.objects.values("session_key")
    ).delete()


@receiver(user_logged_out, dispatch_uid="beheer.vergeet_sessie")
def vergeet_sessie(sender, request, user, **kwargs):
    from .models import GebruikerSessie

    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        GebruikerSessie.objects.filter(session_key=session_key).delete()


@receiver(herstelcode_gebruikt, dispatch_uid="beheer.herstelcode_gebruikt")
def log_herstelcode(sender, user, **kwargs):
    from .services import log_herstelcode_gebruikt

    log_herstelcode_gebruikt(user)
