"""Authorization rows of the dashboards' lists and their files: every kind, both formats, every persona.

Staff and the administrator open every list and download it, for the nation, a network or a school;
coordinators and sponsors are refused (403) whatever the scope asked; anonymous people go to the login.
A POST is refused by the view (405) once the gate lets the person in.
"""

from accounts.tests.authorization import READ_ONLY_POST, TO_LOGIN, Row
from evaluations.dashboard.lists import FORMATS, KINDS


def staff_only(answer) -> dict:
    return {
        "anonymous": TO_LOGIN,
        "staff": answer,
        "admin": answer,
        "coordinator": 403,
        "other_coordinator": 403,
        "former_coordinator": 403,
        "sponsor": 403,
        "other_sponsor": 403,
    }


def kind_of(kind: str):
    return lambda world: {"kind": kind}


def file_of(kind: str, fmt: str):
    return lambda world: {"kind": kind, "fmt": fmt}


def network_a(world) -> dict:
    return {"network": world.network_a.pk}


def school_b(world) -> dict:
    return {"school": world.schools_b[0].pk}


# A GET row's data is its query string: the scope travels there.
SCOPES = (None, network_a, school_b)

ROWS = {
    "evaluations:dashboard-list": (
        *(Row(staff_only(200), kwargs=kind_of(kind), data=scope) for kind in KINDS for scope in SCOPES),
        Row(staff_only(READ_ONLY_POST), method="post", kwargs=kind_of("visitas")),
    ),
    "evaluations:dashboard-export": (
        *(
            Row(staff_only(200), kwargs=file_of(kind, fmt), data=scope)
            for kind in KINDS
            for fmt in FORMATS
            for scope in (None, network_a)
        ),
        Row(staff_only(READ_ONLY_POST), method="post", kwargs=file_of("visitas", "csv")),
    ),
}
