"""Rate limit per client address for the public forms, in the cache (no third-party CAPTCHA)."""

from django.conf import settings
from django.core.cache import cache

VENSTER_S = 3600


def te_vaak(request, wat: str) -> bool:
    """Count this attempt; True once the address has made more than the limit this hour."""
    adres = request.META.get("REMOTE_ADDR", "onbekend")
    sleutel = f"limiet:{wat}:{adres}"
    cache.add(sleutel, 0, VENSTER_S)
    try:
        aantal = cache.incr(sleutel)
    except ValueError:  # expired between add and incr
        cache.set(sleutel, 1, VENSTER_S)
        aantal = 1
    return aantal > settings.AANMELDEN_MAX_PER_UUR
