import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from earlyhelp.accounts.models import Authority
from earlyhelp.demo.authorities import AUTHORITIES
from earlyhelp.demo.services import SeedError, demo_users, seed_authority
from earlyhelp.env import env_str


class Command(BaseCommand):
    help = (
        "Load synthetic demo data for an authority: its districts, teams, partner agencies "
        "and one demo user per role. The same --seed always gives the same data."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--authority", choices=sorted(AUTHORITIES), default="worcestershire")
        parser.add_argument(
            "--families",
            type=int,
            default=0,
            help="How many synthetic families to create, with pathways at every stage.",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1)")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already holds an authority (used by `make demo`).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG or settings.EARLYHELP_DEMO):
            raise CommandError(
                "demo data goes only into a demo: set EARLYHELP_DEMO=true (or DEBUG=true)",
                returncode=2,
            )
        if options["if_empty"] and Authority.objects.exists():
            self.stdout.write("The database already has data: demo data not loaded again.")
            self._print_logins(
                [(user.email, ", ".join(user.role_labels())) for user in demo_users()],
                env_str("EARLYHELP_DEMO_PASSWORD", "demo-password"),
            )
            return
        password = env_str("EARLYHELP_DEMO_PASSWORD", "demo-password")
        started = time.monotonic()

        def progress(done: int) -> None:
            if done % 10_000 == 0 or done == options["families"]:
                rate = done / max(time.monotonic() - started, 0.001)
                self.stdout.write(f"  {done:,} families ({rate:,.0f} a second)")

        try:
            result = seed_authority(
                authority_slug=options["authority"],
                families=options["families"],
                seed=options["seed"],
                password=password,
                progress=progress,
            )
        except SeedError as error:
            raise CommandError(str(error), returncode=2) from None

        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded demo data for {result.authority.name}: {result.families:,} families "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
        if result.places:
            self.stdout.write(
                f"  {result.places['areas']:,} areas (LSOAs), "
                f"{result.places['deprived_areas']:,} of them in the 30% most deprived"
            )
        if result.places.get("children"):
            self.stdout.write(
                f"  {result.places['children']:,} children aged 0 to 17 (synthetic mid-year "
                "estimates)"
            )
        if result.places.get("towns"):
            self.stdout.write(f"  {result.places['towns']:,} towns and villages to search by")
        if result.directory:
            counts = result.directory
            self.stdout.write(
                f"  directory: {counts['services']:,} services from "
                f"{counts['organisations']:,} organisations at {counts['locations']:,} places,\n"
                f"    {counts['family_hubs']:,} of them family hubs; "
                f"{counts['in_deprived_areas']:,} in the 30% most deprived areas"
            )
        if result.coded:
            self.stdout.write(f"  {result.coded:,} triage entries read by the coder")
        elif result.families:
            self.stdout.write("  Run `earlyhelp coder backlog` to code the triage entries.")
        if result.support:
            self.stdout.write(
                "  and "
                + ", ".join(
                    f"{count:,} {kind.replace('_', ' ')}" for kind, count in result.support.items()
                )
            )
        self._print_logins(result.logins, password)
        for email, key in result.two_factor_keys.items():
            self.stdout.write(
                f"{email} needs a code from an authenticator app with the key {key},\n"
                f"  or run: earlyhelp demo_code {email}"
            )

    def _print_logins(self, logins: list[tuple[str, str]], password: str) -> None:
        if not logins:
            return
        self.stdout.write(f"Demo sign-ins (password: {password}):")
        for email, role in logins:
            self.stdout.write(f"  {email:<40} {role}")
