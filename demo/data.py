"""What the demo is made of: names, invented companies, field notes and reference figures.

Companies, people, schools and notes are invented: no real company is named as a sponsor, and the
RUCs sit in the unassigned 2099... range. The real geography is in `places.py`.
"""

from dataclasses import dataclass

DEMO_SEED = 2007  # the year CEE's earliest networks in this demo's story began; any fixed number would do
DEFAULT_PASSWORD = "cee-demo-2026"  # noqa: S105 (a documented demo password, printed on purpose)
DEFAULT_NETWORKS = 60  # four per program region
DEFAULT_SCHOOLS = 600
VISITS_PER_SCHOOL = 30  # over the two school years of the demo window


# --- Sponsors (invented) --------------------------------------------------------------
@dataclass(frozen=True)
class SponsorSpec:
    key: str
    name: str
    sector: str  # schools.models.Sponsor.Sector value
    currency: str
    regions: tuple[str, ...]
    contact: str


SPONSORS: tuple[SponsorSpec, ...] = (
    SponsorSpec("a", "Agroindustrias Cerezo del Chira S.A.C.", "agroindustria", "PEN", ("20",), "Lucía Ramos Zapata"),
    SponsorSpec("b", "Minera Qori Wayra S.A.", "mineria", "USD", ("08",), "Javier Huamán Ccori"),
    SponsorSpec("c", "Minera Cumbre Alta del Norte S.A.", "mineria", "USD", ("06", "13", "02"), "Patricia Chávez Ruiz"),
    SponsorSpec("d", "Energía Pacífico Andino S.A.", "energia", "USD", ("15", "11", "04"), "Ricardo Salazar Vega"),
    SponsorSpec(
        "e", "Financiera Horizonte Andino S.A.", "finanzas", "PEN", ("12", "09", "05", "08"), "Gabriela Rojas Quispe"
    ),
    SponsorSpec("f", "Cementos Cumbre Blanca S.A.A.", "industria", "PEN", ("04", "21", "03"), "Óscar Paredes Linares"),
    SponsorSpec("g", "Comercial Tres Valles S.A.C.", "comercio", "PEN", ("10", "19", "15"), "Mónica Espinoza Tello"),
    SponsorSpec(
        "h", "Minera Puka Rumi S.A.C.", "mineria", "USD", ("19", "10", "03", "09"), "Hernán Cárdenas Villanueva"
    ),
    SponsorSpec("i", "Hilanderías Altiplano Sur S.A.C.", "industria", "PEN", ("21", "05"), "Rosa Mamani Apaza"),
    SponsorSpec(
        "j",
        "Servicios Portuarios Bahía Serena S.A.",
        "servicios",
        "PEN",
        ("20", "15", "11", "13"),
        "Daniel Yarlequé Sosa",
    ),
    SponsorSpec(
        "k", "Agrícola Huarango Verde S.A.C.", "agroindustria", "PEN", ("11", "13", "06"), "Elena Uribe Castro"
    ),
    SponsorSpec(
        "l",
        "Transportes Ruta del Sol Andino S.A.C.",
        "servicios",
        "PEN",
        ("12", "05", "09", "02"),
        "Wilber Ccama Torres",
    ),
)
SPONSOR_A, SPONSOR_B = "a", "b"  # sponsor.a funds only Piura schools, sponsor.b only Cusco schools


# --- People ---------------------------------------------------------------------------
FEMALE_NAMES = (
    "María", "Rosa", "Carmen", "Luz", "Ana", "Elena", "Julia", "Norma", "Gladys", "Maribel", "Yolanda", "Delia",
    "Sonia", "Flor", "Nelly", "Rocío", "Milagros", "Janet", "Edith", "Ruth", "Marisol", "Silvia", "Pilar",
    "Lourdes", "Teresa", "Isabel", "Martha", "Juana", "Karina", "Yesenia", "Roxana", "Betty", "Doris", "Haydée",
)  # fmt: skip
MALE_NAMES = (
    "José", "Juan", "Luis", "Carlos", "Jorge", "Víctor", "Julio", "César", "Walter", "Edwin", "Wilber", "Percy",
    "Hugo", "Raúl", "Alberto", "Fredy", "Richard", "Ronald", "Elmer", "Teodoro", "Nilo", "Feliciano", "Alejandro",
    "Marco Antonio", "Rubén", "Segundo",
)  # fmt: skip
SURNAMES_COMMON = (
    "García", "Flores", "Rodríguez", "Sánchez", "Ramírez", "Torres", "Díaz", "Vásquez", "Rojas", "Chávez",
    "Castillo", "Mendoza", "Gutiérrez", "Ramos", "Cruz", "Ruiz", "Espinoza", "Vargas", "Romero", "Salazar",
    "Herrera", "Silva", "Medina", "Aguilar", "Reyes", "Paredes", "Cárdenas", "Cáceres", "Villanueva", "Acosta",
)  # fmt: skip
SURNAMES_ANDEAN = (
    "Quispe", "Mamani", "Huamán", "Condori", "Ccama", "Choque", "Apaza", "Huanca", "Ticona", "Cusi", "Yupanqui",
    "Puma", "Ccori", "Layme", "Huayhua", "Limachi", "Challco", "Sullca", "Huaraca", "Pari", "Taipe", "Poma",
)  # fmt: skip
SURNAMES_COAST = (
    "Chunga", "Yarlequé", "Sernaqué", "Ipanaqué", "Querevalú", "Zapata", "Purizaca", "Tume", "Ayala", "Juárez",
    "Castro", "Lozada", "Saavedra", "Carrasco", "Guerrero", "Córdova",
)  # fmt: skip

