"""Load Peru's 25 departments with their INEI codes; flag the 15 regions where CEE works."""

from decimal import Decimal

from django.db import migrations

# code, name, ISO 3166-2, capital, latitude, longitude, CEE program region
REGIONS = [
    ("01", "Amazonas", "PE-AMA", "Chachapoyas", "-6.231", "-77.869", False),
    ("02", "Áncash", "PE-ANC", "Huaraz", "-9.530", "-77.529", True),
    ("03", "Apurímac", "PE-APU", "Abancay", "-13.629", "-72.886", True),
    ("04", "Arequipa", "PE-ARE", "Arequipa", "-16.393", "-71.529", True),
    ("05", "Ayacucho", "PE-AYA", "Ayacucho", "-13.160", "-74.225", True),
    ("06", "Cajamarca", "PE-CAJ", "Cajamarca", "-7.155", "-78.511", True),
    ("07", "Callao", "PE-CAL", "Callao", "-12.056", "-77.118", False),
    ("08", "Cusco", "PE-CUS", "Cusco", "-13.519", "-71.977", True),
    ("09", "Huancavelica", "PE-HUV", "Huancavelica", "-12.787", "-74.971", True),
    ("10", "Huánuco", "PE-HUC", "Huánuco", "-9.930", "-76.240", True),
    ("11", "Ica", "PE-ICA", "Ica", "-14.064", "-75.729", True),
    ("12", "Junín", "PE-JUN", "Huancayo", "-12.071", "-75.209", True),
    ("13", "La Libertad", "PE-LAL", "Trujillo", "-8.100", "-79.031", True),
    ("14", "Lambayeque", "PE-LAM", "Chiclayo", "-6.771", "-79.841", False),
    ("15", "Lima", "PE-LIM", "Lima", "-12.045", "-77.031", True),
    ("16", "Loreto", "PE-LOR", "Iquitos", "-3.749", "-73.254", False),
    ("17", "Madre de Dios", "PE-MDD", "Puerto Maldonado", "-12.593", "-69.189", False),
    ("18", "Moquegua", "PE-MOQ", "Moquegua", "-17.194", "-70.935", False),
    ("19", "Pasco", "PE-PAS", "Cerro de Pasco", "-10.683", "-76.257", True),
    ("20", "Piura", "PE-PIU", "Piura", "-5.153", "-80.658", True),
    ("21", "Puno", "PE-PUN", "Puno", "-15.840", "-70.028", True),
    ("22", "San Martín", "PE-SAM", "Moyobamba", "-6.034", "-76.974", False),
    ("23", "Tacna", "PE-TAC", "Tacna", "-18.006", "-70.246", False),
    ("24", "Tumbes", "PE-TUM", "Tumbes", "-3.567", "-80.451", False),
    ("25", "Ucayali", "PE-UCA", "Pucallpa", "-8.379", "-74.554", False),
]


def load(apps, schema_editor):
    Region = apps.get_model("schools", "Region")
    for code, name, iso, capital, lat, lon, program in REGIONS:
        Region.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "iso_code": iso,
                "capital": capital,
                "latitude": Decimal(lat),
                "longitude": Decimal(lon),
                "is_program_region": program,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("schools", "Region").objects.filter(code__in=[r[0] for r in REGIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("schools", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
