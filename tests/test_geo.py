"""County names as people type them map to the canonical 18 divisions, 市本级 and the zones."""

import pytest

from hexie.geo import COUNTY_NAMES, UnknownCounty, adcode_of, county_centroids, county_geojson, normalize_county


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("章贡区", "章贡区"),
        ("赣县", "赣县区"),
        ("南康市", "南康区"),
        ("龙南县", "龙南市"),
        ("于都", "于都县"),
        ("瑞金", "瑞金市"),
        (" 兴国县 ", "兴国县"),
        ("会 昌 县", "会昌县"),
        ("寻乌县\u3000", "寻乌县"),
        ("赣州市章贡区", "章贡区"),
        ("市本级", "市本级"),
        ("赣州市", "市本级"),
        ("赣州经济技术开发区", "赣州经开区"),
        ("经开区", "赣州经开区"),
        ("蓉江新区", "蓉江新区"),
        ("石城", "石城县"),
    ],
)
def test_normalize_county(typed, canonical):
    assert normalize_county(typed) == canonical


def test_full_width_forms_fold():
    assert normalize_county("\u3000定南县\u3000") == "定南县"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("南昌县", "南昌县"), (" 九江 ", "九江"), ("'; DROP TABLE uploads; --", "'; DROP TABLE uploads; --"), ("", ""), (None, "None"),
        (360702, "360702")],
)
def test_unknown_names_are_errors_naming_the_value(typed, shown):
    with pytest.raises(UnknownCounty) as err:
        normalize_county(typed)
    assert str(err.value) == f"“{shown}”不是赣州市的县（市、区）或功能区名称"


def test_every_polygon_is_a_known_county_with_its_adcode():
    features = county_geojson()["features"]
    assert sorted(f["properties"]["name"] for f in features) == sorted(COUNTY_NAMES)
    for feature in features:
        assert adcode_of(feature["properties"]["name"]) == feature["properties"]["adcode"]
    assert len(COUNTY_NAMES) == 18


def test_centroids_lie_inside_ganzhou():
    points = county_centroids()
    assert len(points) == 18
    for lon, lat in points.values():
        assert 113.9 < lon < 116.7 and 24.4 < lat < 27.3
