"""Geography, schools, their people and the companies that sponsor them."""

from .candidates import Candidate, CandidateGroup, SchoolRequest, SchoolRequestItem
from .geography import District, Province, Region
from .schools import GRADES, Enrollment, School, Teacher
from .sponsors import SPONSORSHIP_YEARS, Contribution, Currency, Sponsor, Sponsorship, SponsorUser

__all__ = [
    "GRADES",
    "SPONSORSHIP_YEARS",
    "Candidate",
    "CandidateGroup",
    "Contribution",
    "Currency",
    "District",
    "Enrollment",
    "Province",
    "Region",
    "School",
    "SchoolRequest",
    "SchoolRequestItem",
    "Sponsor",
    "SponsorUser",
    "Sponsorship",
    "Teacher",
]
