"""Workshops (talleres) of every network and region, with who attended: directors and teachers one by one,
parents counted per school."""

import datetime
from decimal import Decimal

from workshops.models import Attendance, ParentAttendance, Workshop

from . import data, places
from .fieldwork import focus, load_focus
from .plan import rng_for

WORKSHOP_FIELDS = [
    "title",
    "program_year",
    "modality",
    "starts_on",
    "ends_on",
    "duration_hours",
    "region_id",
    "network_id",
    "for_directors",
    "for_teachers",
    "for_parents",
    "venue",
    "facilitator",
]
FACILITATORS = ("Carmen Rojas Villanueva", "Jorge Ccama Huillca", "Milagros Távara Sosa", "Raúl Inga Pacheco")
VIRTUAL_ROOM = "https://aula.ipae.example/cee/"  # invented: the demo claims no real meeting link
MISSING_EVERYTHING = 2  # teachers per network who attend no workshop this year (the coverage page lists them)


def weekday_on_or_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def write_workshops(demo) -> None:
    """Per network and year: an opening workshop, a virtual one for teachers and a parents' school.

    Per region and year: a virtual induction for the directors of the networks that start that year.
    Per network in the program, one closing workshop planned two weeks ahead (no attendance yet).
    Attendance is per person for directors and teachers (two teachers per network came to nothing this
    year), and per school for parents (a few schools sent none).
    """
    load_focus(demo)
    rows, attendees = [], []  # attendees[i] = (people, share who came, schools for parents) for rows[i]
    years = (demo.today.year - 1, demo.today.year)
    for plan in demo.networks:
        rng = rng_for("workshops", plan.index)
        schools = [demo.schools[i] for i in plan.school_indexes]
        directors = [s.director_id for s in schools]
        docentes = [pk for s in schools for pk in s.docentes]
        absent = set(rng.sample(docentes, min(MISSING_EVERYTHING, len(docentes))))
        province = places.PLACES[plan.region_code].province
        district = places.PLACES[plan.region_code].districts[plan.district][1]
        facilitator = FACILITATORS[plan.index % len(FACILITATORS)]
        for year in years:
            if not plan.in_program(year):
                continue
            p = plan.program_year(year)
            starts = weekday_on_or_after(datetime.date(year, 3, rng.randint(2, 12)))
            topic = rng.choice(data.WORKSHOP_TEACHER_TOPICS[p])
            held = [
                (
                    f"Taller de inicio del año {p}: {focus(demo, p)}",
                    "on_site",
                    starts,
                    starts + datetime.timedelta(days=1),
                    Decimal(16),
                    (True, True, False),
                    f"Auditorio de la UGEL {province}",
                    directors + docentes,
                    0.88,
                ),
                (
                    f"Taller virtual: {topic}",
                    "virtual",
                    weekday_on_or_after(datetime.date(year, rng.choice((8, 9)), rng.randint(3, 25))),
                    None,
                    Decimal(3),
                    (False, True, False),
                    f"{VIRTUAL_ROOM}red-{plan.index + 1}/{year}",
                    docentes,
                    0.78,
                ),
                (
                    f"Escuela de padres: {rng.choice(data.WORKSHOP_PARENT_TOPICS)}",
                    "on_site",
                    datetime.date(year, rng.choice((5, 6, 10)), rng.randint(1, 28)),
                    None,
                    Decimal("2.5"),
                    (False, False, True),
                    f"Local comunal de {district}",
                    [],
                    0.0,
                ),
            ]
            for title, modality, starts_on, ends_on, hours, audience, venue, people, share in held:
                ends_on = ends_on or starts_on
                if ends_on > demo.today:
                    continue
                invited = [pk for pk in people if not (year == demo.today.year and pk in absent)]
                rows.append(
                    (title, p, modality, starts_on, ends_on, hours, None, plan.id, *audience, venue, facilitator)
                )
                attendees.append((invited, share, [s.id for s in schools] if audience[2] else []))
        closing = weekday_on_or_after(demo.today + datetime.timedelta(days=14))
        if plan.in_program(closing.year):
            p = plan.program_year(closing.year)
            title = (
                f"Taller de cierre: balance del año {p}"
                if closing.year == demo.today.year
                else f"Taller de inicio del año {p}"
            )
            venue = f"Auditorio de la UGEL {province}"
            rows.append(
                (
                    title,
                    p,
                    "on_site",
                    closing,
                    closing,
                    Decimal(6),
                    None,
                    plan.id,
                    True,
                    True,
                    False,
                    venue,
                    facilitator,
                )
            )
            attendees.append(([], 0.0, []))
    for code in sorted(places.PLACES):
        rng = rng_for("induction", code)
        region_plans = [p for p in demo.networks if p.region_code == code]
        for year in years:
            day = weekday_on_or_after(datetime.date(year, 4, rng.randint(6, 24)))
            new = [p for p in region_plans if p.cohort == year]
            if day > demo.today or not new:
                continue
            directors = [demo.schools[i].director_id for p in new for i in p.school_indexes]
            title = "Inducción regional para directores de redes nuevas"
            region_id = demo.regions[code].pk
            venue = f"{VIRTUAL_ROOM}induccion/{code}/{year}"
            rows.append(
                (title, 1, "virtual", day, day, Decimal(4), region_id, None, True, False, False, venue, FACILITATORS[0])
            )
            attendees.append((directors, 0.9, []))
    ids = demo.writer.write(Workshop, WORKSHOP_FIELDS, rows, ids=True)
    demo.writer.write(Attendance, ["workshop_id", "teacher_id", "attended"], attendance_rows(ids, attendees))
    demo.writer.write(ParentAttendance, ["workshop_id", "school_id", "count"], parent_rows(ids, attendees))


def attendance_rows(ids, attendees):
    for position, (workshop_id, (people, share, _schools)) in enumerate(zip(ids, attendees, strict=True)):
        rng = rng_for("attendance", position)
        for teacher_id in people:
            yield (workshop_id, teacher_id, rng.random() < share)


def parent_rows(ids, attendees):
    """Parents per school at each parents' school; about one school in eight sent none (no row)."""
    for position, (workshop_id, (_people, _share, schools)) in enumerate(zip(ids, attendees, strict=True)):
        rng = rng_for("parents", position)
        for school_id in schools:
            if rng.random() >= 0.125:
                yield (workshop_id, school_id, rng.randint(3, 18))
