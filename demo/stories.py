"""Stories for the demo sponsors' portal: photos of classroom visits that IPAE approved, each with a note.

The photos are drawings made here (a school under the Andean sky, in a few colours): the demo shows no
real place or person. A handful of files under `visits/demo/` in private storage, written once and shared
by every load (the rows point at them; the files outlive a rolled-back load without piling up). Each demo
sponsor gets `APPROVED` stories at its schools, and sponsor A one photo still waiting for approval (staff
have one to approve; the portal never shows it).
"""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from networks.models import Visit, VisitPhoto
from schools.models import Sponsorship

from . import data

APPROVED = 6
DRAWINGS = 8  # files shared by every story
WIDTH, HEIGHT = 960, 720
SKIES = ("#8ec5e8", "#a9d3ee", "#f3c98b", "#b9d7ea")
WALLS = ("#f2e3c6", "#e9d2b0", "#f5efe1", "#dcc9a8")
ROOFS = ("#b3261e", "#8a5a00", "#7b3fa0", "#0b5c8a")
HILLS = ("#6f9a4b", "#7da35a", "#8a9a5b", "#5f8a4a")


def drawing(number: int) -> bytes:
    """A JPEG drawing of a rural school (number picks the colours and where things stand)."""
    pick = lambda options: options[number % len(options)]  # noqa: E731
    image = Image.new("RGB", (WIDTH, HEIGHT), pick(SKIES))
    draw = ImageDraw.Draw(image)
    draw.ellipse((760 - number * 40, 60, 860 - number * 40, 160), fill="#f6d55c")  # the sun
    draw.polygon([(0, 430), (220, 250 + number * 10), (460, 430)], fill=pick(HILLS[1:] + HILLS[:1]))
    draw.polygon([(380, 430), (700, 220 + number * 8), (960, 430)], fill=pick(HILLS))
    draw.rectangle((0, 430, WIDTH, HEIGHT), fill="#c9b48a")  # the schoolyard
    left = 160 + (number % 3) * 30
    draw.rectangle((left, 330, left + 520, 560), fill=pick(WALLS), outline="#5d4a2e", width=3)
    draw.polygon([(left - 30, 335), (left + 260, 220), (left + 550, 335)], fill=pick(ROOFS))
    for k in range(4):  # windows and the door
        x = left + 40 + k * 120
        if k == 2:
            draw.rectangle((x + 10, 430, x + 80, 560), fill="#6b4a2b")
        else:
            draw.rectangle((x, 380, x + 80, 450), fill="#cfe6f5", outline="#5d4a2e", width=3)
    pole = left + 580
    draw.rectangle((pole, 250, pole + 6, 560), fill="#5d6d7a")  # the flag: red, white, red
    for k, colour in enumerate(("#d91023", "#ffffff", "#d91023")):
        draw.rectangle((pole + 6 + k * 30, 255, pole + 36 + k * 30, 305), fill=colour)
    for k in range(3):  # trees
        x = 60 + k * 70 + (number * 13) % 40
        draw.rectangle((x + 18, 470, x + 28, 540), fill="#6b4a2b")
        draw.ellipse((x, 410, x + 46, 480), fill="#3f7a3a")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80, optimize=True)
    return buffer.getvalue()


def stored_drawing(number: int) -> tuple[str, int]:
    """The drawing's file in private storage (written the first time only) and its size in bytes."""
    storage = VisitPhoto._meta.get_field("image").storage
    name = f"visits/demo/historia-{number}.jpg"
    if not storage.exists(name):
        name = storage.save(name, ContentFile(drawing(number)))
    return name, storage.size(name)


def story_visits(sponsor, year: int, count: int) -> list[Visit]:
    """The latest classroom visit of each of the first `count` schools (by name) the sponsor funds."""
    funded = Sponsorship.objects.in_force_in(year).filter(sponsor=sponsor).values("school_id")
    classroom = Visit.objects.filter(kind=Visit.Kind.CLASSROOM)
    schools = (
        classroom.filter(school_id__in=funded)
        .order_by("school__name", "school_id")
        .values_list("school_id", flat=True)
        .distinct()[:count]
    )
    return [classroom.filter(school_id=school_id).order_by("-date", "-pk").first() for school_id in schools]


def write_stories(demo) -> None:
    staff = get_user_model().objects.get(username="ipae")
    now = timezone.now()
    photos, number = [], 0
    for key in (data.SPONSOR_A, data.SPONSOR_B):
        visits = story_visits(demo.sponsors[key], demo.today.year, APPROVED + (1 if key == data.SPONSOR_A else 0))
        for index, visit in enumerate(visits):
            name, size = stored_drawing(number % DRAWINGS)
            pending = index == APPROVED  # sponsor A's last one waits for staff
            two_days_later = datetime.datetime.combine(visit.date + datetime.timedelta(days=2), datetime.time(16))
            approved_at = min(now, timezone.make_aware(two_days_later))
            photos.append(
                VisitPhoto(
                    visit=visit,
                    image=name,
                    width=WIDTH,
                    height=HEIGHT,
                    size_bytes=size,
                    consent_recorded=not pending,
                    approved_at=None if pending else approved_at,
                    approved_by=None if pending else staff,
                    story_note="" if pending else data.STORY_NOTES[number % len(data.STORY_NOTES)],
                )
            )
            number += 1
    VisitPhoto.objects.bulk_create(photos)
