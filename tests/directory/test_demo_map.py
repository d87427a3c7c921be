"""The demo's maps of Worcestershire shade exactly the real 30% most deprived LSOAs: what
the gap analysis map draws, checked against the IMD 2019 file itself."""

import csv
import json
import re

from earlyhelp.demo import places
from tests.places.test_demo_places import WORCESTERSHIRE_DISTRICTS, needs_shared_data


def bottom_30_percent_of_worcestershire() -> set[str]:
    folder = places.shared_data_folder()
    codes = set()
    for ons_code in WORCESTERSHIRE_DISTRICTS:
        collection = json.loads((folder / "geo" / f"lsoa11_{ons_code}.json").read_text())
        codes |= {feature["properties"]["LSOA11CD"] for feature in collection["features"]}
    with (folder / places.IMD_FILE).open(newline="") as handle:
        return {
            row["lsoa11_code"]
            for row in csv.DictReader(handle)
            if row["lsoa11_code"] in codes and int(row["IMD_decile"]) <= 3
        }


@needs_shared_data
def test_the_gap_map_shades_the_real_bottom_30_percent_of_worcestershire(
    demo_directory, signed_in
) -> None:
    page = signed_in("analyst").get("/directory/gaps/").content.decode()

    data = json.loads(
        re.search(r'<script id="gap-map" type="application/json">(.*?)</script>', page, re.S)[1]
    )
    shaded = {
        feature["properties"]["code"]
        for feature in data["areas"]["features"]
        if feature["properties"]["deprived"]
    }
    assert shaded == bottom_30_percent_of_worcestershire()
    assert all(1 <= f["properties"]["decile"] <= 3 for f in data["areas"]["features"])
