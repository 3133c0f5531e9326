"""Authorization rows of the staff dashboards (the nation, a region, a network, one school).

IPAE staff and the administrator see every one (200); coordinators and sponsors are refused by the role
gate (403) before any object is looked up; anonymous people go to the login. The pages only show: a POST
gets 405 from the view once the gate lets the person in.
"""

from accounts.tests.authorization import READ_ONLY_POST, TO_LOGIN, Row


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


def piura(world) -> dict:
    return {"code": world.piura.code}


def network_a(world) -> dict:
    return {"pk": world.network_a.pk}


def school_a(world) -> dict:
    return {"pk": world.schools_a[0].pk}


def pages(kwargs=None) -> tuple[Row, Row]:
    return (
        Row(staff_only(200), kwargs=kwargs),
        Row(staff_only(READ_ONLY_POST), method="post", kwargs=kwargs),
    )


ROWS = {
    "evaluations:dashboard": pages(),
    "evaluations:dashboard-region": pages(piura),
    "evaluations:dashboard-network": pages(network_a),
    "evaluations:dashboard-school": pages(school_a),
}
