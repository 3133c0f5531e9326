"""Authorization rows of the sponsor portal: the company's own pages and staff's preview of them.

A company's users read their company's portal; everyone else gets 403 there. Staff and the administrator
read any company's portal under the preview (everyone else 403). A school or story the company does not
fund answers 404, by id guessing too, in the preview as well. The portal only reads: any POST answers 403
to everyone signed in (before any lookup, so it says nothing about what exists).
"""

from accounts.tests.authorization import TO_LOGIN, Row
from networks.tests.authorization_rows import photo_of_visit_a

SPONSORS = ("sponsor", "other_sponsor")
NOT_SPONSORS = ("staff", "admin", "coordinator", "other_coordinator", "former_coordinator")
MISSING = 2_000_000_000  # an id no row has


def answers(**by_persona) -> dict:
    """403 for every signed-in persona but those named; anonymous people go to the login page."""
    base = {"anonymous": TO_LOGIN} | dict.fromkeys((*NOT_SPONSORS, *SPONSORS), 403)
    return base | by_persona


# The company's own pages: its users 200 (each reads its own company), everyone else 403.
FOR_SPONSORS = answers(sponsor=200, other_sponsor=200)
# Staff's preview: staff and the administrator 200, everyone else 403.
FOR_STAFF = answers(staff=200, admin=200)
POST_REFUSED = answers()


def school(attribute: str, index: int):
    return lambda world: {"pk": getattr(world, attribute)[index].pk}


def photo(*, approved: bool):
    return lambda world: photo_of_visit_a(world, approved=approved)


def of_sponsor(key: str, inner=None):
    """Preview kwargs: the company (`sponsor_a`, `sponsor_b`, or "missing") and, if given, the object."""

    def kwargs(world) -> dict:
        sponsor = MISSING if key == "missing" else getattr(world, key).pk
        return {"sponsor": sponsor, **(inner(world) if inner else {})}

    return kwargs


def plain() -> tuple:
    """A company page without an object: its users read it, a POST is refused."""
    return (Row(FOR_SPONSORS), Row(POST_REFUSED, method="post", data=lambda world: {}))


def preview() -> tuple:
    """A preview page without an object: staff read any company's (404 for one that does not exist)."""
    return (
        Row(FOR_STAFF, kwargs=of_sponsor("sponsor_a")),
        Row(FOR_STAFF, kwargs=of_sponsor("sponsor_b")),
        Row(answers(staff=404, admin=404), kwargs=of_sponsor("missing")),
        Row(POST_REFUSED, method="post", kwargs=of_sponsor("sponsor_a"), data=lambda world: {}),
    )


ROWS = {
    "evaluations:portal-portfolio": plain(),
    "evaluations:portal-map-points": plain(),
    "evaluations:portal-progress": plain(),
    "evaluations:portal-stories": plain(),
    "evaluations:portal-school": (
        Row(answers(sponsor=200, other_sponsor=404), kwargs=school("sponsored_a", 0)),
        Row(answers(sponsor=404, other_sponsor=200), kwargs=school("sponsored_b", 1)),
        # The third school of network A: no company funds it.
        Row(answers(sponsor=404, other_sponsor=404), kwargs=school("schools_a", 2)),
        Row(answers(sponsor=404, other_sponsor=404), kwargs=lambda world: {"pk": MISSING}),
        Row(POST_REFUSED, method="post", kwargs=school("sponsored_a", 0), data=lambda world: {}),
        Row(POST_REFUSED, method="post", kwargs=school("sponsored_b", 0), data=lambda world: {}),
    ),
    "evaluations:portal-story": (
        Row(answers(sponsor=200, other_sponsor=404), kwargs=photo(approved=True)),
        # Not approved yet: no company sees it.
        Row(answers(sponsor=404, other_sponsor=404), kwargs=photo(approved=False)),
        Row(POST_REFUSED, method="post", kwargs=photo(approved=True), data=lambda world: {}),
    ),
    "evaluations:portal-preview-list": (
        Row(FOR_STAFF),
        Row(POST_REFUSED, method="post", data=lambda world: {}),
    ),
    "evaluations:portal-preview-portfolio": preview(),
    "evaluations:portal-preview-map-points": preview(),
    "evaluations:portal-preview-progress": preview(),
    "evaluations:portal-preview-stories": preview(),
    "evaluations:portal-preview-school": (
        Row(FOR_STAFF, kwargs=of_sponsor("sponsor_a", school("sponsored_a", 0))),
        # As company A, company B's school does not exist; nor does an unfunded one.
        Row(answers(staff=404, admin=404), kwargs=of_sponsor("sponsor_a", school("sponsored_b", 0))),
        Row(answers(staff=404, admin=404), kwargs=of_sponsor("sponsor_b", school("schools_a", 2))),
        Row(answers(staff=404, admin=404), kwargs=of_sponsor("missing", school("sponsored_a", 0))),
        Row(POST_REFUSED, method="post", kwargs=of_sponsor("sponsor_a", school("sponsored_a", 0)), data=lambda w: {}),
    ),
    "evaluations:portal-preview-story": (
        Row(FOR_STAFF, kwargs=of_sponsor("sponsor_a", photo(approved=True))),
        Row(answers(staff=404, admin=404), kwargs=of_sponsor("sponsor_b", photo(approved=True))),
        Row(answers(staff=404, admin=404), kwargs=of_sponsor("sponsor_a", photo(approved=False))),
        Row(POST_REFUSED, method="post", kwargs=of_sponsor("sponsor_a", photo(approved=True)), data=lambda w: {}),
    ),
}
