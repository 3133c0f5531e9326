"""Load the five-year curriculum: one focus per program year, each building on the last."""

from django.db import migrations

CURRICULUM = [
    (
        1,
        ("Lectura y escritura", "Reading and writing"),
        (
            "Los estudiantes leen con comprensión y escriben textos propios; la escuela y las familias crean "
            "ambientes letrados.",
            "Students read with understanding and write their own texts; school and families build "
            "print-rich environments.",
        ),
        [
            ("Lee diversos tipos de textos escritos en su lengua materna.", "Reads different kinds of written texts in their mother tongue."),
            ("Escribe diversos tipos de textos en su lengua materna.", "Writes different kinds of texts in their mother tongue."),
            ("Se comunica oralmente en su lengua materna.", "Communicates orally in their mother tongue."),
        ],
    ),
    (
        2,
        ("Pensamiento crítico y lógico", "Critical and logical thinking"),
        (
            "Los estudiantes razonan, resuelven problemas y argumentan sus ideas con evidencias.",
            "Students reason, solve problems and support their ideas with evidence.",
        ),
        [
            ("Resuelve problemas de cantidad.", "Solves quantity problems."),
            ("Resuelve problemas de regularidad, equivalencia y cambio.", "Solves problems of pattern, equivalence and change."),
            ("Argumenta sus opiniones a partir de lo que lee y observa.", "Supports opinions with what they read and observe."),
        ],
    ),
    (
        3,
        ("Comunicación", "Communication"),
        (
            "Los estudiantes expresan ideas y emociones con claridad, escuchan a otros y dialogan.",
            "Students express ideas and feelings clearly, listen to others and hold a dialogue.",
        ),
        [
            ("Expresa sus ideas con claridad ante distintos públicos.", "Expresses ideas clearly to different audiences."),
            ("Escucha activamente y responde con respeto.", "Listens actively and responds with respect."),
            ("Usa recursos expresivos y digitales para comunicar.", "Uses expressive and digital resources to communicate."),
        ],
    ),
    (
        4,
        ("Socialización", "Socialization"),
        (
            "Los estudiantes conviven, participan y trabajan en equipo en la escuela y en su comunidad.",
            "Students live together, take part and work in teams at school and in their community.",
        ),
        [
            ("Convive y participa democráticamente.", "Lives together and takes part democratically."),
            ("Trabaja en equipo y resuelve conflictos de manera pacífica.", "Works in teams and resolves conflicts peacefully."),
            ("Valora su identidad y la diversidad de su comunidad.", "Values their identity and the diversity of their community."),
        ],
    ),
    (
        5,
        ("Habilidades de aprendizaje y desarrollo personal", "Learning skills and personal development"),
        (
            "Los estudiantes aprenden por sí mismos, se organizan y construyen su proyecto personal.",
            "Students learn on their own, organise themselves and build their personal project.",
        ),
        [
            ("Gestiona su aprendizaje de manera autónoma.", "Manages their own learning autonomously."),
            ("Construye su identidad y cuida su bienestar.", "Builds their identity and looks after their wellbeing."),
            ("Planifica metas personales y persevera en ellas.", "Sets personal goals and perseveres in them."),
        ],
    ),
]


def load(apps, schema_editor):
    CurriculumYear = apps.get_model("networks", "CurriculumYear")
    Competency = apps.get_model("networks", "Competency")
    for number, (focus_es, focus_en), (desc_es, desc_en), competencies in CURRICULUM:
        year, _ = CurriculumYear.objects.update_or_create(
            number=number,
            defaults={"focus_es": focus_es, "focus_en": focus_en, "description_es": desc_es, "description_en": desc_en},
        )
        for order, (name_es, name_en) in enumerate(competencies, start=1):
            Competency.objects.update_or_create(
                year=year, order=order, defaults={"name_es": name_es, "name_en": name_en}
            )


def unload(apps, schema_editor):
    apps.get_model("networks", "CurriculumYear").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("networks", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
