"""The personas of every permission test: one list, read by the root conftest and the authorization matrix.

Each name is a person of the root conftest's `world`:
- anonymous: nobody signed in;
- staff: IPAE staff (role staff), with the data admin;
- admin: the administrator (role admin, superuser);
- coordinator / other_coordinator: the coordinators of network A (Piura) and network B (Cusco);
- former_coordinator: coordinated a network that has since graduated; no network today, own past visits;
- sponsor / other_sponsor: users of sponsor A and sponsor B, which fund disjoint schools.
"""

PERSONAS = (
    "anonymous",
    "staff",
    "admin",
    "coordinator",
    "other_coordinator",
    "former_coordinator",
    "sponsor",
    "other_sponsor",
)
SIGNED_IN = tuple(p for p in PERSONAS if p != "anonymous")
