"""Places and distances for every "near me" search (institutions, colleagues, events, jobs).

    lookup = geo.resolve_place(text, country=..., member=request.user)   # what a search form asked for
    places = geo.locate("BE", "4430")            # or geo.locate("BE", "Liège")
    if len(places) == 1:
        qs = geo.annotate_distance(Institution.objects.all(), places[0].lat, places[0].lon, max_km=25)
        qs = qs.order_by("distance_km")

`locate` reads the PostalCode table (filled by `manage.py load_postal_codes`); it never calls the network.
`annotate_distance` computes the distance inside the SQL query, on SQLite and PostgreSQL alike (equirectangular by
default, haversine with `exact=True`), after a bounding-box filter on the indexed latitude/longitude columns.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db.models import ExpressionWrapper, F, FloatField, Model, QuerySet, Value
from django.db.models.functions import ASin, Cos, Least, Radians, Sin, Sqrt
from django.utils.translation import gettext as _

from .models import PostalCode

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LAT = 111.195
# Places of the same name closer than this are one place (a city with several postal codes): not ambiguous.
SAME_PLACE_KM = 8.0

@dataclass(frozen=True)
class Place:
    name: str
    postal_code: str
    country: str
    lat: float
    lon: float

    @property
    def label(self) -> str:
        """"4430 Ans" — what the UI shows after "within 25 km of"."""
        return f"{self.postal_code} {self.name}".strip()

    @property
    def query(self) -> str:
        """What to type to find exactly this place again ("6860 Neufchâteau")."""
        return self.label


def normalize(text: str) -> str:
    """Lower case, no accents, punctuation to spaces, French abbreviations spelt out: "St-Gilles" → "saint gilles"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"\bste\b", "sainte", text)
    text = re.sub(r"\bst\b", "saint", text)
    text = re.sub(r"\bcedex( \d+)?$", "", text).strip()
    return text


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The same formula as `annotate_distance`, in Python (for tests and for one-off checks)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _looks_like_postal_code(text: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Za-z]{1,2}-?)?\d{4,5}", text))


COUNTRIES = ("BE", "FR", "CH", "LU")


@dataclass
class PlaceLookup:
    """What a "near me" search is about: a place, or homonyms to choose from, or an error for the field."""

    place: Place | None = None
    others: list[Place] = field(default_factory=list)  # homonyms: the other places of that name
    is_practice: bool = False  # the member's own practice, taken because the form named no place
    error: str = ""


def resolve_place(text: str | None, *, country: str = "", chosen_country: str = "", member: Any = None,
                  ask_among_homonyms: bool = False) -> PlaceLookup:
    """The place a search form asks for (agenda, jobs, directory, colleagues).

    `text` None (the form has no place at all): the member's practice, when they gave a postal code. "": anywhere.
    Otherwise a choice among homonyms names its country (`chosen_country`); else the country filter, else the
    member's country, else Belgium — and without a country filter, the other countries too. Homonyms: the first place
    with the others listed, or (`ask_among_homonyms`) no place yet and all of them to choose from."""
    if text is None:
        if member is not None and str(getattr(member, "postal_code", "") or ""):
            found = locate(member.country, member.postal_code)
            if found:
                return PlaceLookup(place=found[0], is_practice=True)
        return PlaceLookup()
    text = text.strip()
    if not text:
        return PlaceLookup()
    chosen_country = chosen_country.upper()
    country = chosen_country if chosen_country in COUNTRIES else country
    home = country or (getattr(member, "country", "") or "BE")
    found = locate(home, text) or (locate("", text) if not country else [])
    if not found:
        return PlaceLookup(error=_("We do not know the postal code or city “%(place)s”. Check it, or type a "
                                   "neighbouring town.") % {"place": text})
    if len(found) > 1 and ask_among_homonyms:
        return PlaceLookup(others=found[:12])
    return PlaceLookup(place=found[0], others=found[1:12])


