"""Near me, offline: a postcode district or a ward placed from the directory's own places and
the ward boundaries, in the public search and as the ORUK `postcode`/`proximity` parameters."""

import pytest
from django.urls import reverse

from bridges.directory import near
from bridges.directory.models import Location, ServiceAtLocation

from .factories import make_service, ward

pytestmark = pytest.mark.django_db


def _placed(service, *, postcode, latitude, longitude):
    location = Location.objects.create(
        programme=service.programme,
        name=f"{service.name} place",
        address_1="1 Street",
        postal_code=postcode,
        latitude=latitude,
        longitude=longitude,
    )
    return ServiceAtLocation.objects.create(service=service, location=location)


@pytest.fixture
def city(programme):
    chapeltown = make_service(programme, name="Chapeltown Advice", need="food")
    _placed(chapeltown, postcode="LS7 3AB", latitude=53.8170, longitude=-1.5290)
    far = make_service(programme, name="Far Food Bank", need="food")
    _placed(far, postcode="LS10 1AA", latitude=53.7700, longitude=-1.5300)
    return {"near": chapeltown, "far": far}


def test_postcode_districts():
    assert near.district_of("ls7 3ab") == "LS7"
    assert near.district_of("LS7") == "LS7"
    assert near.district_of(" SW1A 1AA ") == "SW1A"
    assert near.district_of("LS10") == "LS10"
    assert near.district_of("Chapel Allerton") is None
    assert near.district_of("LS7 3ABX") is None


def test_a_district_is_placed_from_its_own_places_only(city):
    place = near.place_of("LS7")
    assert place.label == "LS7" and place.latitude == pytest.approx(53.817)
    # "LS1" is not the start of "LS10 1AA".
    assert near.place_of("LS1") is None
    assert near.place_of("LS7 9ZZ").label == "LS7"  # a full postcode is cut to its district


def test_a_ward_is_placed_at_the_middle_of_its_boundary():
    ward(name="Chapel Allerton")
    place = near.place_of("chapel allerton")
    assert (place.latitude, place.longitude) == pytest.approx((53.81, -1.55))
    assert near.place_of("E05999901").label == "Chapel Allerton"


def test_services_within_a_distance(city):
    place = near.place_of("LS7")
    assert near.services_within(place, 1000) == {city["near"].pk}
    assert near.services_within(place, 10000) == {city["near"].pk, city["far"].pk}


def test_the_public_search_near_a_district(client, city):
    url = reverse("directory_public:search")
    page = client.get(url, {"q": "food", "near": "LS7", "distance": 1000}).content.decode()
    assert "Chapeltown Advice" in page and "Far Food Bank" not in page
    wide = client.get(url, {"q": "food", "near": "ls7", "distance": 10000}).content.decode()
    assert "Chapeltown Advice" in wide and "Far Food Bank" in wide
    unknown = client.get(url, {"q": "food", "near": "ZZ9"}).content.decode()
    assert "We do not know where ZZ9 is" in unknown
    assert "Chapeltown Advice" not in unknown


def test_the_oruk_postcode_and_proximity_parameters(client, city):
    services = reverse("directory:openreferral:services")
    found = client.get(services, {"postcode": "LS7 3AB", "proximity": 1000}).json()
    assert [s["name"] for s in found["contents"]] == ["Chapeltown Advice"]
    wide = client.get(services, {"postcode": "LS7", "proximity": 10000}).json()
    assert wide["total_items"] == 2
    nowhere = client.get(services, {"postcode": "ZZ9"})
    assert nowhere.status_code == 200 and nowhere.json()["total_items"] == 0
    assert client.get(services, {"postcode": "LS7", "proximity": -1}).status_code == 422
    places = reverse("directory:openreferral:service_at_locations")
    at = client.get(places, {"postcode": "LS7", "proximity": 1000}).json()
    assert [item["service_id"] for item in at["contents"]] == [str(city["near"].pk)]


def test_the_oruk_age_day_time_and_modified_filters(client, programme):
    import datetime

    from django.utils import timezone

    from bridges.directory.models import Service

    youth = make_service(
        programme, name="Youth Club", minimum_age=11, maximum_age=18, hours=("TU", "16:00", "19:00")
    )
    adults = make_service(
        programme, name="Adult ESOL", minimum_age=19, hours=("MO,WE", "09:00", "12:00")
    )
    url = reverse("directory:openreferral:services")

    def names(**params):
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        return sorted(s["name"] for s in response.json()["contents"])

    assert names(minimum_age=18) == ["Adult ESOL"]
    assert names(maximum_age=18) == ["Youth Club"]
    assert names(day="Tuesday") == ["Youth Club"]
    assert names(day="WE", start_time="08:30", end_time="12:00") == ["Adult ESOL"]
    assert names(day="WE", start_time="10:00") == []
    assert names(day="WE", start_time="08:30:00Z") == ["Adult ESOL"]
    Service.objects.filter(pk=youth.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=10)
    )
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert names(modified_after=since) == ["Adult ESOL"]
    assert client.get(url, {"day": "Funday"}).status_code == 422
    assert adults.pk
