"""The county-level divisions of 赣州市, their polygons, and the names people type for them."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GEOJSON_PATH = Path(__file__).resolve().parent.parent / "data" / "geo" / "ganzhou_counties.geojson"

CITY_LEVEL = "市本级"


@dataclass(frozen=True)
class County:
    """One reporting unit: a county-level division (with adcode and polygon) or a zone without one."""

    name: str
    adcode: str | None
    short: str
    old_names: tuple[str, ...] = ()


COUNTIES: tuple[County, ...] = (
    County("章贡区", "360702", "章贡"),
    County("南康区", "360703", "南康", ("南康市", "南康县")),
    County("赣县区", "360704", "赣县", ("赣县",)),
    County("信丰县", "360722", "信丰"),
    County("大余县", "360723", "大余"),
    County("上犹县", "360724", "上犹"),
    County("崇义县", "360725", "崇义"),
    County("安远县", "360726", "安远"),
    County("龙南市", "360783", "龙南", ("龙南县",)),
    County("定南县", "360728", "定南"),
    County("全南县", "360729", "全南"),
    County("宁都县", "360730", "宁都"),
    County("于都县", "360731", "于都"),
    County("兴国县", "360732", "兴国"),
    County("会昌县", "360733", "会昌"),
    County("寻乌县", "360734", "寻乌"),
    County("石城县", "360735", "石城"),
    County("瑞金市", "360781", "瑞金", ("瑞金县",)),
)

ZONES: tuple[County, ...] = (
    County(CITY_LEVEL, None, "市本级", ("赣州市本级", "市直", "赣州市", "市级")),
    County("赣州经开区", None, "经开区", ("赣州经济技术开发区", "经济技术开发区", "经开区", "赣州开发区")),
    County("蓉江新区", None, "蓉江", ("赣州蓉江新区",)),
)

COUNTY_NAMES: tuple[str, ...] = tuple(c.name for c in COUNTIES)
REPORTING_UNITS: tuple[str, ...] = COUNTY_NAMES + tuple(z.name for z in ZONES)


class UnknownCounty(ValueError):
    """A name that is none of 赣州市's reporting units."""

    def __init__(self, value: object):
        self.value = value
        super().__init__(f"“{value}”不是赣州市的县（市、区）或功能区名称")


def _canonical_text(text: str) -> str:
    """Fold full-width forms, drop every kind of space and a leading 赣州市 prefix."""
    folded = unicodedata.normalize("NFKC", text)
    folded = "".join(ch for ch in folded if not ch.isspace())
    if folded.startswith("赣州市") and len(folded) > 3 and folded not in _ALIASES:
        folded = folded[3:]
    return folded


def _build_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for unit in COUNTIES + ZONES:
        for alias in (unit.name, unit.short, *unit.old_names):
            aliases[alias] = unit.name
    return aliases


_ALIASES = _build_aliases()


def normalize_county(text: object) -> str:
    """Return the canonical name of a reporting unit for what a person typed.

    Accepts old names (赣县 → 赣县区), names without their suffix (于都 → 于都县),
    full-width characters and stray spaces. Raises UnknownCounty naming the value.
    """
    if not isinstance(text, str) or not text.strip():
        raise UnknownCounty(text)
    key = _canonical_text(text)
    if key in _ALIASES:
        return _ALIASES[key]
    raise UnknownCounty(text.strip())


def adcode_of(name: str) -> str | None:
    """The adcode of a canonical county name; None for 市本级 and the zones."""
    for county in COUNTIES:
        if county.name == name:
            return county.adcode
    return None


@lru_cache(maxsize=1)
def county_geojson() -> dict:
    """The 18 county polygons as a GeoJSON FeatureCollection (GCJ-02 lon/lat)."""
    with GEOJSON_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


def county_centroids() -> dict[str, tuple[float, float]]:
    """A label point (mean of the outer ring's vertices) for each county polygon."""
    points: dict[str, tuple[float, float]] = {}
    for feature in county_geojson()["features"]:
        geometry = feature["geometry"]
        rings = geometry["coordinates"] if geometry["type"] == "Polygon" else max(
            geometry["coordinates"], key=lambda poly: len(poly[0])
        )
        outer = rings[0]
        lon = sum(p[0] for p in outer) / len(outer)
        lat = sum(p[1] for p in outer) / len(outer)
        points[feature["properties"]["name"]] = (lon, lat)
    return points
