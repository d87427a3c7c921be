"""`earlyhelp import services` on the command line."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from earlyhelp.directory.models import Service
from tests.directory.conftest import speech_service


@pytest.mark.django_db
def test_importing_a_feed_reports_what_it_added_and_changed(demo, tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([speech_service()]), encoding="utf-8")
    out = io.StringIO()

    call_command("import", "services", str(feed), "--authority", "worcestershire", stdout=out)

    assert Service.objects.count() == 1
    assert "1 added" in out.getvalue()
    again = io.StringIO()
    call_command("import", "services", str(feed), "--authority", "worcestershire", stdout=again)
    assert "0 added, 0 changed" in again.getvalue() and Service.objects.count() == 1


@pytest.mark.django_db
def test_a_file_that_is_not_a_feed_is_refused_with_exit_code_2(demo, tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text("not json", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import", "services", str(feed), stdout=io.StringIO())
    assert refused.value.returncode == 2
    assert Service.objects.count() == 0