def locate(country: str, postal_code_or_city: str) -> list[Place]:
    """Places matching a postal code or a city name in one country ("" = any of the loaded countries).

    No result: unknown. One: found. Several: ambiguous — offer them as choices. A city that has several postal
    codes close together (Liège 4000, 4020...) counts as one place, its first postal code."""
    text = (postal_code_or_city or "").strip()
    if not text:
        return []
    rows = PostalCode.objects.all()
    if country:
        rows = rows.filter(country=country.upper())
    with_name = re.fullmatch(r"(?:[A-Za-z]{1,2}-?)?(\d{4,5})\s+(.+)", text)  # "4430 Ans", "B-6860 Neufchâteau"
    if with_name:
        code, key = with_name.group(1), normalize(with_name.group(2))
        named = rows.filter(postal_code=code, search_name=key).order_by("-is_city")
        found = _merge_close([_place(row) for row in named[:20]])
        if found:
            return found
        text = code
    if _looks_like_postal_code(text):
        code = re.sub(r"^[A-Za-z]{1,2}-?", "", text)
        rows = rows.filter(postal_code=code).order_by("-is_city", "name")  # the town before its districts
        # One postal code, several localities: the town stands for the code. The same code in two countries
        # ("1000" Brussels and Lausanne, when no country is given) is ambiguous.
        first_by_country: dict[str, Place] = {}
        for row in rows[:50]:
            first_by_country.setdefault(row.country, _place(row))
        return list(first_by_country.values())
    key = normalize(text)
    rows = rows.filter(search_name=key).order_by("-is_city", "country", "postal_code")
    found = [_place(row) for row in rows[:50]]
    if not found:
        rows = PostalCode.objects.filter(search_name__startswith=key + " ")
        if country:
            rows = rows.filter(country=country.upper())
        found = [_place(row) for row in rows.order_by("-is_city", "postal_code")[:50]]
    return _merge_close(found)


def _place(row: object) -> Place:
    return Place(name=row.name, postal_code=row.postal_code, country=row.country,  # type: ignore[attr-defined]
                 lat=row.latitude, lon=row.longitude)  # type: ignore[attr-defined]


