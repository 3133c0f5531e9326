"""What each program year asks of coordinators and of schools (the curriculum page and each network's page)."""

from django.db import migrations

ASKS = {
    1: (
        (
            "Acompañar en el aula las sesiones de lectura y escritura, modelar estrategias de comprensión "
            "lectora y organizar con cada institución su plan lector.",
            "Support reading and writing lessons in the classroom, model reading comprehension strategies and "
            "organise each school's reading plan with it.",
        ),
        (
            "Leer todos los días con un plan lector, organizar la biblioteca de aula y medir la fluidez y la "
            "comprensión lectora al inicio y al final del año.",
            "Read every day with a reading plan, organise the classroom library and measure reading fluency and "
            "comprehension at the start and at the end of the year.",
        ),
    ),
    2: (
        (
            "Observar y retroalimentar sesiones de resolución de problemas, promover el material concreto y "
            "ayudar a los docentes a formular preguntas que hagan pensar.",
            "Observe and give feedback on problem-solving lessons, promote hands-on materials and help teachers "
            "ask questions that make students think.",
        ),
        (
            "Resolver problemas en todas las áreas, equipar las aulas con material concreto y compartir las "
            "buenas prácticas en la red.",
            "Solve problems in every subject, equip classrooms with hands-on materials and share good practice "
            "across the network.",
        ),
    ),
    3: (
        (
            "Acompañar las sesiones de expresión oral y escrita e impulsar proyectos de comunicación con las "
            "familias y la comunidad.",
            "Support speaking and writing lessons and drive communication projects with families and the "
            "community.",
        ),
        (
            "Abrir espacios de expresión oral (asambleas, debates, ferias), publicar lo que producen los "
            "estudiantes y comunicar los avances a las familias.",
            "Open spaces for speaking (assemblies, debates, fairs), publish what students produce and report "
            "progress to families.",
        ),
    ),
    4: (
        (
            "Acompañar la convivencia escolar y el trabajo en equipo, y fortalecer el vínculo entre la escuela, "
            "las familias y la comunidad.",
            "Support school life together and teamwork, and strengthen the bond between school, families and "
            "community.",
        ),
        (
            "Aplicar normas de convivencia acordadas, trabajar proyectos en equipo e involucrar a las familias y "
            "a las organizaciones locales.",
            "Apply agreed rules for living together, work on team projects and involve families and local "
            "organisations.",
        ),
    ),
    5: (
        (
            "Acompañar la autonomía de los estudiantes y preparar con la red lo que seguirá después del egreso.",
            "Support students' autonomy and prepare with the network what will continue after it graduates.",
        ),
        (
            "Lograr que los estudiantes planifiquen y evalúen su aprendizaje, y consolidar las prácticas del "
            "programa para sostenerlas sin acompañamiento.",
            "Have students plan and assess their own learning, and consolidate the program's practices so they "
            "last without support.",
        ),
    ),
}


def load(apps, schema_editor):
    CurriculumYear = apps.get_model("networks", "CurriculumYear")
    for number, ((coord_es, coord_en), (school_es, school_en)) in ASKS.items():
        CurriculumYear.objects.filter(number=number).update(
            coordinator_tasks_es=coord_es,
            coordinator_tasks_en=coord_en,
            school_tasks_es=school_es,
            school_tasks_en=school_en,
        )


class Migration(migrations.Migration):
    dependencies = [("networks", "0003_curriculum_history")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
