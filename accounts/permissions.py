"""Role gates for views. Object scope lives in the selectors (schools_visible_to and the ones built on it)."""

from django.contrib.auth.mixins import UserPassesTestMixin


class RoleRequiredMixin(UserPassesTestMixin):
    """403 for a logged-in user whose role may not use the view (anonymous users go to the login page)."""

    allowed_roles: tuple[str, ...] = ()

    def test_func(self):
        user = self.request.user
        return user.is_authenticated and (user.role in self.allowed_roles or user.is_superuser)


def can_use_admin(user) -> bool:
    """IPAE staff keep the data right through the admin; coordinators and sponsors never enter it."""
    return user.is_authenticated and user.is_ipae_staff and user.is_staff
