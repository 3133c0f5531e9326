"""The portal's links: a page for whoever reads it, the company's own or staff's preview of that company."""

from django.urls import reverse


def portal_url(portal, name: str, *args) -> str:
    """`evaluations:portal-<name>` for a company's user; `evaluations:portal-preview-<name>` of that company
    for staff previewing it. Every link a portal page makes goes through here, so a preview never leads
    out of the preview."""
    if portal.preview:
        return reverse(f"evaluations:portal-preview-{name}", args=[portal.sponsor.pk, *args])
    return reverse(f"evaluations:portal-{name}", args=args)
