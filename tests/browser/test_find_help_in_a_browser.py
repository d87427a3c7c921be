"""In a real browser: a parent with no account searches for help with a 3-year-old's speech
near a town, sees the results on the list and the map, opens a service and reaches the
request form; choosing a point on the map searches near it."""

import re

import pytest
from playwright.sync_api import expect

# A journey through the web layer: the records it writes are tested on both databases
# in their own packages, so it runs in the SQLite lane only.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.single_lane]


def test_a_parent_finds_speech_help_on_the_list_and_the_map_and_asks_for_help(
    seeded,
    live_server,
    page,
) -> None:
    page.route(re.compile(r"^https?://(?!localhost|127\.0\.0\.1)"), lambda route: route.abort())
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Find help near you").click()

    page.get_by_label("Speech, language and talking").check()
    page.get_by_label("How old is the child or young person?").fill("3")
    page.get_by_label("Where?").fill("Kidderminster")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", name=re.compile(r"\d+ services? found"))).to_be_visible()
    speech_group = page.locator("[data-result] h3 a", has_text="Talk Time Tots").first
    expect(speech_group).to_be_visible()
    # The map draws without tiles (they cannot load here): the points and the legend.
    expect(page.locator(".eh-map .leaflet-interactive").first).to_be_attached()
    expect(page.locator(".eh-map-legend")).to_contain_text("30% most deprived")

    # A point chosen on the map becomes the place searched.
    page.locator(".eh-map").click(position={"x": 300, "y": 200})
    expect(page.get_by_label("Where?")).to_have_value(re.compile(r"^-?\d+\.\d+,-?\d+\.\d+$"))
    page.go_back()

    speech_group.click()
    expect(page.get_by_role("heading", name="Who it is for")).to_be_visible()
    page.get_by_role("button", name="Ask for help").click()
    expect(page).to_have_url(re.compile(r"/get-help/\?service=[0-9a-f-]+$"))
    expect(page.locator("main")).to_contain_text("You are asking from the page of Talk Time Tots")