SCHOOL_PATRONS = (
    "San Martín de Porres", "Santa Rosa de Lima", "José Carlos Mariátegui", "César Vallejo", "Miguel Grau",
    "José Olaya", "Túpac Amaru", "María Parado de Bellido", "Virgen de Fátima", "Jorge Basadre",
    "José María Arguedas", "Ricardo Palma", "Inca Garcilaso de la Vega", "Micaela Bastidas",
    "Andrés Avelino Cáceres", "Señor de los Milagros", "Niño Jesús", "Abraham Valdelomar",
    "Francisco Bolognesi", "Sagrado Corazón de Jesús",
)  # fmt: skip
VILLAGES_ANDEAN = (
    "Huayllapampa", "Ccollpa", "Chacapampa", "Ccorao", "Llaullipata", "Pumamarca", "Rumichaca", "Huancapata",
    "Pucará", "Sallac", "Ccochapata", "Antapampa", "Quishuarpata", "Tambopata Alta", "Moyobamba Baja",
    "Yanamayo", "Ccasapata", "Patahuasi", "Chuñochayoc", "Cruzpata", "Occopata", "Huaylla Grande",
)  # fmt: skip
VILLAGES_COAST = (
    "La Legua", "Nuevo Pedregal", "Pampa de los Silva", "Santa Julia", "Nueva Esperanza", "Los Algarrobos",
    "San José Obrero", "Cruceta", "Malingas", "Chapica", "Pampas de Hospital", "Los Ejidos", "El Porvenir Bajo",
    "Cerro Azul", "La Huaca", "Villa Hermosa", "Las Palmeras", "San Pedro Alto",
)  # fmt: skip
NETWORK_SUFFIXES = ("Norte", "Sur", "Alto", "Bajo", "Este", "Oeste", "Centro", "Valle")


# --- Field notes (no child is ever named) ---------------------------------------------
# Per program year: what a classroom session is about.
SESSION_TOPICS = {
    1: ("comprensión lectora", "producción de textos", "lectura en voz alta", "biblioteca de aula"),
    2: ("resolución de problemas", "razonamiento matemático", "argumentación", "problemas de cantidad"),
    3: ("expresión oral", "diálogo en aula", "exposición de trabajos", "escucha activa"),
    4: ("trabajo en equipo", "convivencia en el aula", "proyecto de aula", "asamblea de aula"),
    5: ("aprendizaje autónomo", "proyecto personal", "organización del estudio", "metas personales"),
}
STRENGTHS = (
    "Buena organización del tiempo y de los materiales.",
    "Los estudiantes participan activamente y preguntan.",
    "Se usan los sectores del aula y el material concreto.",
    "Las normas de convivencia están visibles y se respetan.",
    "Se retroalimenta a cada grupo durante la actividad.",
    "Se aprovechan los cuadernos de trabajo del MINEDU.",
    "Los estudiantes trabajan en grupos pequeños con roles claros.",
    "El propósito de la sesión se comunicó al inicio.",
)
GAPS = (
    "Falta acompañar de cerca a los estudiantes con más dificultades.",
    "La consigna inicial no fue clara para todos.",
    "Conviene usar más preguntas inferenciales y críticas.",
    "El cierre fue breve: faltó la reflexión sobre lo aprendido.",
    "Aún no se registra el avance en el cuaderno de campo.",
    "En el aula multigrado conviene atender a cada grado por separado en algún momento.",
    "El material concreto fue insuficiente para todos los grupos.",
)
CLASSROOM_AGREEMENTS = (
    "Planificar juntos la próxima sesión de {topic}.",
    "Aplicar una ficha semanal de {topic} y compartir los resultados en la reunión de red.",
    "Elaborar con los padres materiales para {topic}.",
    "Registrar el avance de cada grado en el cuaderno de campo.",
    "Preparar una sesión demostrativa de {topic} para la red.",
    "Incorporar un momento de metacognición al cierre de cada sesión.",
)
HOME_NOTES = (
    "Visita a la familia de un estudiante de {grade}.° grado con inasistencias frecuentes.",
    "Visita domiciliaria para acompañar la lectura en casa.",
    "Conversación con la madre sobre los hábitos de estudio en casa.",
    "Visita a una familia nueva en la comunidad para presentar el programa.",
    "Seguimiento a una familia que se comprometió en la escuela de padres.",
)
HOME_AGREEMENTS = (
    "La familia acompañará veinte minutos de lectura diaria.",
    "Asistir a la próxima escuela de padres.",
    "La docente enviará fichas de trabajo para el hogar.",
    "La familia asegurará la asistencia puntual del estudiante.",
)
DIRECTOR_NOTES = (
    "Revisión del plan anual de trabajo y de las metas de la institución.",
    "Revisión de la asistencia docente y del avance del calendario escolar.",
    "Análisis de los resultados de la evaluación diagnóstica.",
    "Coordinación de la reunión de red y del taller de padres.",
    "Revisión del uso de los materiales donados por la empresa auspiciadora.",
)
DIRECTOR_AGREEMENTS = (
    "Actualizar el tablero de metas de la I.E.",
    "Programar una jornada de reflexión con los docentes.",
    "Convocar a la APAFA para organizar la escuela de padres.",
    "Enviar el informe del bimestre a la UGEL.",
)
MEETING_NOTES = (
    "Participación de la I.E. en la reunión de red: se compartieron avances de {focus}.",
    "La I.E. presentó su experiencia exitosa en la reunión de red.",
    "Reunión de red en la I.E.: se acordó el calendario de visitas cruzadas.",
)
MEETING_DECISIONS = (
    "Se aprobó el calendario de la feria de lectura de la red.",
    "Las escuelas intercambiarán sesiones demostrativas entre docentes.",
    "Se formará una comisión de padres para el refrigerio escolar.",
    "Los líderes comunitarios apoyarán la campaña de matrícula oportuna.",
    "Se acordó un concurso de cuentos en lengua materna.",
    "La red presentará sus resultados a la municipalidad distrital.",
    "Se organizará una faena comunal para mejorar los locales escolares.",
)

