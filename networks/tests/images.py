"""Images made with Pillow for the photo tests: small, in any format, optionally with EXIF and GPS."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image
from pillow_heif import register_heif_opener

register_heif_opener()  # so Pillow can write HEIF too

# Written into the test photos' EXIF: none of it may survive the re-encoding.
PHONE_MAKE = "GPS-Phone Ltd"
GPS_INFO = {
    ExifTags.GPS.GPSLatitudeRef: "S",
    ExifTags.GPS.GPSLatitude: (5.0, 12.0, 30.0),
    ExifTags.GPS.GPSLongitudeRef: "W",
    ExifTags.GPS.GPSLongitude: (80.0, 10.0, 0.0),
}


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (64, 48), *, with_exif: bool = False) -> bytes:
    """A small solid image in the given format (JPEG, PNG, HEIF, GIF); optionally with EXIF incl. GPS."""
    image = Image.new("RGB", size, (200, 120, 40))
    params = {}
    if with_exif:
        exif = Image.Exif()
        exif[ExifTags.Base.Make] = PHONE_MAKE
        exif[ExifTags.IFD.GPSInfo] = GPS_INFO
        params["exif"] = exif
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **params)
    return buffer.getvalue()


def jpeg_upload(name: str = "foto.jpg", size: tuple[int, int] = (64, 48), **kwargs) -> SimpleUploadedFile:
    """An uploaded JPEG, as the browser sends it."""
    return SimpleUploadedFile(name, image_bytes("JPEG", size, **kwargs), content_type="image/jpeg")