def _merge_close(places: list[Place]) -> list[Place]:
    """Keep the first of each group of places within SAME_PLACE_KM of one another (and of the same country)."""
    kept: list[Place] = []
    for place in places:
        if not any(
            other.country == place.country and haversine_km(other.lat, other.lon, place.lat, place.lon) < SAME_PLACE_KM
            for other in kept
        ):
            kept.append(place)
    return kept


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a square that contains the circle of radius `km`."""
    dlat = km / KM_PER_DEGREE_LAT
    cos_lat = max(math.cos(math.radians(lat)), 0.01)
    dlon = min(km / (KM_PER_DEGREE_LAT * cos_lat), 180.0)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def annotate_distance[M: Model](
    queryset: QuerySet[M], lat: float, lon: float, lat_field: str = "latitude", lon_field: str = "longitude",
    *, max_km: float | None = None, name: str = "distance_km", exact: bool = False,
) -> QuerySet[M]:
    """Annotate `name` (km) computed by the database; rows without coordinates are left out.

    With `max_km`, rows are first filtered by a bounding box on the (indexed) coordinate columns, then by distance.
    The caller orders: `.order_by("distance_km")`.

    By default the distance is equirectangular (plain arithmetic around the origin's latitude, one square root): at
    the scale of a "near me" search (≤ 200 km) it differs from the great circle by less than 0.5 %, and SQLite runs it
    natively (Django implements SIN/COS/ASIN for SQLite in Python, which costs ~100 µs per row). `exact=True` uses
    the haversine great-circle formula instead."""
    if exact:
        queryset = _within_box(queryset, lat, lon, lat_field, lon_field, max_km)
        return _annotate_haversine(queryset, lat, lon, lat_field, lon_field, max_km, name)
    return annotate_distance_terms(queryset, distance_terms(lat, lon, max_km), lat_field, lon_field, name=name)


def _within_box[M: Model](queryset: QuerySet[M], lat: float, lon: float, lat_field: str, lon_field: str,
                          max_km: float | None) -> QuerySet[M]:
    queryset = queryset.filter(**{f"{lat_field}__isnull": False, f"{lon_field}__isnull": False})
    if max_km is not None:
        min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, max_km)
        queryset = queryset.filter(**{
            f"{lat_field}__gte": min_lat, f"{lat_field}__lte": max_lat,
            f"{lon_field}__gte": min_lon, f"{lon_field}__lte": max_lon,
        })
    return queryset


# lat, lon, cos(lat), then with a radius min_lat, max_lat, min_lon, max_lon and the largest squared distance (else None)
DistanceTerms = tuple[float, float, float, float | None, float | None, float | None, float | None, float | None]


def distance_terms(lat: float, lon: float, max_km: float | None) -> DistanceTerms:
    """The numbers `annotate_distance` puts in its SQL, worked out before the query is built (so that a compiled
    query, `praxis.core.compiled.ShapedQuery`, can take them as values)."""
    cos_lat = math.cos(math.radians(lat))
    if max_km is None:
        return (lat, lon, cos_lat, None, None, None, None, None)
    return (lat, lon, cos_lat, *bounding_box(lat, lon, max_km), (max_km / KM_PER_DEGREE_LAT) ** 2)


def annotate_distance_terms[M: Model](
    queryset: QuerySet[M], terms: DistanceTerms, lat_field: str = "latitude", lon_field: str = "longitude", *,
    name: str = "distance_km",
) -> QuerySet[M]:
    """`annotate_distance` (equirectangular) from `distance_terms`: the same SQL, every number used as it is given."""
    lat, lon, cos_lat, min_lat, max_lat, min_lon, max_lon, max_square = terms
    queryset = queryset.filter(**{f"{lat_field}__isnull": False, f"{lon_field}__isnull": False})
    if max_square is not None:
        queryset = queryset.filter(**{
            f"{lat_field}__gte": min_lat, f"{lat_field}__lte": max_lat,
            f"{lon_field}__gte": min_lon, f"{lon_field}__lte": max_lon,
        })
    float_field = FloatField()
    # Squared distance in "degrees of latitude": filtering and ordering need no function call at all.
    dy = F(lat_field) - Value(lat, output_field=float_field)
    dx = (F(lon_field) - Value(lon, output_field=float_field)) * Value(cos_lat, output_field=float_field)
    square = ExpressionWrapper(dy * dy + dx * dx, output_field=float_field)
    queryset = queryset.alias(**{f"{name}_sq": square})
    if max_square is not None:
        queryset = queryset.filter(**{f"{name}_sq__lte": max_square})
    queryset = queryset.annotate(**{name: Sqrt(F(f"{name}_sq"), output_field=float_field) * KM_PER_DEGREE_LAT})
    return queryset


def _annotate_haversine[M: Model](
    queryset: QuerySet[M], lat: float, lon: float, lat_field: str, lon_field: str, max_km: float | None, name: str,
) -> QuerySet[M]:
    float_field = FloatField()
    lat0 = Value(math.radians(lat), output_field=float_field)
    lon0 = Value(math.radians(lon), output_field=float_field)
    cos_lat0 = Value(math.cos(math.radians(lat)), output_field=float_field)
    row_lat = Radians(F(lat_field), output_field=float_field)
    row_lon = Radians(F(lon_field), output_field=float_field)
    half_dlat = Sin((row_lat - lat0) / 2.0)
    half_dlon = Sin((row_lon - lon0) / 2.0)
    a = half_dlat * half_dlat + cos_lat0 * Cos(row_lat) * half_dlon * half_dlon
    # Least() guards ASin against rounding just above 1 for antipodal points.
    distance = 2.0 * EARTH_RADIUS_KM * ASin(Sqrt(Least(a, Value(1.0, output_field=float_field))))
    queryset = queryset.annotate(**{name: distance})
    if max_km is not None:
        queryset = queryset.filter(**{f"{name}__lte": max_km})
    return queryset


def geocode(address: str, country: str) -> tuple[float, float] | None:
    """(lat, lon) of a full address from a Nominatim-compatible service at `settings.GEOCODER_URL`; None when no
    geocoder is configured (the default, and always in tests) or when it does not know the address."""
    import json
    import urllib.parse
    import urllib.request

    from django.conf import settings

    base = getattr(settings, "GEOCODER_URL", "")
    if not base:
        return None
    query = urllib.parse.urlencode({"q": address, "countrycodes": country.lower(), "format": "jsonv2", "limit": 1})
    request = urllib.request.Request(f"{base.rstrip('/')}/search?{query}",  # noqa: S310 (URL from settings)
                                     headers={"User-Agent": getattr(settings, "GEOCODER_USER_AGENT", "Praxis")})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (URL from settings)
            results = json.loads(response.read().decode())
    except (OSError, ValueError):
        return None
    if not results:
        return None
    return float(results[0]["lat"]), float(results[0]["lon"])
