from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from earlyhelp.demo.services import DEMO_EMAIL_DOMAIN, current_code


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (demo accounts only)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].lower()
        if not email.endswith(f"@{DEMO_EMAIL_DOMAIN}"):
            raise CommandError(
                f"only demo accounts (@{DEMO_EMAIL_DOMAIN}) have printable codes", returncode=2
            )
        device = TOTPDevice.objects.filter(user__email=email, confirmed=True).first()
        if device is None:
            raise CommandError(f"{email} has no authenticator", returncode=2)
        self.stdout.write(current_code(device))
