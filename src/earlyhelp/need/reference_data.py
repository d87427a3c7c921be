"""The need framework's reference data: label sets, headline outcomes, issue codes.

The data is in need/data/need_framework.json (from docs triage-codes.md and the
authorities' published continuum documents). `load_need_framework` takes an app
registry so that the data migration (historical models) and tests that empty the
database (the live registry) load it the same way. Rows already present are left as
an administrator may have edited them.
"""

import json
from pathlib import Path
from typing import Any

from django.apps.registry import Apps
from django.utils import timezone

DATA = Path(__file__).resolve().parent / "data" / "need_framework.json"


def _get_or_create_with_history(
    apps: Apps, model_name: str, lookup: dict[str, Any], defaults: dict[str, Any]
) -> Any:
    """get_or_create that also makes sure the new row has its first history row: the
    signals that keep history do not fire for the historical models a migration uses."""
    model = apps.get_model("need", model_name)
    obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
    history = apps.get_model("need", f"Historical{model_name}")
    if created and not history.objects.filter(id=obj.pk).exists():
        history.objects.create(
            **{field.attname: getattr(obj, field.attname) for field in model._meta.fields},
            history_date=timezone.now(),
            history_type="+",
            history_change_reason="Loaded with the need framework",
        )
    return obj


def load_need_framework(apps: Apps) -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))

    for row in data["band_label_sets"]:
        label_set = _get_or_create_with_history(
            apps,
            "BandLabelSet",
            {"slug": row["slug"]},
            {"name": row["name"], "description": row["description"]},
        )
        for label in row["labels"]:
            _get_or_create_with_history(
                apps,
                "BandLabel",
                {"label_set": label_set, "band": label["band"]},
                {
                    "label": label["label"],
                    "description": label["description"],
                    "who_helps": label["who_helps"],
                },
            )
    outcomes = {}
    for row in data["headline_outcomes"]:
        outcomes[row["slug"]] = _get_or_create_with_history(
            apps,
            "HeadlineOutcome",
            {"slug": row["slug"]},
            {"label": row["label"], "position": row["position"]},
        )
    for row in data["issue_codes"]:
        _get_or_create_with_history(
            apps,
            "IssueCode",
            {"code": row["code"]},
            {
                "headline_outcome": outcomes[row["headline_outcome"]],
                "need": row["need"],
                "position": row["position"],
            },
        )
