"""accounts.0003 makes the rows of before the rule fit the constraints it adds, granting nothing new."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import Role, User

BEFORE = [("accounts", "0002_initial")]
AFTER = [("accounts", "0003_user_flags_follow_role")]


@pytest.mark.django_db
def test_the_constraint_migration_fixes_rows_written_before_the_rule(capsys):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_user = executor.loader.project_state(BEFORE).apps.get_model("accounts", "User")
    rows = {
        # createsuperuser gave the model's default role (staff) to every superuser
        "raiz": {"role": "staff", "is_superuser": True, "is_staff": True},
        "coord.elevado": {"role": "coordinator", "is_superuser": True, "is_staff": True},
        "coord.con.admin": {"role": "coordinator", "is_staff": True},
        "ipae": {"role": "staff", "is_staff": True},
        "admin": {"role": "admin", "is_superuser": True, "is_staff": True},
    }
    for username, flags in rows.items():
        old_user.objects.create(username=username, password="!", **flags)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks while the table is altered

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    users = {user.username: (user.role, user.is_superuser, user.is_staff) for user in User.objects.all()}
    assert users == {
        "raiz": (Role.ADMIN, True, True),
        "coord.elevado": (Role.COORDINATOR, False, False),
        "coord.con.admin": (Role.COORDINATOR, False, False),
        "ipae": (Role.STAFF, False, True),
        "admin": (Role.ADMIN, True, True),
    }
    printed = capsys.readouterr().out
    assert "role admin: raiz" in printed
    assert "superuser/staff removed: coord.con.admin, coord.elevado" in printed
