"""The coder's pages by persona: codes on the triage page, the analysts' review queue and
keyboard review, the agreement figures, and the safeguarding flags a person must close."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from earlyhelp.accounts.models import AccessLog, AccessPurpose
from earlyhelp.coding.models import EntryCoding, FlagAction, SafeguardingFlag
from earlyhelp.coding.selectors import month_start
from earlyhelp.need.models import Band
from earlyhelp.pathways.models import CodeSource, CodeStatus, EntryCode, TriageEntry
from tests.coding.conftest import (
    ATTENDANCE,
    DEBT,
    coded_entry,
    draft_triage,
    give_code,
    mark_coded,
    raise_flag,
    uncoded_entry,
)
from tests.conftest import demo_user

pytestmark = pytest.mark.django_db

NOTE = "Rang the MASH: a social worker is visiting the family today."


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def logged_reads(local_part: str, family_id: object, purpose: str) -> int:
    return AccessLog.objects.filter(
        user=demo_user(local_part), family_id=family_id, purpose=purpose
    ).count()


# Codes on the triage page -----------------------------------------------------------------


def test_the_triage_page_shows_the_coders_suggestions_with_their_confidence(signed_in):
    entry = coded_entry()
    suggestions = list(entry.codes.filter(status=CodeStatus.SUGGESTED).select_related("code"))
    assert "EDU-ATTEND" in [row.code.code for row in suggestions]

    html = signed_in("fsw").get(f"/triages/{entry.triage.public_id}/").content.decode()

    assert "Suggested:" in html
    for row in suggestions:
        assert f"{row.code.code} {row.confidence:.2f}" in html
    assert "Coding…" not in html


def test_confirmed_codes_show_plainly_and_rejected_ones_not_at_all(signed_in):
    entry = uncoded_entry()
    give_code(entry, "HOUSING", source=CodeSource.PRACTITIONER, status=CodeStatus.CONFIRMED)
    give_code(entry, "DA", status=CodeStatus.REJECTED, confidence=0.41)
    mark_coded(entry)

    html = signed_in("fsw").get(f"/triages/{entry.triage.public_id}/").content.decode()

    assert re.search(r'<strong class="govuk-tag [^"]*"[^>]*>HOUSING</strong>', html)
    assert "DA 0.41" not in html and "Suggested:" not in html


def test_an_open_flag_shows_a_red_tag_on_the_entry(signed_in):
    entry = uncoded_entry("Ruby has a bruise on her cheek and says dad hit her.", Band.YELLOW)
    mark_coded(entry)
    raise_flag(entry)

    html = signed_in("fsw").get(f"/triages/{entry.triage.public_id}/").content.decode()

    assert "govuk-tag--red" in html
    assert "Safeguarding concern: a person must look now" in html


def test_an_entry_not_coded_yet_says_so_and_offers_its_codes_to_fetch(signed_in):
    entry = uncoded_entry()

    html = signed_in("fsw").get(f"/triages/{entry.triage.public_id}/").content.decode()

    assert "Coding…" in html
    assert "Codes will appear when you reload the page" in html
    assert f'data-codes-url="/coding/entries/{entry.public_id}/codes/"' in html
    assert "coding/entry-codes" in html and 'type="module"' in html
    assert "<script>" not in html  # no inline script


def test_the_codes_fragment_gives_the_codes_once_the_coder_has_read_the_entry(signed_in):
    entry = uncoded_entry()
    client = signed_in("fsw")
    assert (
        "data-coding-pending"
        in client.get(f"/coding/entries/{entry.public_id}/codes/").content.decode()
    )

    give_code(entry, "EDU-ATTEND", confidence=0.92)
    mark_coded(entry)
    response = client.get(f"/coding/entries/{entry.public_id}/codes/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "EDU-ATTEND 0.92" in html and "data-coding-pending" not in html
    assert "<html" not in html  # a fragment, not a page
    family_id = entry.triage.pathway.family.public_id
    assert logged_reads("fsw", family_id, AccessPurpose.VIEW) >= 2


def test_the_codes_fragment_is_refused_to_who_may_not_see_the_entry(signed_in, client):
    entry = uncoded_entry()
    url = f"/coding/entries/{entry.public_id}/codes/"

    assert signed_in("practitioner2").get(url).status_code == 404
    assert client.get(url)["Location"].startswith("/sign-in/")
    assert signed_in("fsw").get("/coding/entries/not-a-uuid/codes/").status_code == 404


# The review queue -------------------------------------------------------------------------


def test_an_analyst_sees_the_queue_with_counts_and_suggestions(signed_in):
    entry = uncoded_entry(ATTENDANCE + " " * 10 + "x" * 300)
    give_code(entry, "EDU-ATTEND", confidence=0.67)
    mark_coded(entry)
    uncoded_entry(DEBT)

    response = signed_in("analyst").get("/coding/review/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Codes to review" in html
    assert re.search(r'data-count="waiting">2<', html)
    assert re.search(r'data-count="uncoded">1<', html)
    assert re.search(r'data-count="flagged">0<', html)
    assert "EDU-ATTEND 0.67" in html
    assert ATTENDANCE in unescape(html) and "x" * 300 not in html  # the first 200 characters
    assert f"/coding/review/{entry.public_id}/" in html and "Review" in html
    family_id = entry.triage.pathway.family.public_id
    assert logged_reads("analyst", family_id, AccessPurpose.SEARCH) == 1


@pytest.mark.parametrize("local_part", ["practitioner", "frontdoor", "fsw", "manager"])
def test_only_analysts_may_open_the_review_queue(signed_in, local_part):
    entry = uncoded_entry()
    client = signed_in(local_part)

    assert client.get("/coding/review/").status_code == 403
    assert client.get(f"/coding/review/{entry.public_id}/").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(demo, client):
    for url in ("/coding/review/", "/coding/agreement/", "/safeguarding/"):
        assert client.get(url)["Location"].startswith("/sign-in/")


def test_a_flagged_entry_is_first_in_the_queue(signed_in):
    calm = uncoded_entry(DEBT)
    mark_coded(calm)
    urgent = uncoded_entry("Ruby has a bruise on her cheek and says dad hit her.")
    mark_coded(urgent)
    raise_flag(urgent)

    html = signed_in("analyst").get("/coding/review/").content.decode()

    assert html.index(str(urgent.public_id)) < html.index(str(calm.public_id))
    assert re.search(r'data-count="flagged">1<', html)
    assert "Safeguarding flag" in html


def test_the_review_page_shows_every_code_with_its_key_and_ticks_the_suggestions(signed_in):
    entry = uncoded_entry()
    give_code(entry, "EDU-ATTEND", confidence=0.88)
    mark_coded(entry)

    response = signed_in("analyst").get(f"/coding/review/{entry.public_id}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('type="checkbox"') == 26
    keys = re.findall(r'data-shortcut="([^"]+)"', html)
    assert keys == list("123456789abcdefghijklmnopq")
    assert "<kbd>1</kbd>" in html and "<kbd>q</kbd>" in html
    assert re.search(r'value="EDU-ATTEND"[^>]*checked', html)
    assert not re.search(r'value="DA"[^>]*checked', html)
    assert ATTENDANCE in unescape(html)
    assert "Confirm codes" in html and "Skip" in html
    assert "coding/shortcuts" in html and "<script>" not in html
    family_id = entry.triage.pathway.family.public_id
    assert logged_reads("analyst", family_id, AccessPurpose.VIEW) == 1


def test_confirming_codes_records_who_and_when_and_goes_to_the_next_entry(signed_in):
    entry = uncoded_entry()
    give_code(entry, "EDU-ATTEND", confidence=0.88)
    give_code(entry, "DA", confidence=0.31)
    mark_coded(entry)
    following = uncoded_entry(DEBT)
    mark_coded(following)
    analyst = demo_user("analyst")

    response = signed_in("analyst").post(
        f"/coding/review/{entry.public_id}/", {"codes": ["EDU-ATTEND", "HOUSING"]}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/coding/review/{following.public_id}/"
    rows = {row.code.code: row for row in entry.codes.select_related("code")}
    assert rows["EDU-ATTEND"].status == CodeStatus.CONFIRMED
    assert rows["EDU-ATTEND"].source == CodeSource.CODER
    assert rows["DA"].status == CodeStatus.REJECTED  # kept, as the coder's lesson
    assert rows["HOUSING"].source == CodeSource.ANALYST
    assert rows["HOUSING"].status == CodeStatus.CONFIRMED
    for row in rows.values():
        assert row.confirmed_by == analyst and row.confirmed_at is not None
    coding = EntryCoding.objects.get(entry=entry)
    assert coding.reviewed_by == analyst and coding.reviewed_at is not None


def test_confirming_the_last_entry_goes_back_to_the_queue(signed_in):
    entry = uncoded_entry()
    mark_coded(entry)

    response = signed_in("analyst").post(f"/coding/review/{entry.public_id}/", {"codes": []})

    assert response["Location"] == "/coding/review/"
    assert EntryCoding.objects.get(entry=entry).reviewed_at is not None


def test_skip_leads_to_the_next_entry_in_the_queue(signed_in):
    first = uncoded_entry()
    mark_coded(first)
    raise_flag(first)
    second = uncoded_entry(DEBT)
    mark_coded(second)

    html = signed_in("analyst").get(f"/coding/review/{first.public_id}/").content.decode()

    assert re.search(rf'href="/coding/review/{second.public_id}/">Skip', html)


def test_an_unknown_code_is_refused_and_nothing_is_saved(signed_in):
    entry = uncoded_entry()
    give_code(entry, "EDU-ATTEND", confidence=0.88)
    mark_coded(entry)

    response = signed_in("analyst").post(
        f"/coding/review/{entry.public_id}/", {"codes": ["EDU-ATTEND", "NOT-A-CODE"]}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose codes from the list: NOT-A-CODE is not one" in html
    assert entry.codes.get().status == CodeStatus.SUGGESTED
    assert EntryCoding.objects.get(entry=entry).reviewed_at is None


def test_a_practitioner_cannot_confirm_codes(signed_in):
    entry = uncoded_entry()
    give_code(entry, "EDU-ATTEND")

    response = signed_in("fsw").post(f"/coding/review/{entry.public_id}/", {"codes": []})

    assert response.status_code == 403
    assert entry.codes.get().status == CodeStatus.SUGGESTED


# Agreement --------------------------------------------------------------------------------


def agreement_cells(html: str, period: int, code: str) -> list[str]:
    table = html.split(f'data-period="{period}"', 1)[1].split("</table>", 1)[0]
    row = table.split(f'data-code="{code}"', 1)[1].split("</tr>", 1)[0]
    return [text_of(cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]


def test_the_agreement_page_counts_agreed_rejected_and_missed_codes(signed_in):
    analyst = demo_user("analyst")
    now = timezone.now()
    last_month = timezone.make_aware(
        datetime.datetime.combine(month_start() - datetime.timedelta(days=1), datetime.time(12))
    )
    triage = draft_triage()
    one = uncoded_entry(triage=triage)
    give_code(one, "EDU-ATTEND", status=CodeStatus.CONFIRMED)
    give_code(one, "DA", status=CodeStatus.REJECTED)
    give_code(one, "HOUSING", source=CodeSource.ANALYST, status=CodeStatus.CONFIRMED)
    mark_coded(one, reviewed_by=analyst, reviewed_at=now)
    two = uncoded_entry(DEBT, triage=triage)
    give_code(two, "EDU-ATTEND", status=CodeStatus.CONFIRMED)
    mark_coded(two, reviewed_by=analyst, reviewed_at=now)
    older = uncoded_entry(triage=triage)
    give_code(older, "EDU-ATTEND", status=CodeStatus.REJECTED)
    mark_coded(older, reviewed_by=analyst, reviewed_at=last_month)
    not_reviewed = uncoded_entry(triage=triage)
    give_code(not_reviewed, "EDU-ATTEND")  # a suggestion nobody has decided on yet
    mark_coded(not_reviewed)

    response = signed_in("analyst").get("/coding/agreement/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "precision" in html and "recall" in html
    # This month: code, agreed, rejected, missed, precision, recall.
    assert agreement_cells(html, 1, "EDU-ATTEND") == ["EDU-ATTEND", "2", "0", "0", "100%", "100%"]
    assert agreement_cells(html, 1, "DA") == ["DA", "0", "1", "0", "0%", "No data"]
    assert agreement_cells(html, 1, "HOUSING") == ["HOUSING", "0", "0", "1", "No data", "0%"]
    assert agreement_cells(html, 1, "FIN-DEBT") == ["FIN-DEBT", "0", "0", "0", "No data", "No data"]
    assert agreement_cells(html, 1, "overall") == ["All codes", "2", "1", "1", "67%", "67%"]
    # All time adds last month's rejection.
    assert agreement_cells(html, 2, "EDU-ATTEND") == ["EDU-ATTEND", "2", "1", "0", "67%", "100%"]
    assert agreement_cells(html, 2, "overall") == ["All codes", "2", "2", "1", "50%", "67%"]


@pytest.mark.parametrize(("local_part", "status"), [("manager", 200), ("admin", 200)])
def test_managers_and_administrators_may_read_the_agreement(signed_in, local_part, status):
    assert signed_in(local_part).get("/coding/agreement/").status_code == status


@pytest.mark.parametrize("local_part", ["practitioner", "fsw", "frontdoor"])
def test_practitioners_and_the_front_door_may_not_read_the_agreement(signed_in, local_part):
    assert signed_in(local_part).get("/coding/agreement/").status_code == 403


# Safeguarding flags -----------------------------------------------------------------------


def test_a_flag_is_listed_for_the_front_door_and_the_familys_district_manager(signed_in):
    entry = uncoded_entry("Ruby has a bruise on her cheek and says dad hit her.")
    mark_coded(entry)
    raise_flag(entry)
    family = entry.triage.pathway.family

    for local_part in ("frontdoor", "manager"):
        response = signed_in(local_part).get("/safeguarding/")

        assert response.status_code == 200
        html = response.content.decode()
        open_flags = html.split('id="open-flags"', 1)[1].split("</table>", 1)[0]
        assert "Ruby has a bruise on her cheek" in open_flags
        assert f'href="/families/{family.public_id}/"' in open_flags
        assert family.reference in open_flags
        assert "1 open flag" in html
        assert logged_reads(local_part, family.public_id, AccessPurpose.SEARCH) == 1


def test_a_manager_of_another_district_does_not_see_the_flag(signed_in):
    entry = uncoded_entry(
        "Ruby has a bruise on her cheek and says dad hit her.", triage=draft_triage(malvern=True)
    )
    flag = raise_flag(entry)
    client = signed_in("manager")

    html = client.get("/safeguarding/").content.decode()

    assert "Ruby has a bruise" not in html and "No flags are open." in html
    assert client.get(f"/safeguarding/{flag.public_id}/close/").status_code == 404
    assert signed_in("frontdoor").get(f"/safeguarding/{flag.public_id}/close/").status_code == 200


@pytest.mark.parametrize("local_part", ["practitioner", "fsw", "analyst"])
def test_only_the_front_door_and_managers_may_open_the_flags(signed_in, local_part):
    flag = raise_flag(uncoded_entry())
    client = signed_in(local_part)

    assert client.get("/safeguarding/").status_code == 403
    assert client.post(f"/safeguarding/{flag.public_id}/close/", {}).status_code == 403


def test_red_entries_without_an_escalation_are_highlighted(signed_in):
    entry = uncoded_entry("Dad has been arrested for an assault on Ruby.", Band.RED)

    html = signed_in("frontdoor").get("/safeguarding/").content.decode()

    red = html.split('id="red-entries"', 1)[1].split("</table>", 1)[0]
    assert "Dad has been arrested" in red and "govuk-tag--red" in red
    assert entry.triage.pathway.family.reference in red


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"note": NOTE}, "Choose what was done"),
        ({"action": "shrugged", "note": NOTE}, "Choose what was done"),
        ({"action": FlagAction.ESCALATED}, "Say what was done, in a sentence"),
        ({"action": FlagAction.ESCALATED, "note": "   ok    "}, "Say what was done, in a sentence"),
    ],
)
def test_a_flag_cannot_be_closed_without_an_action_and_a_note(signed_in, data, message):
    flag = raise_flag(uncoded_entry())

    response = signed_in("frontdoor").post(f"/safeguarding/{flag.public_id}/close/", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    flag.refresh_from_db()
    assert flag.is_open and flag.action == "" and flag.closed_by is None


def test_a_flag_closes_with_an_action_and_a_note_and_shows_as_recently_closed(signed_in):
    entry = uncoded_entry("Ruby has a bruise on her cheek and says dad hit her.")
    flag = raise_flag(entry)
    client = signed_in("manager")
    page = client.get(f"/safeguarding/{flag.public_id}/close/").content.decode()
    assert "Ruby has a bruise on her cheek" in page and "Record what was done" in page

    response = client.post(
        f"/safeguarding/{flag.public_id}/close/",
        {"action": FlagAction.ESCALATED, "note": NOTE},
    )

    assert response["Location"] == "/safeguarding/"
    flag.refresh_from_db()
    assert not flag.is_open
    assert flag.action == FlagAction.ESCALATED and flag.note == NOTE
    assert flag.closed_by == demo_user("manager") and flag.closed_at is not None
    html = client.get("/safeguarding/").content.decode()
    closed = html.split('id="closed-flags"', 1)[1].split("</table>", 1)[0]
    assert "Escalated to the MASH" in closed and NOTE in closed
    assert str(demo_user("manager")) in closed
    assert "No flags are open." in html
    family_id = entry.triage.pathway.family.public_id
    assert logged_reads("manager", family_id, AccessPurpose.VIEW) >= 1


def test_a_closed_flag_cannot_be_closed_again(signed_in):
    flag = raise_flag(uncoded_entry())
    client = signed_in("frontdoor")
    client.post(
        f"/safeguarding/{flag.public_id}/close/",
        {"action": FlagAction.NOT_A_CONCERN, "note": "Read with the school: a sports injury."},
    )

    response = client.post(
        f"/safeguarding/{flag.public_id}/close/", {"action": FlagAction.ESCALATED, "note": NOTE}
    )

    assert response["Location"] == "/safeguarding/"
    flag.refresh_from_db()
    assert flag.action == FlagAction.NOT_A_CONCERN


def test_flags_closed_more_than_30_days_ago_drop_off_the_page(signed_in):
    flag = raise_flag(uncoded_entry())
    SafeguardingFlag.objects.filter(pk=flag.pk).update(
        action=FlagAction.ALREADY_KNOWN,
        note="The social worker already knows.",
        closed_by=demo_user("frontdoor"),
        closed_at=timezone.now() - datetime.timedelta(days=31),
    )

    html = signed_in("frontdoor").get("/safeguarding/").content.decode()

    assert "The social worker already knows." not in html
    assert "No flags were closed in the last 30 days." in html


def test_a_new_concerning_narrative_is_flagged_by_the_coder(signed_in):
    entry = coded_entry(
        "Ruby disclosed at school today that dad hit her with a belt last night; she has "
        "bruising on her arms and is scared to go home.",
        Band.YELLOW,
    )

    assert SafeguardingFlag.objects.filter(entry=entry, closed_at__isnull=True).exists()
    assert TriageEntry.objects.filter(pk=entry.pk, coding__coded_at__isnull=False).exists()
    assert EntryCode.objects.filter(entry=entry, code__code="SAFE-ABUSE").exists()
