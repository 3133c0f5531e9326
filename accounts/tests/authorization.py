"""The vocabulary of the authorization matrix (tests/test_authorization_matrix.py).

Each app lists the rows of its URLs in `<app>/tests/authorization_rows.py` as `ROWS = {url name: (Row, ...)}`;
the matrix gathers them. A Row is a request (the URL's kwargs, the method, the POST data, all built from the
root conftest's `world`) and the expected answer for each persona of `accounts.tests.personas.PERSONAS`: an
HTTP status, or a `Redirect` to a named URL. A POST sends valid data and names its `Effect`: a value read
from the database before and after the request, and the personas whose request changes it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from accounts.tests.personas import PERSONAS, SIGNED_IN

STAFF = frozenset({"staff", "admin"})


@dataclass(frozen=True)
class Redirect:
    to: str  # a URL name; the response's Location path must be exactly reverse(to)
    status: int = 302


@dataclass(frozen=True)
class Effect:
    """What a POST changes: `measure(world)` read before and after; it changes only for the `by` personas."""

    measure: Callable
    by: frozenset = frozenset()


NOTHING = Effect(measure=lambda world: None)


@dataclass(frozen=True)
class Row:
    expect: dict[str, int | Redirect]
    method: str = "get"
    kwargs: Callable | None = None  # world -> URL kwargs, for URLs about one object
    data: Callable | None = None  # world -> POST data
    effect: Effect = NOTHING
    # persona -> reason: a cell that states the desired answer while the code still gives another.
    known_bugs: dict[str, str] = field(default_factory=dict)


TO_LOGIN = Redirect("accounts:login")
TO_ADMIN_LOGIN = Redirect("admin:login")
TO_HOME = Redirect("evaluations:home")


def signed_in(answer, *, anonymous=TO_LOGIN) -> dict:
    """The common case: anonymous people go to the login page, everyone signed in gets `answer`."""
    return {"anonymous": anonymous} | dict.fromkeys(SIGNED_IN, answer)


def everyone(answer) -> dict:
    return dict.fromkeys(PERSONAS, answer)


# A page that only shows something: a POST is refused by the view (405) once the gate lets the person in.
READ_ONLY_POST = 405


def field_work(
    *, staff, coordinator, other_coordinator, former_coordinator, sponsor=403, other_sponsor=403, admin=None
):
    """The answers of a field-work page (networks:*); anonymous people go to the login, admin answers as staff."""
    return {
        "anonymous": TO_LOGIN,
        "staff": staff,
        "admin": staff if admin is None else admin,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "former_coordinator": former_coordinator,
        "sponsor": sponsor,
        "other_sponsor": other_sponsor,
    }
