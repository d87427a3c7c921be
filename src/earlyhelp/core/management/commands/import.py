"""earlyhelp import KIND FILE [--authority SLUG]: records from another case system, and
places.

Kinds: ``triages`` (historic triages, see pathways/importing.py); ``areas`` (LSOA
boundaries), ``imd`` (the English Indices of Deprivation 2019), ``postcodes`` (the ONS
Postcode Directory) and ``towns`` (an authority's towns and villages), see
places/importing.py; ``services`` (an Open Referral UK feed, see directory/importing.py);
``population`` (ONS mid-year estimates by LSOA and age, see planning/importing.py).
Each kind validates the whole file first: a file with any bad row writes nothing, prints
one line per bad row and exits with code 2. Importing areas or the IMD places the
directory's locations in them again; importing postcodes (or the areas they are in) gives
families with no area the area of their postcode.
"""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from earlyhelp.accounts.models import Authority
from earlyhelp.core.management.authority_option import authority_from_option
from earlyhelp.directory.importing import UnreadableFeed, import_services
from earlyhelp.directory.models import Location
from earlyhelp.directory.services import place_locations
from earlyhelp.pathways import importing as triage_importing
from earlyhelp.pathways.importing import import_triages
from earlyhelp.people.services import place_families_in_their_areas
from earlyhelp.places import importing as place_importing
from earlyhelp.planning.importing import import_population


