"""Users, one factory per role. Every password is the same known test password."""

import factory

from accounts.models import Role, User

TEST_PASSWORD = "clave-de-prueba-2025"


class UserFactory(factory.django.DjangoModelFactory):
    """A plain IPAE staff member without admin access (role staff, is_staff False)."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"usuario{n}")
    first_name = factory.Sequence(lambda n: f"Nombre{n}")
    last_name = "Pérez"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password(TEST_PASSWORD)
    role = Role.STAFF
    is_staff = False


class StaffFactory(UserFactory):
    """IPAE staff who keep the data through the admin."""

    username = factory.Sequence(lambda n: f"ipae{n}")
    role = Role.STAFF
    is_staff = True


class AdminUserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    role = Role.ADMIN
    is_staff = True
    is_superuser = True


class CoordinatorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"coord{n}")
    role = Role.COORDINATOR


class SponsorUserFactory(UserFactory):
    """A user of one sponsor company: `SponsorUserFactory(sponsor=s)` links the account to s (the
    schools app's SponsorUser); a new company is created unless given; `sponsor__unlinked=True` leaves
    the account without a company.
    """

    class Meta:
        skip_postgeneration_save = True  # the hook writes the company link, not the user

    username = factory.Sequence(lambda n: f"sponsor{n}")
    role = Role.SPONSOR

    @factory.post_generation
    def sponsor(self, create, sponsor, **kwargs):
        if not create or kwargs.get("unlinked"):
            return
        from schools.models import SponsorUser
        from schools.tests.factories import SponsorFactory

        SponsorUser.objects.create(user=self, sponsor=sponsor if sponsor is not None else SponsorFactory())
