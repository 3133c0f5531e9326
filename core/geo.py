"""Distances on the Earth's surface: no rule of the program, only geometry."""

import math
from decimal import ROUND_HALF_UP, Decimal

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)


def great_circle_km(lat1, lon1, lat2, lon2) -> Decimal:
    """The straight-line (great-circle, haversine) distance between two points in km, to one decimal."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    d_phi = phi2 - phi1
    d_lambda = math.radians(float(lon2) - float(lon1))
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
    return Decimal(str(km)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
