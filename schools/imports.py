"""Schools from ESCALE's "Padrón de IIEE" (MINEDU): what a row of the padrón means here.

Columns (DOMAIN.md): cod_mod, anexo, codlocal, cen_edu, codgeo, d_dpto, d_prov, d_dist, cen_pob,
nlat_ie, nlong_ie, d_niv_mod, d_cod_car, d_gestion, dareacenso, talumno, tdocente, tseccion.

- The key is código modular + anexo. A código modular that lost its leading zero (Excel) is padded:
  `403691` reads `0403691`. An empty anexo reads 0 (the main site).
- `codgeo` is the district's INEI UBIGEO: 6 digits (5 when Excel dropped the zero) of a district of Peru.
- `dareacenso` (Urbana/Rural) is the MINEDU area; the program's own area type (urban, peri-urban, rural)
  starts from it when the school is new, and an import never changes it afterwards (staff set it).
- `d_cod_car` is the característica: Unidocente, Polidocente multigrado, Polidocente completo.
- Only primary schools are for the program: a row of another level (`d_niv_mod`), or of a private
  school (`d_gestion` "Privada..."), is skipped and listed with its reason; the rest of the file imports.
- Not read: the department, province and district names (the UBIGEO says them), and the totals of
  students, teachers and sections (`talumno`, `tdocente`, `tseccion`): they are the school's totals, not
  per grade, so they cannot become Enrollment rows (per grade and year).
- An import never touches a school's network: memberships are the networks app's.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from core.import_rows import RowResource
from core.import_widgets import Choice, DecimalNumber, Digits, Integer, Lookup, Text, plain

from .models import District, School

COLUMNS = ("cod_mod", "anexo", "cen_edu", "codgeo", "d_niv_mod", "d_cod_car", "dareacenso")
KEY_CHUNK = 5000
AREA_TYPE_FROM_MINEDU = {School.MineduArea.URBAN: School.AreaType.URBAN, School.MineduArea.RURAL: School.AreaType.RURAL}

# Peru lies within these bounds (with a margin): a swapped latitude and longitude falls outside them.
LATITUDE = (Decimal("-19"), Decimal("0.5"))
LONGITUDE = (Decimal("-82"), Decimal("-68"))


class SchoolResource(RowResource):
    model = School
    compared = (
        "name",
        "codigo_local",
        "district_id",
        "centro_poblado",
        "minedu_area",
        "caracteristica",
        "latitude",
        "longitude",
    )
    not_cleaned = ("district",)

    codigo_modular = Field("codigo_modular", "cod_mod", Digits(7, shortest=6, example="0403691"))
    anexo = Field("anexo", "anexo", Integer(maximum=99, default=0))
    codigo_local = Field("codigo_local", "codlocal", Digits(6, shortest=5, required=False, example="254371"))
    name = Field("name", "cen_edu", Text(max_length=150))
    district = Field(
        "district",
        "codgeo",
        Lookup(
            Digits(6, shortest=5, example="150101"),
            unknown=gettext_lazy("El UBIGEO %(value)s no es un distrito de Perú (códigos del INEI)."),
        ),
    )
    centro_poblado = Field("centro_poblado", "cen_pob", Text(max_length=120, required=False))
    minedu_area = Field(
        "minedu_area",
        "dareacenso",
        Choice(
            {"Urbana": School.MineduArea.URBAN, "Urbano": School.MineduArea.URBAN, "Rural": School.MineduArea.RURAL},
            shown="Urbana, Rural",
        ),
    )
    caracteristica = Field(
        "caracteristica",
        "d_cod_car",
        Choice(
            {
                "Unidocente": School.Caracteristica.UNIDOCENTE,
                "Polidocente multigrado": School.Caracteristica.MULTIGRADO,
                "Multigrado": School.Caracteristica.MULTIGRADO,
                "Polidocente completo": School.Caracteristica.COMPLETO,
                "Polidocente": School.Caracteristica.COMPLETO,
            },
            shown="Unidocente, Polidocente multigrado, Polidocente completo",
        ),
    )
    latitude = Field("latitude", "nlat_ie", DecimalNumber(places=6, minimum=LATITUDE[0], maximum=LATITUDE[1]))
    longitude = Field("longitude", "nlong_ie", DecimalNumber(places=6, minimum=LONGITUDE[0], maximum=LONGITUDE[1]))

    class Meta(RowResource.Meta):
        import_id_fields = ("codigo_modular", "anexo")

    def row_key(self, row):
        try:
            code = self.fields["codigo_modular"].widget.clean(row.get("cod_mod"))
            anexo = self.fields["anexo"].widget.clean(row.get("anexo", ""))
        except ValueError:
            return None
        return code, anexo

    def load_existing(self, keys):
        codes = sorted({code for code, _anexo in keys})
        existing = {}
        for start in range(0, len(codes), KEY_CHUNK):
            for school in School.objects.filter(codigo_modular__in=codes[start : start + KEY_CHUNK]):
                key = (school.codigo_modular, school.anexo)
                if key in keys:
                    existing[key] = school
        return existing

    def prepare(self, dataset):
        self.fields["district"].widget.known = {d.ubigeo: d for d in District.objects.only("pk", "ubigeo", "name")}

    def skip_reason(self, row):
        level = str(row.get("d_niv_mod") or "").strip()
        if "primaria" not in plain(level):
            return _("No es de nivel primaria (%(level)s): el programa trabaja con escuelas primarias.") % {
                "level": level[:60] or _("nivel no indicado")
            }
        if plain(str(row.get("d_gestion") or "")).startswith("privada"):
            return _("Es de gestión privada: el programa trabaja con escuelas públicas.")
        return None

    def repeated_message(self):
        return _("Repite el código modular y anexo de la fila %(row)s.")

    def complete(self, instance, new):
        if new:
            # The program's area type starts from MINEDU's; an unreadable area is reported on its own column.
            instance.area_type = AREA_TYPE_FROM_MINEDU.get(instance.minedu_area, School.AreaType.RURAL)

    def check_instance(self, instance):
        if (instance.latitude is None) != (instance.longitude is None):
            return {"latitude": _("Indique latitud y longitud, o ninguna de las dos.")}
        return {}
