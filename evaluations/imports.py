"""Assessment results from an ECE-style file (one row per school, year, grade and subject).

Columns: cod_mod, anexo, year, grade, subject (Lectura | Matemática), programados, evaluados,
previo_inicio, en_inicio, en_proceso, satisfactorio, medida_promedio.

- The school is found by código modular + anexo (a código modular that lost its leading zero is padded);
  a school that is not in cee is an error of that row: import the padrón first.
- The key is school + year + grade + subject: a row for a result already there updates its counts.
- `previo_inicio` may be empty or missing (older ECE scales have no such level): it reads 0.
  `medida_promedio` may be empty; it is rounded to one decimal.
- The rules of a result (the levels add up to the evaluated students, no more evaluated than programmed,
  a year already evaluated) are those of `evaluations.services.results.result_check`, said here without
  asking the database row by row.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from import_export import widgets
from import_export.fields import Field

from core.import_rows import RowResource
from core.import_widgets import Choice, DecimalNumber, Digits, Integer
from schools.models import School

from .models import AssessmentResult
from .services.results import result_rules

COLUMNS = (
    "cod_mod",
    "anexo",
    "year",
    "grade",
    "subject",
    "programados",
    "evaluados",
    "en_inicio",
    "en_proceso",
    "satisfactorio",
)
KEY_CHUNK = 5000
LEVELS = ("level_previo_inicio", "level_en_inicio", "level_en_proceso", "level_satisfactorio")
CODE = Digits(7, shortest=6, example="0403691")
ANEXO = Integer(maximum=99, default=0)


class SchoolByCode(widgets.Widget):
    """The school of the row's cod_mod and anexo, from the schools loaded before the first row."""

    def __init__(self):
        super().__init__()
        self.known = {}

    def key(self, value, row) -> tuple[str, int]:
        return CODE.clean(value), ANEXO.clean((row or {}).get("anexo", ""))

    def clean(self, value, row=None, **kwargs):
        code, anexo = self.key(value, row)
        try:
            return self.known[(code, anexo)]
        except KeyError:
            raise ValueError(
                _(
                    "No hay una institución con código modular %(code)s y anexo %(anexo)s: "
                    "impórtela primero con el padrón."
                )
                % {"code": code, "anexo": anexo}
            ) from None


def count(maximum=100_000, **kwargs) -> Integer:
    return Integer(maximum=maximum, **kwargs)


class ResultResource(RowResource):
    model = AssessmentResult
    compared = ("students_programmed", "students_evaluated", *LEVELS, "mean_score")
    not_cleaned = ("school",)

    school = Field("school", "cod_mod", SchoolByCode())
    year = Field("year", "year", Integer(minimum=2000, maximum=2100))
    grade = Field("grade", "grade", Integer(minimum=1, maximum=6))
    subject = Field(
        "subject",
        "subject",
        Choice(
            {
                "Lectura": AssessmentResult.Subject.READING,
                "Comprensión lectora": AssessmentResult.Subject.READING,
                "Matemática": AssessmentResult.Subject.MATH,
            },
            shown="Lectura, Matemática",
        ),
    )
    students_programmed = Field("students_programmed", "programados", count())
    students_evaluated = Field("students_evaluated", "evaluados", count())
    level_previo_inicio = Field("level_previo_inicio", "previo_inicio", count(default=0))
    level_en_inicio = Field("level_en_inicio", "en_inicio", count())
    level_en_proceso = Field("level_en_proceso", "en_proceso", count())
    level_satisfactorio = Field("level_satisfactorio", "satisfactorio", count())
    mean_score = Field(
        "mean_score", "medida_promedio", DecimalNumber(places=1, minimum=Decimal(0), maximum=Decimal(1000))
    )

    class Meta(RowResource.Meta):
        import_id_fields = ("school", "year", "grade", "subject")

    def row_key(self, row):
        try:
            school = self.fields["school"].widget.clean(row.get("cod_mod"), row)
            return (
                school.pk,
                self.fields["year"].widget.clean(row.get("year")),
                self.fields["grade"].widget.clean(row.get("grade")),
                self.fields["subject"].widget.clean(row.get("subject")),
            )
        except ValueError:
            return None

    def prepare(self, dataset):
        self.subject_labels = {value: str(label) for value, label in AssessmentResult.Subject.choices}
        widget = self.fields["school"].widget
        codes = set()
        for value in dataset["cod_mod"]:
            try:
                codes.add(CODE.clean(value))
            except ValueError:
                continue
        codes = sorted(codes)
        for start in range(0, len(codes), KEY_CHUNK):
            chunk = codes[start : start + KEY_CHUNK]
            for school in School.objects.filter(codigo_modular__in=chunk).only("pk", "name", "codigo_modular", "anexo"):
                widget.known[(school.codigo_modular, school.anexo)] = school

    def load_existing(self, keys):
        school_ids = sorted({key[0] for key in keys})
        years = {key[1] for key in keys}
        existing = {}
        for start in range(0, len(school_ids), KEY_CHUNK):
            chunk = school_ids[start : start + KEY_CHUNK]
            for result in AssessmentResult.objects.filter(school_id__in=chunk, year__in=years):
                key = (result.school_id, result.year, result.grade, result.subject)
                if key in keys:
                    existing[key] = result
        return existing

    def repeated_message(self):
        return _("Repite la institución, año, grado y área de la fila %(row)s.")

    def describe(self, result):
        # As AssessmentResult.__str__ says it, without its choices lookup for every row.
        return f"{result.school.name} · {result.year} · {result.grade}.° · {self.subject_labels[result.subject]}"

    def check_instance(self, result):
        # The rules the result form applies, written once (`result_rules`); the first message per field.
        return {field: messages[0] for field, messages in result_rules(result).items()}
