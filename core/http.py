"""Reading a request the way the deployment section of the README documents it."""

import ipaddress

from django.conf import settings


def _valid_ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The address of the person, not of the proxy in front of cee.

    Behind CEE_TRUSTED_PROXY_COUNT reverse proxies, each proxy appends the address it received the
    request from to X-Forwarded-For, so the person's address is the N-th entry from the right; anything
    left of it was written by the client and can be forged. With no trusted proxy (the default), or a
    header shorter than the proxy chain (a request that went around the proxy), it is REMOTE_ADDR.
    django-axes counts failed logins per this address (AXES_CLIENT_IP_CALLABLE).
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.CEE_TRUSTED_PROXY_COUNT
    if proxies > 0:
        chain = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(chain) >= proxies:
            forwarded = _valid_ip(chain[-proxies])
            if forwarded:
                return forwarded
    return _valid_ip(remote) or remote or None
