"""Meetings of parents and teachers at each school: a problem, what was agreed, its follow-up.

One or two per school over the last school year and this one, recorded by the coordinator in charge
that day; most are resolved, some are still open, and a few have a follow-up date already passed (they
appear in the coordinator's caseload).
"""

import datetime

from networks.models import FamilyMeeting

from .fieldwork import uuid_from
from .plan import rng_for, window_start

PROBLEMS = (
    (
        "Varios estudiantes de {grade}.° llegan tarde y sin tareas.",
        "Las familias revisarán el cuaderno cada noche y acompañarán la salida temprano.",
        "La docente enviará una nota semanal con las tareas.",
    ),
    (
        "Inasistencias frecuentes los lunes en {grade}.° grado.",
        "Las familias avisarán a la docente cuando un niño no pueda asistir.",
        "La escuela llamará a las familias el mismo día de la falta.",
    ),
    (
        "Pocos libros en casa para practicar la lectura.",
        "Leer con los hijos quince minutos cada noche con los libros prestados.",
        "Préstamo semanal de libros de la biblioteca de aula.",
    ),
    (
        "Conflictos entre estudiantes en el recreo.",
        "Conversar en casa sobre el respeto y las normas acordadas.",
        "Organizar juegos dirigidos y turnos de docentes en el patio.",
    ),
    (
        "Dificultades de {grade}.° grado con las operaciones básicas.",
        "Practicar cálculo con situaciones de la casa (compras, recetas).",
        "Sesiones de refuerzo con material concreto los miércoles.",
    ),
)
FOLLOW_UP_BY = ("La directora", "El director", "Docente de aula", "Comité de padres de familia")
FIELDS = [
    "client_uuid",
    "school_id",
    "coordinator_id",
    "kind",
    "date",
    "problem",
    "agreed_at_home",
    "agreed_at_school",
    "parents",
    "teachers",
    "follow_up_by",
    "follow_up_on",
    "resolved_on",
    "resolution",
    "version",
]


def write_family_meetings(demo) -> None:
    demo.writer.write(FamilyMeeting, FIELDS, family_meeting_rows(demo))


def family_meeting_rows(demo):
    start = max(window_start(demo.today), datetime.date(demo.today.year - 1, 3, 1))
    span = (demo.today - start).days
    for school in demo.schools:
        rng = rng_for("families", school.index)
        for _ in range(rng.choice((1, 1, 2))):
            day = start + datetime.timedelta(days=rng.randint(0, max(span - 1, 0)))
            plan = school.network_on(day)
            coordinator = plan.coordinator_on(day)
            if coordinator is None or not plan.in_program(day.year):
                continue
            problem, at_home, at_school = rng.choice(PROBLEMS)
            grade = rng.randint(1, 6)
            follow_up_on = day + datetime.timedelta(days=rng.choice((14, 21, 30)))
            resolved_on = None
            resolution = ""
            if rng.random() < 0.6 and follow_up_on + datetime.timedelta(days=7) <= demo.today:
                resolved_on = follow_up_on + datetime.timedelta(days=rng.randint(0, 7))
                resolution = "Se cumplieron los acuerdos y el problema ya no se presenta."
            if follow_up_on > demo.today + datetime.timedelta(days=60):
                follow_up_on = None
            yield (
                uuid_from(rng),
                school.id,
                demo.coordinators[coordinator],
                "parents_school" if rng.random() < 0.3 else "parents_teachers",
                day,
                problem.format(grade=grade),
                at_home,
                at_school,
                rng.randint(6, 30),
                rng.randint(1, 3),
                rng.choice(FOLLOW_UP_BY),
                follow_up_on,
                resolved_on,
                resolution,
                1,
            )
