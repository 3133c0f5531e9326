"""The reader the sponsor portal reads as: one company, whoever is looking.

A sponsor's user and IPAE staff previewing the portal "as" that company both read through a
`SponsorReader` of the company: it answers the scoping functions' questions (`schools_visible_to`,
`networks_visible_to`, `visits_visible_to`, `photos_visible_to`, `sponsors_visible_to`...) exactly as a
user of that company would, so the preview shows what the company sees and nothing more. It is no account:
nothing signs in as it, nothing is saved as it, and the session stays the staff member's own.
"""

from dataclasses import dataclass

from accounts.models import Role
from schools.models import Sponsor


@dataclass(frozen=True)
class _SponsorLink:
    """What `schools.selectors.sponsor_id_of` reads of a sponsor user: `user.sponsor_link.sponsor_id`."""

    sponsor_id: int


@dataclass(frozen=True)
class SponsorReader:
    """Reads as a user of one sponsor company (role sponsor, linked to it)."""

    sponsor_id: int
    is_authenticated: bool = True
    is_anonymous: bool = False
    is_active: bool = True
    is_ipae_staff: bool = False
    is_coordinator: bool = False
    is_sponsor_user: bool = True
    is_staff: bool = False  # never the data admin
    is_superuser: bool = False
    role: str = Role.SPONSOR
    pk: None = None
    id: None = None

    @property
    def sponsor_link(self) -> _SponsorLink:
        return _SponsorLink(self.sponsor_id)

    def __str__(self) -> str:
        return f"sponsor:{self.sponsor_id}"


def reader_for(sponsor: Sponsor) -> SponsorReader:
    return SponsorReader(sponsor_id=sponsor.pk)