WORKSHOP_PARENT_TOPICS = (
    "Leemos en familia",
    "Acompañamos las tareas en casa",
    "Buen trato y crianza positiva",
    "Alimentación saludable y aprendizaje",
    "La familia y la escuela, juntas",
)
WORKSHOP_TEACHER_TOPICS = {
    1: ("Estrategias de comprensión lectora", "Producción de textos en el aula multigrado"),
    2: ("Resolución de problemas con material concreto", "Pensamiento crítico en el aula"),
    3: ("Expresión oral y escucha activa", "Comunicación con recursos digitales"),
    4: ("Convivencia democrática y trabajo en equipo", "Proyectos de aula con la comunidad"),
    5: ("Aprendizaje autónomo y metacognición", "Proyecto de vida en la escuela primaria"),
}

# Goals a school sets: (area, indicator, unit, baseline range, yearly improvement range).
GOAL_INDICATORS = (
    ("learning", "% de estudiantes de 2.° grado en nivel satisfactorio en lectura", (10, 45), (5, 12)),
    ("learning", "% de estudiantes de 4.° grado en nivel satisfactorio en matemática", (8, 35), (4, 10)),
    ("teaching", "% de docentes que aplican estrategias de comprensión lectora", (20, 60), (10, 25)),
    ("teaching", "% de sesiones observadas con retroalimentación a los estudiantes", (15, 50), (10, 20)),
    ("management", "N.° de jornadas de planificación colegiada al año", (2, 6), (2, 4)),
    ("families", "% de padres que asisten a las reuniones de aula", (30, 65), (8, 20)),
    ("families", "% de familias que leen con sus hijos en casa", (15, 45), (8, 18)),
    ("coexistence", "% de asistencia diaria de los estudiantes", (78, 92), (2, 6)),
)

# Second-grade share in "satisfactorio" by area type, near the national ECE figures (DOMAIN.md: reading
# 46.4 and math 34.1 in 2016) for urban schools and clearly lower in rural ones.
ASSESSMENT_SATISFACTORIO = {
    "urban": {"reading": 0.46, "math": 0.34},
    "peri_urban": {"reading": 0.37, "math": 0.26},
    "rural": {"reading": 0.22, "math": 0.15},
}
# How the students below "satisfactorio" split into en proceso / en inicio / previo al inicio.
BELOW_LEVEL_SPLIT = {
    "urban": (0.55, 0.35, 0.10),
    "peri_urban": (0.50, 0.37, 0.13),
    "rural": (0.40, 0.42, 0.18),
}
PROGRAM_YEAR_GAIN = 0.02  # each year in the program adds about two points to the share in satisfactorio


# --- Stories for the sponsors (notes under approved photos; no child or teacher is named) -----------
STORY_NOTES = (
    "Feria de lectura: las familias leyeron cuentos con sus hijos en el patio de la escuela.",
    "Los estudiantes de 2.° grado presentaron los cuentos que escribieron en el taller de producción de textos.",
    "La biblioteca de aula, armada con los docentes, ya presta libros para leer en casa.",
    "Matemática con material concreto: los estudiantes resolvieron problemas de cantidad en equipo.",
    "Asamblea de aula: los estudiantes acordaron sus normas de convivencia.",
    "Escuela de padres: las familias aprendieron a acompañar la lectura en casa.",
    "Los docentes de la red compartieron sus mejores sesiones de comprensión lectora.",
    "El mural de metas de la escuela, acordado por el director, los docentes y las familias.",
)
