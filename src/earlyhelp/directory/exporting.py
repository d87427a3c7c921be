"""Exporting a directory as an Open Referral UK 3.0 feed: `earlyhelp export services`.

The feed is a JSON list of fully nested services, as `GET /services/{id}` gives each, the
shape `import_services` reads. Services are written in batches, so a large directory is
never held in memory whole.
"""

import json
from typing import TextIO

from earlyhelp.accounts.models import Authority
from earlyhelp.directory.models import Service
from earlyhelp.directory.openreferral import full_service_documents, full_service_queryset

BATCH_SIZE = 200


def export_services(output: TextIO, authority: Authority | None = None) -> int:
    """Write the services (of one authority, or all) to `output`; returns how many."""
    services = Service.objects.order_by("name", "id")
    if authority is not None:
        services = services.filter(authority=authority)
    ids = list(services.values_list("id", flat=True))
    output.write("[")
    for start in range(0, len(ids), BATCH_SIZE):
        batch = full_service_queryset(
            Service.objects.filter(pk__in=ids[start : start + BATCH_SIZE])
        )
        by_id = {service.pk: service for service in batch}
        ordered = [by_id[service_id] for service_id in ids[start : start + BATCH_SIZE]]
        for position, document in enumerate(full_service_documents(ordered), start=start):
            output.write(",\n" if position else "\n")
            output.write(json.dumps(document, ensure_ascii=False, indent=2))
    output.write("\n]\n" if ids else "]\n")
    return len(ids)
