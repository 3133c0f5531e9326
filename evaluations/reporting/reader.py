"""The reader a monitoring report is computed as.

Reports are computed as IPAE reads the program: every school, every network, every sponsor. The report's
own target (a region, a network, a sponsor's schools) then narrows the figures through the dashboards'
scope and filters, exactly as a staff member narrowing the dashboard would. Who may open the finished
file is not decided here: the download checks it against the person asking (a sponsor only ever gets
their own company's report, which holds nothing about individual people).
"""

from dataclasses import dataclass

from accounts.models import Role


@dataclass(frozen=True)
class _ProgramReader:
    """Answers the questions the scoping functions ask of a user (`schools_visible_to`,
    `networks_visible_to`, `teachers_visible_to`, `visits_visible_to`, `sponsors_visible_to`) the way
    IPAE staff would. It is no account: nothing can sign in as it, save it or give it to a view."""

    is_authenticated: bool = True
    is_anonymous: bool = False
    is_active: bool = True
    is_ipae_staff: bool = True
    is_coordinator: bool = False
    is_sponsor_user: bool = False
    is_staff: bool = False  # never the data admin
    is_superuser: bool = False
    role: str = Role.STAFF
    pk: None = None
    id: None = None
    username: str = "informes-de-monitoreo"

    def get_full_name(self) -> str:
        return "Informes de monitoreo"

    def __str__(self) -> str:
        return self.username


PROGRAM_READER = _ProgramReader()
