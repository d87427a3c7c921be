"""The real places the demo uses: authorities, their districts (ONS codes) and label sets."""

from dataclasses import dataclass


@dataclass(frozen=True)
class AuthorityPlace:
    slug: str
    name: str
    ons_code: str
    band_label_set: str
    police: str
    districts: tuple[tuple[str, str], ...]


AUTHORITIES = {
    "worcestershire": AuthorityPlace(
        slug="worcestershire",
        name="Worcestershire County Council",
        ons_code="E10000034",
        band_label_set="worcestershire-levels-of-need",
        police="West Mercia Police",
        districts=(
            ("Bromsgrove", "E07000234"),
            ("Malvern Hills", "E07000235"),
            ("Redditch", "E07000236"),
            ("Worcester", "E07000237"),
            ("Wychavon", "E07000238"),
            ("Wyre Forest", "E07000239"),
        ),
    ),
    "warwickshire": AuthorityPlace(
        slug="warwickshire",
        name="Warwickshire County Council",
        ons_code="E10000031",
        band_label_set="warwickshire-stepped-approach",
        police="Warwickshire Police",
        districts=(
            ("North Warwickshire", "E07000218"),
            ("Nuneaton and Bedworth", "E07000219"),
            ("Rugby", "E07000220"),
            ("Stratford-on-Avon", "E07000221"),
            ("Warwick", "E07000222"),
        ),
    ),
}
