"""Where the demo happens: the 15 program regions' capital provinces and a few of their districts.

Real INEI UBIGEO codes: DD01 is each department's capital province and DD0101 its capital district.
The provinces and districts themselves are Peru's, loaded by the schools migrations (every district);
the demo picks these and makes none. The names here are the migrated ones (a test holds them equal),
so that a network named after its district reads as the district does.
"""

from dataclasses import dataclass

# A district's profile weighs the program's area types (urban, peri-urban, rural) of its schools.
AREA_WEIGHTS = {
    "urbano": (0.55, 0.40, 0.05),
    "periurbano": (0.15, 0.60, 0.25),
    "rural": (0.05, 0.15, 0.80),
}


@dataclass(frozen=True)
class Place:
    province: str  # name of the capital province (code DD01)
    districts: tuple[tuple[str, str, str], ...]  # (UBIGEO, name, profile)
    school_number_base: int  # schools are named "I.E. N.° 14xxx" in the style of each region
    east_only: int = 0  # +1: the coast lies west of the capital; -1: a lake lies east of it
    andean: bool = True


PLACES: dict[str, Place] = {
    "02": Place(
        "Huaraz",
        (
            ("020101", "Huaraz", "urbano"),
            ("020105", "Independencia", "periurbano"),
            ("020106", "Jangas", "rural"),
            ("020108", "Olleros", "rural"),
            ("020112", "Tarica", "rural"),
        ),
        86001,
    ),
    "03": Place(
        "Abancay",
        (
            ("030101", "Abancay", "urbano"),
            ("030109", "Tamburco", "periurbano"),
            ("030104", "Curahuasi", "rural"),
            ("030108", "San Pedro de Cachora", "rural"),
        ),
        54001,
    ),
    "04": Place(
        "Arequipa",
        (
            ("040101", "Arequipa", "urbano"),
            ("040104", "Cerro Colorado", "periurbano"),
            ("040122", "Socabaya", "periurbano"),
            ("040128", "Yura", "rural"),
            ("040108", "La Joya", "rural"),
        ),
        40001,
    ),
    "05": Place(
        "Huamanga",
        (
            ("050101", "Ayacucho", "urbano"),
            ("050115", "Jesús Nazareno", "periurbano"),
            ("050110", "San Juan Bautista", "periurbano"),
            ("050108", "Quinua", "rural"),
            ("050114", "Vinchos", "rural"),
        ),
        38001,
    ),
    "06": Place(
        "Cajamarca",
        (
            ("060101", "Cajamarca", "urbano"),
            ("060108", "Los Baños del Inca", "periurbano"),
            ("060105", "Encañada", "rural"),
            ("060106", "Jesús", "rural"),
            ("060111", "Namora", "rural"),
        ),
        82001,
    ),
    "08": Place(
        "Cusco",
        (
            ("080101", "Cusco", "urbano"),
            ("080108", "Wanchaq", "urbano"),
            ("080105", "San Sebastián", "periurbano"),
            ("080104", "San Jerónimo", "periurbano"),
            ("080106", "Santiago", "periurbano"),
            ("080102", "Ccorca", "rural"),
            ("080103", "Poroy", "rural"),
        ),
        50001,
    ),
    "09": Place(
        "Huancavelica",
        (
            ("090101", "Huancavelica", "urbano"),
            ("090118", "Ascensión", "periurbano"),
            ("090103", "Acoria", "rural"),
            ("090117", "Yauli", "rural"),
        ),
        36001,
    ),
    "10": Place(
        "Huánuco",
        (
            ("100101", "Huánuco", "urbano"),
            ("100102", "Amarilis", "periurbano"),
            ("100111", "Pillco Marca", "periurbano"),
            ("100104", "Churubamba", "rural"),
            ("100109", "Santa María del Valle", "rural"),
        ),
        32001,
    ),
    "11": Place(
        "Ica",
        (
            ("110101", "Ica", "urbano"),
            ("110106", "Parcona", "periurbano"),
            ("110102", "La Tinguiña", "periurbano"),
            ("110112", "Subtanjalla", "periurbano"),
            ("110104", "Ocucaje", "rural"),
            ("110108", "Salas", "rural"),
        ),
        22001,
        andean=False,
    ),
    "12": Place(
        "Huancayo",
        (
            ("120101", "Huancayo", "urbano"),
            ("120114", "El Tambo", "urbano"),
            ("120107", "Chilca", "periurbano"),
        ),
        30001,
    ),
    "13": Place(
        "Trujillo",
        (
            ("130101", "Trujillo", "urbano"),
            ("130102", "El Porvenir", "periurbano"),
            ("130105", "La Esperanza", "periurbano"),
            ("130103", "Florencia de Mora", "periurbano"),
            ("130110", "Simbal", "rural"),
            ("130108", "Poroto", "rural"),
        ),
        80001,
        east_only=1,
        andean=False,
    ),
    "15": Place(
        "Lima",
        (
            ("150101", "Lima", "urbano"),
            ("150132", "San Juan de Lurigancho", "periurbano"),
            ("150142", "Villa El Salvador", "periurbano"),
            ("150143", "Villa María del Triunfo", "periurbano"),
            ("150106", "Carabayllo", "periurbano"),
            ("150123", "Pachacámac", "rural"),
            ("150109", "Cieneguilla", "rural"),
        ),
        6001,
        east_only=1,
        andean=False,
    ),
    "19": Place(
        "Pasco",
        (
            ("190101", "Chaupimarca", "urbano"),
            ("190113", "Yanacancha", "urbano"),
            ("190109", "Simón Bolívar", "periurbano"),
            ("190104", "Huayllay", "rural"),
            ("190105", "Ninacaca", "rural"),
        ),
        34001,
    ),
    "20": Place(
        "Piura",
        (
            ("200101", "Piura", "urbano"),
            ("200104", "Castilla", "urbano"),
            ("200105", "Catacaos", "periurbano"),
            ("200110", "La Unión", "periurbano"),
            ("200114", "Tambo Grande", "rural"),
            ("200109", "La Arena", "rural"),
        ),
        14001,
        andean=False,
    ),
    "21": Place(
        "Puno",
        (
            ("210101", "Puno", "urbano"),
            ("210110", "Paucarcolla", "rural"),
            ("210102", "Acora", "rural"),
            ("210105", "Capachica", "rural"),
            ("210106", "Chucuito", "rural"),
            ("210112", "Platería", "rural"),
        ),
        70001,
        east_only=-1,
    ),
}

# Region codes whose coordinators and sponsors become the demo accounts.
PIURA, CUSCO = "20", "08"
