"""Action predicates for MINEDU's world of schools: one answer per person and action."""

from accounts.permissions import is_ipae_staff


def can_import_schools(user) -> bool:
    """IPAE staff (and administrators) load and refresh schools from ESCALE's padrón; nobody else."""
    return is_ipae_staff(user)
