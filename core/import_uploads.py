"""An uploaded file kept between its preview and its confirmation: private, random, its owner's, for a while.

The file goes to the private storage (never under MEDIA_URL) as `imports/<user id>/<kind>-<token>`, the
token 128 random bits. Confirming posts only the token: the name is built here from the person signed in,
the kind of import and a token that must be 32 hexadecimal characters, never read from the request, so
one person cannot confirm another's file, nor name a path. A file older than CEE_IMPORT_KEEP_MINUTES is
refused and removed; every new upload sweeps the old ones away.
"""

import datetime
import re
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

FOLDER = "imports"
TOKEN = re.compile(r"[0-9a-f]{32}")
KIND = re.compile(r"[a-z]{1,20}")


def _storage():
    return storages["private"]


def _name(user, kind: str, token: str) -> str:
    if not (KIND.fullmatch(kind) and TOKEN.fullmatch(token)):
        raise ValueError("bad import kind or token")
    return f"{FOLDER}/{int(user.pk)}/{kind}-{token}"


def _expired(name: str) -> bool:
    keep = datetime.timedelta(minutes=settings.CEE_IMPORT_KEEP_MINUTES)
    return _storage().get_modified_time(name) < timezone.now() - keep


def upload_keep(*, user, kind: str, data: bytes) -> str:
    """Keep an uploaded file for its owner; return the token that names it."""
    discard_expired()
    token = secrets.token_hex(16)
    _storage().save(_name(user, kind, token), ContentFile(data))
    return token


def upload_read(*, user, kind: str, token) -> bytes | None:
    """The bytes of this person's kept file, or None (unknown token, someone else's, or expired)."""
    if not (isinstance(token, str) and TOKEN.fullmatch(token)):
        return None
    name, storage = _name(user, kind, token), _storage()
    if not storage.exists(name):
        return None
    if _expired(name):
        storage.delete(name)
        return None
    with storage.open(name, "rb") as kept:
        return kept.read()


def upload_discard(*, user, kind: str, token: str) -> None:
    if isinstance(token, str) and TOKEN.fullmatch(token):
        _storage().delete(_name(user, kind, token))


def discard_expired() -> int:
    """Remove every kept file past its time; return how many."""
    storage, removed = _storage(), 0
    if not storage.exists(FOLDER):
        return 0
    folders, _files = storage.listdir(FOLDER)
    for folder in folders:
        for name in storage.listdir(f"{FOLDER}/{folder}")[1]:
            path = f"{FOLDER}/{folder}/{name}"
            try:
                if _expired(path):
                    storage.delete(path)
                    removed += 1
            except FileNotFoundError:  # another request removed it meanwhile
                continue
    return removed
