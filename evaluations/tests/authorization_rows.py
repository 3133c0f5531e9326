"""Authorization rows of the evaluations app: the home page each role lands on."""

from accounts.tests.authorization import READ_ONLY_POST, Row, signed_in

ROWS = {
    "evaluations:home": (
        Row(signed_in(200)),
        Row(signed_in(READ_ONLY_POST), method="post"),
    ),
}
