"""Authorization rows of the schools import (`/instituciones/importar/`): IPAE staff and the administrator
only. A preview (a POSTed file) saves no school; confirming posts a token that names a file kept for one
person, so only that person's confirmation imports it (the administrator's post of staff's token does not)."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tests.authorization import TO_LOGIN, Effect, Redirect, Row
from core.import_uploads import upload_keep
from schools.models import School

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "padron_iiee_muestra.csv"


def staff_only(answer, *, admin=None) -> dict:
    """Anonymous people go to the login; staff and the administrator get `answer`; everyone else 403."""
    return {
        "anonymous": TO_LOGIN,
        "staff": answer,
        "admin": answer if admin is None else admin,
        "coordinator": 403,
        "other_coordinator": 403,
        "former_coordinator": 403,
        "sponsor": 403,
        "other_sponsor": 403,
    }


def sample_upload(world) -> dict:
    return {"file": SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes(), content_type="text/csv")}


def staff_confirmation(world) -> dict:
    """The token of the sample padrón, uploaded and previewed by the staff persona."""
    return {"token": upload_keep(user=world.staff, kind="schools", data=SAMPLE.read_bytes())}


def school_count(world):
    return School.objects.count()


ROWS = {
    "schools:school-import": (
        Row(staff_only(200)),
        Row(staff_only(200), method="post", data=sample_upload, effect=Effect(school_count, by=frozenset())),
        Row(
            staff_only(Redirect("schools:school-import"), admin=400),
            method="post",
            data=staff_confirmation,
            effect=Effect(school_count, by=frozenset({"staff"})),
        ),
    ),
}
