"""Building the PostalCode table from offline packages (no network).

`countrystatecity-postal-codes` gives every postal code of BE, FR, CH and LU, but coordinates only for Belgium;
`countrystatecity-countries` gives cities with coordinates. A postal code without coordinates takes those of the city
of the same name, or else the mean of the located postal codes that share its first three (then two) digits."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction

from .geo import normalize
from .models import PostalCode

COUNTRIES = ("BE", "FR", "CH", "LU")


@dataclass
class Row:
    country: str
    postal_code: str
    name: str
    latitude: float
    longitude: float
    is_city: bool = False


def _title(name: str) -> str:
    # The French file spells localities in capitals ("BOURG EN BRESSE").
    return name.title() if name.isupper() else name


def iter_rows(country: str) -> Iterator[Row]:
    from countrystatecity_countries import get_cities_of_country
    from countrystatecity_postal_codes import get_postcodes_of_country

    cities = [c for c in get_cities_of_country(country) if c.latitude and c.longitude]
    city_by_name: dict[str, tuple[float, float]] = {}
    for city in cities:
        city_by_name.setdefault(normalize(city.name), (float(city.latitude), float(city.longitude)))

    codes = [p for p in get_postcodes_of_country(country) if p.localityName]
    located: list[Row] = []
    pending = []
    seen: set[tuple[str, str]] = set()
    for p in codes:
        key = (p.code, normalize(p.localityName or ""))
        if key in seen:
            continue
        seen.add(key)
        if p.latitude is not None and p.longitude is not None:
            located.append(Row(country, p.code, _title(p.localityName or ""), p.latitude, p.longitude))
        elif key[1] in city_by_name:
            lat, lon = city_by_name[key[1]]
            located.append(Row(country, p.code, _title(p.localityName or ""), lat, lon))
        else:
            pending.append(p)
    by_prefix: dict[str, list[Row]] = defaultdict(list)
    for row in located:
        by_prefix[row.postal_code[:3]].append(row)
        by_prefix[row.postal_code[:2]].append(row)
    for p in pending:
        group = by_prefix.get(p.code[:3]) or by_prefix.get(p.code[:2])
        if group:
            lat = sum(r.latitude for r in group) / len(group)
            lon = sum(r.longitude for r in group) / len(group)
            located.append(Row(country, p.code, _title(p.localityName or ""), lat, lon))
    yield from located

    # Cities, so that "Liège" or "Namur" is found even where the postal file names a district ("4000 Glain").
    grid: dict[tuple[int, int], list[Row]] = defaultdict(list)
    for row in located:
        grid[(int(row.latitude * 10), int(row.longitude * 10))].append(row)
    for city in cities:
        lat, lon = float(city.latitude), float(city.longitude)
        yield Row(country, _nearest_code(grid, lat, lon), city.name, lat, lon, is_city=True)


def _nearest_code(grid: dict[tuple[int, int], list[Row]], lat: float, lon: float) -> str:
    cell = (int(lat * 10), int(lon * 10))
    best, best_d = "", math.inf
    for radius in (1, 3):
        for dy in range(-radius, radius + 1):
            for dx in range(-radius, radius + 1):
                for row in grid.get((cell[0] + dy, cell[1] + dx), ()):
                    d = (row.latitude - lat) ** 2 + ((row.longitude - lon) * math.cos(math.radians(lat))) ** 2
                    if d < best_d:
                        best, best_d = row.postal_code, d
        if best:
            return best
    return best


@transaction.atomic
def load(countries: Iterable[str] = COUNTRIES, rows: Iterable[Row] | None = None) -> int:
    """Replace the PostalCode rows of `countries` (from the packages, or the `rows` given). Returns the count."""
    countries = [c.upper() for c in countries]
    PostalCode.objects.filter(country__in=countries).delete()
    source = rows if rows is not None else (row for country in countries for row in iter_rows(country))
    objects = [
        PostalCode(country=r.country, postal_code=r.postal_code, name=r.name[:120], search_name=normalize(r.name)[:120],
                   latitude=r.latitude, longitude=r.longitude, is_city=r.is_city)
        for r in source
    ]
    PostalCode.objects.bulk_create(objects, batch_size=2000)
    return len(objects)
