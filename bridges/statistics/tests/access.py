from bridges.core.access import Rule, only
from bridges.core.models import Area
from bridges.statistics.models import Dataset, Indicator, Observation, StatisticsImport

READERS = only("coordinator", "analyst", "admin")
IMPORTERS = only("coordinator", "admin")


def build_world(world):
    programme = world["programme"]
    # The programme's own dataset: another programme must not find it.
    dataset = Dataset.objects.create(
        programme=programme,
        slug="matrix-figures",
        title="Matrix figures",
        publisher="Office for National Statistics",
        licence="Open Government Licence v3.0",
    )
    indicator = Indicator.objects.create(dataset=dataset, code="people", label="People")
    Observation.objects.create(
        indicator=indicator, area_code="E08000035", area_kind="lad", period="2021", value=10
    )
    # An area for its profile page (areas are public reference data, shared by every programme).
    Area.objects.get_or_create(code="E08000035", defaults={"name": "Leeds", "kind": "lad"})
    world["statistics"] = {
        "indicator": indicator,
        "import": StatisticsImport.objects.create(
            programme=programme, source_name="figures.csv", layout="tidy", payload=b"x"
        ),
    }


def _s(world):
    return world["statistics"]


ACCESS = {
    "statistics:home": Rule(READERS),
    "statistics:indicator": Rule(READERS, kwargs=lambda w: {"indicator_id": _s(w)["indicator"].pk}),
    "statistics:import_create": Rule(IMPORTERS),
    "statistics:import_detail": Rule(IMPORTERS, kwargs=lambda w: {"import_id": _s(w)["import"].pk}),
}
ACCESS["statistics:map"] = Rule(READERS)
ACCESS["statistics:area"] = Rule(READERS, kwargs=lambda w: {"code": "E08000035"})
ACCESS["statistics:arrivals"] = Rule(READERS)
ACCESS["statistics:coverage"] = Rule(READERS)
