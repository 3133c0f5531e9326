"""Visit photos: accept JPEG, PNG or HEIC from a phone, keep only re-encoded pixels."""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from ..models import Visit, VisitPhoto
from ..permissions import can_approve_photo

register_heif_opener()

ACCEPTED_FORMATS = {"JPEG", "PNG", "HEIF", "MPO"}
# Refuse decompression bombs well before Pillow's own limit: a 50-megapixel phone photo is plenty.
MAX_PIXELS = 50_000_000


@dataclass(frozen=True)
class PreparedPhoto:
    content: ContentFile
    width: int
    height: int


def photo_prepare(upload) -> PreparedPhoto:
    """Check the upload and re-encode it as a JPEG at most CEE_PHOTO_MAX_SIDE_PX wide, without metadata.

    Re-encoding from pixels drops EXIF (GPS, device, time), XMP and ICC data: nothing of the file
    the phone sent is stored. Orientation is applied first, so the photo stays upright.
    """
    max_bytes = settings.CEE_PHOTO_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > max_bytes:
        raise ValidationError(
            _("La foto «%(name)s» pesa más de %(mb)s MB. Elija una foto más liviana.")
            % {"name": upload.name, "mb": settings.CEE_PHOTO_MAX_UPLOAD_MB}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise UnidentifiedImageError(probe.format)
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("La foto «%(name)s» es demasiado grande.") % {"name": upload.name})
            probe.load()
            image = ImageOps.exif_transpose(probe)
            image = image.convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise ValidationError(
            _("El archivo «%(name)s» no es una foto JPEG, PNG o HEIC válida.") % {"name": upload.name}
        ) from exc
    side = settings.CEE_PHOTO_MAX_SIDE_PX
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    content = ContentFile(buffer.getvalue(), name="photo.jpg")
    return PreparedPhoto(content=content, width=image.width, height=image.height)


def photo_slots_left(visit: Visit | None = None) -> int:
    """How many more photos a visit takes: CEE_VISIT_MAX_PHOTOS in all (the one home of that limit)."""
    taken = visit.photos.count() if visit is not None and visit.pk else 0
    return max(0, settings.CEE_VISIT_MAX_PHOTOS - taken)


def photos_attach(*, visit: Visit, photos: list[PreparedPhoto]) -> None:
    """Store a visit's new photos, refusing more than the visit has room for (the caller checked permission)."""
    if len(photos) > photo_slots_left(visit):
        raise ValidationError(
            {"photos": _("Una visita tiene como máximo %(n)s fotos.") % {"n": settings.CEE_VISIT_MAX_PHOTOS}}
        )
    for prepared in photos:
        photo_attach(visit=visit, prepared=prepared)


def photo_attach(*, visit: Visit, prepared: PreparedPhoto) -> VisitPhoto:
    """Store a prepared photo under a random name in private storage (the caller checked permission)."""
    photo = VisitPhoto(visit=visit, width=prepared.width, height=prepared.height, size_bytes=prepared.content.size)
    photo.image.save("photo.jpg", prepared.content, save=False)
    try:
        photo.full_clean()
        photo.save()
    except Exception:
        photo.image.delete(save=False)  # never leave an orphan file behind
        raise
    return photo


@transaction.atomic
def photo_approve(*, user, photo: VisitPhoto, consent_recorded: bool, note: str = "") -> VisitPhoto:
    """Staff approve a photo for sponsors, recording that the school holds the parents' written consent,
    with the short note the sponsor reads under it (its story in the sponsor portal; may be empty).

    Approving is done once: a second approval changes nothing, its note included.
    """
    if not can_approve_photo(user):
        raise PermissionDenied
    if not consent_recorded:
        raise ValidationError(
            {"consent_recorded": _("Confirme que la institución tiene el consentimiento de los padres.")}
        )
    photo = VisitPhoto.objects.select_for_update().get(pk=photo.pk)
    if photo.approved_at is None:
        photo.consent_recorded = True
        photo.approved_at = timezone.now()
        photo.approved_by = user
        photo.story_note = " ".join((note or "").split())  # one line, as it is shown
        photo.full_clean()
        photo.save()
    return photo