class Command(BaseCommand):
    help = (
        "Import records from another case system or places: earlyhelp import "
        "triages|areas|imd|postcodes|towns|services|population FILE"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        triages = kinds.add_parser(
            "triages",
            help="historic triages, one row per triage entry",
            description=(
                "Import historic triages from a CSV with the columns triage_ref, family_ref, "
                "stage (assessment, review or closure), completed_on (YYYY-MM-DD), district "
                "(ONS code or name, or empty), band, narrative and, for closures, outcome. "
                "Families are matched by family_ref; a family's triages make its pathways "
                "(an assessment opens one, a closure closes it with its outcome). Recorded "
                "as done by the authority's first administrator. Importing the same file "
                "again changes nothing."
            ),
        )
        triages.add_argument("file", type=Path, help="the CSV file")
        triages.add_argument("--authority", help="slug (default: the only authority)")

        areas = kinds.add_parser(
            "areas",
            help="LSOA boundaries from GeoJSON files",
            description=(
                "Import LSOA (2011) boundaries from GeoJSON FeatureCollections whose features "
                "have the properties LSOA11CD and LSOA11NM. Areas are matched by code: a new "
                "boundary replaces the old and keeps the area's deprivation. Each area's "
                "district is the one given with --district, or the authority's district its "
                "name starts with (Bromsgrove 001A: Bromsgrove). Importing the same files "
                "again changes nothing."
            ),
        )
        areas.add_argument("files", type=Path, nargs="+", metavar="GEOJSON")
        areas.add_argument("--authority", help="slug (default: the authority of each district)")
        areas.add_argument("--district", help="the ONS code of the district every area is in")

        imd = kinds.add_parser(
            "imd",
            help="the English Indices of Deprivation 2019 by LSOA",
            description=(
                "Import the English IMD 2019 by LSOA from a CSV with the columns lsoa11_code, "
                "IMD_decile, IMD_rank and the seven domain deciles. Updates the areas held "
                "and ignores the others; import areas first."
            ),
        )
        imd.add_argument("file", type=Path, help="the CSV file")

        postcodes = kinds.add_parser(
            "postcodes",
            help="postcode points and LSOAs from the ONS Postcode Directory",
            description=(
                "Import postcodes from an ONS Postcode Directory CSV (the columns pcds or "
                "pcd, lat, long and lsoa11). Postcodes without a grid reference are skipped "
                "and counted. Importing the same file again changes nothing."
            ),
        )
        postcodes.add_argument("file", type=Path, help="the CSV file")

        towns = kinds.add_parser(
            "towns",
            help="an authority's towns and villages, to search by",
            description=(
                "Import towns and villages from a CSV with the columns name, district (the "
                "name or ONS code of one of the authority's districts, or empty), latitude "
                "and longitude (of the town's centre). Towns are matched by name, whatever "
                "its case, and updated. Importing the same file again changes nothing."
            ),
        )
        towns.add_argument("file", type=Path, help="the CSV file")
        towns.add_argument("--authority", help="slug (default: the only authority)")

        services = kinds.add_parser(
            "services",
            help="services from an Open Referral UK feed (3.0, or 1.0)",
            description=(
                "Import services from an Open Referral UK feed: a list of services, an API "
                "page or one service, in 3.0 or 1.0. Services already held are matched by "
                "id and updated; a service that breaks the profile is rejected with its "
                "reason and the rest are imported. Importing the same feed again changes "
                "nothing."
            ),
        )
        services.add_argument("file", type=Path, help="the JSON file")
        services.add_argument("--authority", help="slug (default: the only authority)")

        population = kinds.add_parser(
            "population",
            help="ONS mid-year population estimates by LSOA and single year of age",
            description=(
                "Import the children (ages 0 to 17) of each LSOA held from an ONS small area "
                "population estimates CSV (the columns LSOA Code and 0, 1, ... 17; All Ages "
                "checked when present; any case or spacing). Importing a year again replaces "
                "it; see planning/importing.py."
            ),
        )
        population.add_argument("file", type=Path, help="the CSV file")
        population.add_argument("--year", type=int, required=True, help="the mid-year, e.g. 2022")

    def handle(self, *args: Any, **options: Any) -> None:
        # Before the database: a typo needs no set-up.
        for path in options.get("files") or [options["file"]]:
            if not path.is_file():
                raise CommandError(f"{path}: no such file", returncode=2)
        if options["kind"] == "triages":
            self._import_triages(options["file"], authority_from_option(options["authority"]))
        elif options["kind"] == "areas":
            self._import_areas(options["files"], options["authority"], options["district"])
        elif options["kind"] == "imd":
            self._import_imd(options["file"])
        elif options["kind"] == "postcodes":
            self._import_postcodes(options["file"])
        elif options["kind"] == "towns":
            self._import_towns(options["file"], authority_from_option(options["authority"]))
        elif options["kind"] == "services":
            self._import_services(options["file"], authority_from_option(options["authority"]))
        elif options["kind"] == "population":
            self._import_population(options["file"], options["year"])

    def _import_population(self, path: Path, year: int) -> None:
        try:
            summary = import_population(path, year)
        except place_importing.UnreadableFile as error:
            raise CommandError(str(error), returncode=2) from None
        except place_importing.BadRows as error:
            raise self._refuse_bad_rows(error.bad_rows, str(path)) from None
        self.stdout.write(f"Imported {path.name}:")
        for line in summary.lines():
            self.stdout.write(f"  {line}")

    def _import_services(self, path: Path, authority: Authority) -> None:
        try:
            summary = import_services(path, authority)
        except UnreadableFeed as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(f"Imported {path.name} into {authority}:")
        for line in summary.lines():
            self.stdout.write(f"  {line}")

    def _refuse_bad_rows(self, bad_rows: list[Any], source: str) -> CommandError:
        for bad_row in bad_rows:
            self.stderr.write(str(bad_row))
        count = len(bad_rows)
        return CommandError(
            f"{count} bad row{'s' if count != 1 else ''} in {source}: nothing imported",
            returncode=2,
        )

    def _import_triages(self, path: Path, authority: Authority) -> None:
        started = time.monotonic()
        try:
            summary = import_triages(path, authority)
        except triage_importing.UnreadableFile as error:
            raise CommandError(str(error), returncode=2) from None
        except triage_importing.BadRows as error:
            raise self._refuse_bad_rows(error.bad_rows, str(path)) from None
        self.stdout.write(
            f"Imported {path.name} into {authority} in {time.monotonic() - started:.1f} s, "
            f"recorded as done by {summary.recorded_as.email}:"
        )
        self.stdout.write(
            f"  families: {summary.families_created:,} created, "
            f"{summary.families_matched:,} matched"
        )
        self.stdout.write(
            f"  pathways: {summary.pathways_created:,} created, "
            f"{summary.pathways_closed:,} closed that were open"
        )
        self.stdout.write(
            f"  triages: {summary.triages_imported:,} imported, "
            f"{summary.triages_already_imported:,} imported before"
        )
        self.stdout.write(f"  entries: {summary.entries_imported:,}")
        if summary.entries_imported:
            self.stdout.write("Run `earlyhelp coder backlog` to code the imported entries.")

    def _import_areas(
        self, paths: list[Path], authority_slug: str | None, district_code: str | None
    ) -> None:
        started = time.monotonic()
        authority = authority_from_option(authority_slug) if authority_slug else None
        try:
            district = (
                place_importing.district_for_code(district_code, authority)
                if district_code
                else None
            )
            summary = place_importing.import_areas(paths, authority=authority, district=district)
        except place_importing.UnreadableFile as error:
            raise CommandError(str(error), returncode=2) from None
        except place_importing.BadRows as error:
            source = ", ".join(str(path) for path in paths)
            raise self._refuse_bad_rows(error.bad_rows, source) from None
        self.stdout.write(
            f"Imported {len(paths)} boundary file{'s' if len(paths) != 1 else ''} in "
            f"{time.monotonic() - started:.1f} s:"
        )
        self.stdout.write(
            f"  areas: {summary.created:,} created, {summary.updated:,} updated, "
            f"{summary.unchanged:,} unchanged"
        )
        if summary.without_district:
            self.stdout.write(
                f"  {summary.without_district:,} areas matched no district: "
                "give --district ONS_CODE"
            )
        if summary.postcodes_linked:
            self.stdout.write(f"  postcodes linked to their areas: {summary.postcodes_linked:,}")
            self._place_families()
        self._place_directory_locations()

    def _import_imd(self, path: Path) -> None:
        started = time.monotonic()
        try:
            summary = place_importing.import_imd(path)
        except place_importing.UnreadableFile as error:
            raise CommandError(str(error), returncode=2) from None
        except place_importing.BadRows as error:
            raise self._refuse_bad_rows(error.bad_rows, str(path)) from None
        self.stdout.write(
            f"Imported {path.name} in {time.monotonic() - started:.1f} s: {summary.rows:,} rows"
        )
        self.stdout.write(
            f"  areas: {summary.updated:,} updated, {summary.unchanged:,} unchanged; "
            f"{summary.not_held:,} LSOAs not held here, ignored"
        )
        self._place_directory_locations()

    def _import_towns(self, path: Path, authority: Authority) -> None:
        try:
            summary = place_importing.import_towns(path, authority)
        except place_importing.UnreadableFile as error:
            raise CommandError(str(error), returncode=2) from None
        except place_importing.BadRows as error:
            raise self._refuse_bad_rows(error.bad_rows, str(path)) from None
        self.stdout.write(f"Imported {path.name} into {authority}: {summary.rows:,} rows")
        self.stdout.write(
            f"  towns: {summary.created:,} created, {summary.updated:,} updated, "
            f"{summary.unchanged:,} unchanged"
        )

    def _place_directory_locations(self) -> None:
        """Locations imported before their areas (or their deprivation) get them now."""
        placed = place_locations(Location.objects.filter(latitude__isnull=False))
        if placed:
            self.stdout.write(f"  directory locations placed in their areas again: {placed:,}")

    def _import_postcodes(self, path: Path) -> None:
        started = time.monotonic()
        try:
            summary = place_importing.import_postcodes(path)
        except place_importing.UnreadableFile as error:
            raise CommandError(str(error), returncode=2) from None
        except place_importing.BadRows as error:
            raise self._refuse_bad_rows(error.bad_rows, str(path)) from None
        self.stdout.write(
            f"Imported {path.name} in {time.monotonic() - started:.1f} s: {summary.rows:,} rows"
        )
        self.stdout.write(
            f"  postcodes: {summary.created:,} created, {summary.updated:,} updated, "
            f"{summary.unchanged:,} unchanged; {summary.without_coordinates:,} skipped "
            f"without coordinates; {summary.in_areas_held:,} in areas held here"
        )
        self._place_families()

    def _place_families(self) -> None:
        """Families recorded before their postcode was held get its area now."""
        placed = place_families_in_their_areas()
        self.stdout.write(f"  families placed in the areas of their postcodes: {placed:,}")
