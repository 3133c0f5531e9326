"""Authorization rows of the staff map (the page and its points) and the attention list.

IPAE staff and the administrator only (200); coordinators and sponsors are refused by the role gate
(403); anonymous people go to the login. They only show: a POST gets 405 once the gate lets the person in.
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


READ_ONLY = (Row(staff_only(200)), Row(staff_only(READ_ONLY_POST), method="post"))

ROWS = {
    "evaluations:dashboard-map": READ_ONLY,
    "evaluations:dashboard-map-points": READ_ONLY,
    "evaluations:attention": READ_ONLY,
}
