"""earlyhelp subject-access PERSON_ID --format json|pdf -o FILE: everything held about
one person, for a subject access request: every family of theirs. Written to the
access log as an export by "system", one row per family (the command line has no
signed-in user)."""

import json
import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from earlyhelp.accounts.models import AccessLog, AccessPurpose, User
from earlyhelp.people.models import Person
from earlyhelp.protection.access import families_of, unique
from earlyhelp.protection.subject_access import as_pdf, subject_access_record


class Command(BaseCommand):
    help = "Export everything held about one person (JSON or PDF), for a subject access request."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person_id", help="the person's id (the UUID in their page's address)")
        parser.add_argument("--format", choices=("json", "pdf"), default="json")
        parser.add_argument("-o", "--output", required=True, help="the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            person_id = uuid.UUID(options["person_id"])
        except ValueError:
            raise CommandError(
                f"{options['person_id']!r} is not a person id", returncode=2
            ) from None
        person = Person.objects.filter(
            public_id=person_id, merged_into__isnull=True, anonymised_at__isnull=True
        ).first()
        if person is None:
            raise CommandError(f"No person {person_id}", returncode=2)
        families = unique(families_of(person))
        system = User(email="system")
        record = subject_access_record(person, by=system, families=families)
        output = Path(options["output"])
        try:
            if options["format"] == "json":
                output.write_text(
                    json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8"
                )
            else:
                output.write_bytes(as_pdf(record))
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}", returncode=2) from None
        AccessLog.objects.bulk_create(
            AccessLog(
                user=None,
                user_email="system",
                authority_id=person.authority_id,
                object_type="people.person",
                object_id=str(person.public_id),
                object_label=f"Subject access: person {person.public_id}",
                family_id=family_id,
                purpose=AccessPurpose.SUBJECT_ACCESS,
                reason="Exported with the subject-access command",
            )
            for family_id in [family.public_id for family in families] or [None]
        )
        self.stdout.write(
            f"Wrote the subject access export of person {person.public_id} to {output}"
        )
