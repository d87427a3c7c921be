"""The demo's service directory: family hubs, their outreach bases, children's centres,
youth bases, mobile units and the virtual hub, and the services that run from them, for
every district of the authority.

Everything is invented: organisation and service names, addresses, phone numbers (Ofcom's
numbers for drama, never a real line), email addresses and websites (example.org). Places
are real in one way only: each physical location stands inside a real LSOA of its district
(or a synthetic one without the shared data), near the town it names, so its deprivation
decile is that LSOA's. Hubs and children's centres go to the most deprived areas near
their towns, as councils site them; deprived areas away from the towns are left without
one, which is what a gap analysis finds. The same seed always makes the same directory.
"""

import datetime
import decimal
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from earlyhelp.accounts.models import Authority, District
from earlyhelp.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Location,
    LocationKind,
    LocationType,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from earlyhelp.directory.services import place_locations
from earlyhelp.need.models import IssueCode
from earlyhelp.places import geometry
from earlyhelp.places.models import Area, Town

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
# Letters a postcode's inward code can end with (never C, I, K, M, O or V).
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
NEAR_TOWN_KM = 2.5  # how far from a town's centre its places may stand
# A fixed namespace for the shared taxonomy's ids: every demo database has the same ones.
TAXONOMY_NAMESPACE = uuid.UUID("5d0f3c6e-8f39-4a55-9d1b-7c1e2b9a4f10")


@dataclass(frozen=True)
class DistrictPlan:
    """Where a district's places are, by town: the hub, its linked bases and venues."""

    hub: str
    outreach: tuple[str, ...] = ()
    childrens_centres: tuple[str, ...] = ()
    youth: tuple[str, ...] = ()
    venues: tuple[str, ...] = ()  # community venues: halls, libraries, churches
    postcodes: dict[str, str] = field(default_factory=dict)  # town -> outward code


# Worcestershire: one family hub a district, as the county's network has, in its main town.
PLANS = {
    "E07000234": DistrictPlan(  # Bromsgrove
        hub="Bromsgrove",
        outreach=("Rubery", "Wythall"),
        childrens_centres=("Catshill",),
        youth=("Bromsgrove",),
        venues=("Bromsgrove", "Hagley", "Alvechurch", "Rubery"),
        postcodes={
            "Bromsgrove": "B61",
            "Rubery": "B45",
            "Wythall": "B47",
            "Catshill": "B61",
            "Hagley": "DY9",
            "Alvechurch": "B48",
        },
    ),
    "E07000235": DistrictPlan(  # Malvern Hills
        hub="Malvern Link",
        outreach=("Tenbury Wells", "Upton-upon-Severn"),
        childrens_centres=("Malvern",),
        youth=("Malvern", "Tenbury Wells"),
        venues=("Malvern", "Tenbury Wells", "Kempsey", "Martley"),
        postcodes={
            "Malvern Link": "WR14",
            "Malvern": "WR14",
            "Tenbury Wells": "WR15",
            "Upton-upon-Severn": "WR8",
            "Kempsey": "WR5",
            "Martley": "WR6",
        },
    ),
    "E07000236": DistrictPlan(  # Redditch
        hub="Redditch",
        outreach=("Batchley", "Winyates"),
        childrens_centres=("Church Hill",),
        youth=("Redditch",),
        venues=("Redditch", "Matchborough", "Astwood Bank", "Headless Cross"),
        postcodes={
            "Redditch": "B97",
            "Batchley": "B97",
            "Winyates": "B98",
            "Church Hill": "B98",
            "Matchborough": "B98",
            "Astwood Bank": "B96",
            "Headless Cross": "B97",
        },
    ),
    "E07000237": DistrictPlan(  # Worcester
        hub="Worcester",
        outreach=("Warndon", "Dines Green"),
        childrens_centres=("Ronkswood",),
        youth=("Worcester",),
        venues=("Worcester", "St John's", "Barbourne", "Warndon"),
        postcodes={
            "Worcester": "WR1",
            "Warndon": "WR4",
            "Dines Green": "WR2",
            "Ronkswood": "WR5",
            "St John's": "WR2",
            "Barbourne": "WR1",
        },
    ),
    "E07000238": DistrictPlan(  # Wychavon
        hub="Evesham",
        outreach=("Droitwich Spa", "Pershore"),
        childrens_centres=("Droitwich Spa",),
        youth=("Evesham", "Droitwich Spa"),
        venues=("Evesham", "Pershore", "Droitwich Spa", "Broadway"),
        postcodes={
            "Evesham": "WR11",
            "Droitwich Spa": "WR9",
            "Pershore": "WR10",
            "Broadway": "WR12",
            "Inkberrow": "WR7",
            "Ombersley": "WR9",
        },
    ),
    "E07000239": DistrictPlan(  # Wyre Forest
        hub="Kidderminster",
        outreach=("Stourport-on-Severn", "Bewdley"),
        childrens_centres=("Kidderminster",),
        youth=("Kidderminster", "Stourport-on-Severn"),
        venues=("Kidderminster", "Stourport-on-Severn", "Bewdley", "Cookley"),
        postcodes={
            "Kidderminster": "DY10",
            "Stourport-on-Severn": "DY13",
            "Bewdley": "DY12",
            "Cookley": "DY10",
        },
    ),
}
# Other districts get a plain plan: a hub, a children's centre, a youth base and venues,
# at the centre of the district's areas, with a postcode of its main town.
MAIN_OUTWARD_CODES = {
    "E07000218": "CV9",  # North Warwickshire: Atherstone
    "E07000219": "CV11",  # Nuneaton and Bedworth: Nuneaton
    "E07000220": "CV21",  # Rugby
    "E07000221": "CV37",  # Stratford-on-Avon
    "E07000222": "CV34",  # Warwick
}
# The mobile youth units' weekly stops: villages far from a youth base.
MOBILE_STOPS = {"E07000238": "Inkberrow", "E07000235": "Martley", "E07000234": "Hagley"}

STREETS = (
    "Station Road",
    "Church Street",
    "Mill Lane",
    "Park Road",
    "Orchard Way",
    "Meadow Close",
    "School Lane",
    "Victoria Road",
    "Chapel Walk",
    "Brook Street",
    "Severn Way",
    "Hawthorn Drive",
)
ACCESSIBILITY = (
    "Step-free entrance and an accessible toilet",
    "Ramp at the side door; accessible toilet with baby changing",
    "Ground floor rooms, hearing loop at reception",
    "Lift to the first floor; buggy park by the entrance",
    "Step-free access; quiet room available on request",
)
CHILDRENS_CENTRE_NAMES = tuple(
    f"{name} Children's Centre, {{town}}"
    for name in (
        "Sunflower",
        "Rainbow",
        "Acorns",
        "Little Oaks",
        "Bluebird",
        "Kingfisher",
        "Puffin",
    )
)
VENUE_NAMES = (
    "{town} Community Centre",
    "{town} Library",
    "St Aidan's Church Hall, {town}",
    "{town} Methodist Hall",
    "The Orchard Rooms, {town}",
    "{town} Leisure Centre",
)

# The shared taxonomy: Early Help's service categories.
TERMS = {
    "family-hub": ("Family hub services", "Help for families from pregnancy to 19 (25 with SEND)"),
    "early-years": ("Early years and talking", "Play, speech and language for under-fives"),
    "health": ("Health visiting and health", "Health visitors, feeding and family health"),
    "parenting": ("Parenting", "Courses and groups for parents and carers"),
    "send": ("SEND support", "Special educational needs and disabilities"),
    "mental-health": ("Emotional wellbeing", "Mental health and wellbeing"),
    "domestic-abuse": ("Domestic abuse", "Support for people affected by domestic abuse"),
    "money": ("Money, food and energy", "Debt, benefits, food and keeping warm"),
    "youth": ("Youth activities", "Youth clubs and support for young people"),
    "holidays": ("Holiday activities", "School holiday activities with food"),
    "education": ("School and learning", "Attendance, exclusion and next steps after 16"),
    "safety": ("Staying safe", "Exploitation, online safety and offending"),
    "relationships": ("Family relationships", "Conflict, behaviour, loss and young carers"),
    "work-housing": ("Work and housing", "Jobs, training and a secure home"),
}


@dataclass(frozen=True)
class ServiceKind:
    """A kind of service the demo runs, and where."""

    key: str
    name: str  # may hold {town} and {district}
    organization: str
    description: str
    issue_codes: tuple[str, ...]
    bands: tuple[str, ...]
    term: str
    at: str  # hub, outreach, childrens_centre, youth, venue, mobile, virtual
    child_ages: tuple[int, int] | None = None
    ages: tuple[float | None, float | None] = (None, None)  # who attends, in years
    days: tuple[str, ...] = ("TU",)
    hours: tuple[str, str] = ("09:30", "11:30")
    cost: tuple[str, str, str] | None = None  # (option, amount, what it covers); None: free
    schedule_note: str = ""
    per_town: bool = False  # one service at each place of its kind, not one a district
    everywhere: bool = False  # one service a district, at every place of its kind


ORGANIZATIONS = {
    "hubs": ("Family Hub Network", "The council's family hubs and their linked bases."),
    "health": (
        "Little Steps Community Health Partnership",
        "Health visitors, school nurses and family health workers.",
    ),
    "talk": ("Talk Time Tots", "Play and talk groups for under-fives, run with therapists."),
    "parenting": (
        "Positive Parenting Partners",
        "A charity running courses and groups for parents.",
    ),
    "send": ("Bridges SEND Family Support", "Information and support for families with SEND."),
    "wellbeing": (
        "Still Waters Young People's Wellbeing",
        "Emotional wellbeing support for children and young people.",
    ),
    "lanternlight": (
        "Lanternlight Domestic Abuse Service",
        "Support, refuge and recovery for people affected by domestic abuse.",
    ),
    "money": ("Clear Path Money Advice", "Free, confidential advice on debt and benefits."),
    "food": ("Open Table Food Network", "Community pantries and emergency food parcels."),
    "energy": ("Snug Homes Energy Advice", "Help with fuel bills and keeping homes warm."),
    "youth": ("Kite Hill Youth Trust", "Youth clubs, detached youth work and mobile units."),
    "holidays": (
        "Sunny Days Holiday Clubs",
        "Holiday activities and a hot meal for school-age children.",
    ),
    "mentoring": ("Waymark Youth Mentoring", "Mentors for young people at risk of harm."),
    "education": ("Launchpad Learning", "Support with school attendance and post-16 options."),
    "relationships": (
        "Stronger Families Relationship Service",
        "Support for parents in conflict and families after loss.",
    ),
    "work": ("Next Step Employment Support", "Help into work and training for parents."),
    "housing": ("Keystone Housing Advice", "Advice for families at risk of losing their home."),
    "recovery": (
        "Clearwater Recovery Service",
        "Drug and alcohol support for young people and adults.",
    ),
}

SERVICES = (
    ServiceKind(
        "hub-drop-in",
        "{town} Family Hub drop-in",
        "hubs",
        "Come in and talk to a family hub worker about anything worrying your family: "
        "school, money, behaviour, housing or health. We can help straight away or find "
        "the right service with you.",
        ("FAM-BEHAVIOUR", "EY-PARENT", "FIN-DEBT", "HOUSING", "SAFE-NEGLECT"),
        ("blue", "green", "yellow"),
        "family-hub",
        "hub",
        child_ages=(0, 19),
        days=WEEKDAYS,
        hours=("09:00", "17:00"),
    ),
    ServiceKind(
        "outreach-drop-in",
        "Family hub outreach, {town}",
        "hubs",
        "A family hub worker at the outreach base: advice, support and help to reach "
        "other services, without travelling to the hub.",
        ("FAM-BEHAVIOUR", "EY-PARENT", "FIN-DEBT"),
        ("blue", "green"),
        "family-hub",
        "outreach",
        child_ages=(0, 19),
        days=("WE",),
        hours=("10:00", "14:00"),
        per_town=True,
    ),
    ServiceKind(
        "health-visiting",
        "Health visitor drop-in and baby clinic, {town}",
        "health",
        "Weigh your baby and talk to a health visitor about feeding, sleep, development "
        "and how you are feeling. No appointment needed.",
        ("EY-PARENT", "EY-DEV", "HEALTH-ADULT-MH", "HEALTH-PHYS"),
        ("blue", "green"),
        "health",
        "childrens_centre",
        child_ages=(0, 4),
        days=("TH",),
        hours=("09:30", "12:00"),
        per_town=True,
    ),
    ServiceKind(
        "talk-time",
        "Talk Time Tots speech and language group, {town}",
        "talk",
        "A play group for children under five who are slow to start talking or hard to "
        "understand. Speech and language practitioners show parents games that build "
        "words at home.",
        ("EY-DEV",),
        ("blue", "green", "yellow"),
        "early-years",
        "childrens_centre",
        child_ages=(1, 4),
        days=("MO",),
        hours=("10:00", "11:30"),
        schedule_note="Term time",
        per_town=True,
    ),
    ServiceKind(
        "talk-time-hub",
        "Talk Time Tots at {town} Family Hub",
        "talk",
        "Songs, stories and play that help under-fives with speech and language, with "
        "advice for parents from a speech and language practitioner.",
        ("EY-DEV",),
        ("blue", "green", "yellow"),
        "early-years",
        "hub",
        child_ages=(0, 4),
        days=("FR",),
        hours=("09:30", "11:00"),
    ),
    ServiceKind(
        "feeding",
        "Bump to Baby feeding support, {district}",
        "health",
        "Peer supporters and an infant feeding lead help with breast and bottle feeding, "
        "from pregnancy onwards.",
        ("EY-PARENT",),
        ("blue", "green"),
        "health",
        "hub",
        child_ages=(0, 1),
        days=("WE",),
        hours=("13:00", "15:00"),
    ),
    ServiceKind(
        "parenting-under-5",
        "Calmer Early Years parenting course, {district}",
        "parenting",
        "Eight weekly sessions for parents of under-fives on routines, sleep, tantrums "
        "and play. A crèche is provided.",
        ("EY-PARENT", "FAM-BEHAVIOUR"),
        ("green", "yellow"),
        "parenting",
        "hub",
        child_ages=(0, 5),
        ages=(16, None),
        days=("TU",),
        hours=("10:00", "12:00"),
    ),
    ServiceKind(
        "parenting-teens",
        "Teen Talk parenting course, {district}",
        "parenting",
        "Six evening sessions for parents and carers of 11 to 18 year olds: boundaries, "
        "arguments, screens and staying connected.",
        ("FAM-BEHAVIOUR", "FAM-CPV", "SAFE-ONLINE"),
        ("green", "yellow", "orange"),
        "parenting",
        "venue",
        child_ages=(11, 18),
        ages=(18, None),
        days=("TH",),
        hours=("18:30", "20:30"),
        cost=("Per course", "15.00", "Free for families on a low income"),
    ),
    ServiceKind(
        "send",
        "SEND family advice sessions, {district}",
        "send",
        "Talk to an adviser about your child's special educational needs or disability, "
        "education, health and care plans and what your child's school should provide.",
        ("EDU-SEND", "HEALTH-PHYS"),
        ("blue", "green", "yellow", "orange"),
        "send",
        "hub",
        child_ages=(0, 25),
        days=("MO",),
        hours=("13:00", "16:00"),
    ),
    ServiceKind(
        "wellbeing",
        "Still Waters wellbeing drop-in, {district}",
        "wellbeing",
        "Young people can talk to a wellbeing worker about worries, low mood, anxiety or "
        "self-harm, without a referral. Parents welcome too.",
        ("HEALTH-CYP-MH",),
        ("green", "yellow", "orange"),
        "mental-health",
        "youth",
        child_ages=(11, 18),
        ages=(11, 25),
        days=("WE",),
        hours=("15:30", "18:30"),
    ),
    ServiceKind(
        "domestic-abuse",
        "Lanternlight domestic abuse support, {district}",
        "lanternlight",
        "Confidential support from a domestic abuse worker: safety planning, help with "
        "housing and the courts, and the Moving On recovery course.",
        ("DA",),
        ("green", "yellow", "orange", "red"),
        "domestic-abuse",
        "hub",
        child_ages=(0, 18),
        ages=(16, None),
        days=("TH",),
        hours=("10:00", "15:00"),
    ),
    ServiceKind(
        "money-advice",
        "Clear Path debt and benefits advice, {district}",
        "money",
        "Free, confidential advice on debts, arrears, benefit claims and appeals, and "
        "budgeting. Bring any letters you have.",
        ("FIN-DEBT", "FIN-WORK"),
        ("blue", "green", "yellow"),
        "money",
        "venue",
        ages=(18, None),
        days=("MO", "TH"),
        hours=("09:30", "13:00"),
        everywhere=True,
    ),
    ServiceKind(
        "pantry",
        "Open Table community pantry, {town}",
        "food",
        "Choose ten items of food and household goods each week for a small membership "
        "fee, or get an emergency food parcel free with a referral.",
        ("FIN-DEBT",),
        ("blue", "green", "yellow", "orange"),
        "money",
        "venue",
        days=("FR",),
        hours=("11:00", "14:00"),
        cost=("Weekly membership", "3.50", "About £20 of shopping; emergency parcels free"),
        per_town=True,
    ),
    ServiceKind(
        "energy",
        "Snug Homes warm home advice, {district}",
        "energy",
        "Help with fuel debt, switching tariffs, prepayment meters, grants for boilers and "
        "insulation, and a winter fuel voucher for families in need.",
        ("FIN-DEBT", "HOUSING"),
        ("blue", "green", "yellow"),
        "money",
        "hub",
        ages=(18, None),
        days=("TU",),
        hours=("13:00", "16:00"),
    ),
    ServiceKind(
        "youth-club",
        "Kite Hill youth club, {town}",
        "youth",
        "Open youth club with sport, music, cooking and a youth worker to talk to. Drop in.",
        ("FAM-BEHAVIOUR", "CRIME-CYP", "HEALTH-CYP-MH"),
        ("blue", "green", "yellow"),
        "youth",
        "youth",
        child_ages=(11, 19),
        ages=(11, 19),
        days=("TU", "TH"),
        hours=("18:00", "21:00"),
        cost=("Per session", "1.00", "Includes a snack"),
        per_town=True,
    ),
    ServiceKind(
        "mobile-youth",
        "Kite Hill mobile youth bus, {town}",
        "youth",
        "Our converted bus brings youth workers, games and Wi-Fi to villages without a "
        "youth club. Look out for it on the car park.",
        ("FAM-BEHAVIOUR", "CRIME-CYP", "SAFE-EXPLOIT"),
        ("blue", "green"),
        "youth",
        "mobile",
        child_ages=(11, 19),
        ages=(11, 19),
        days=("FR",),
        hours=("18:30", "21:00"),
        per_town=True,
    ),
    ServiceKind(
        "holidays",
        "Sunny Days holiday clubs, {district}",
        "holidays",
        "Sport, crafts and trips in the Easter, summer and Christmas holidays, with a hot "
        "lunch. Free for children who get benefits-related free school meals.",
        ("FIN-DEBT", "FAM-BEHAVIOUR", "HEALTH-PHYS"),
        ("blue", "green"),
        "holidays",
        "venue",
        child_ages=(5, 16),
        ages=(5, 16),
        days=WEEKDAYS,
        hours=("10:00", "14:00"),
        cost=("Per day", "12.00", "Free with benefits-related free school meals"),
        schedule_note="School holidays only",
        everywhere=True,
    ),
    ServiceKind(
        "mentoring",
        "Waymark youth mentoring, {district}",
        "mentoring",
        "One-to-one mentoring for young people who are going missing, being drawn into "
        "crime or exploited, with support for their families.",
        ("SAFE-EXPLOIT", "CRIME-CYP", "SAFE-ONLINE"),
        ("yellow", "orange", "red"),
        "safety",
        "youth",
        child_ages=(10, 18),
        ages=(10, 18),
        days=("MO", "WE"),
        hours=("15:30", "19:00"),
    ),
    ServiceKind(
        "attendance",
        "Launchpad school attendance support, {district}",
        "education",
        "Family workers help children back into school after absence, exclusion or "
        "school refusal, working with the school and the family.",
        ("EDU-ATTEND", "EDU-EXCL"),
        ("green", "yellow", "orange"),
        "education",
        "hub",
        child_ages=(5, 16),
        days=("TH",),
        hours=("09:00", "12:00"),
    ),
    ServiceKind(
        "young-carers",
        "Young carers group, {district}",
        "relationships",
        "A fortnightly evening out for young carers: activities, a meal and someone who "
        "understands. Workers can also help at school.",
        ("FAM-CARER",),
        ("blue", "green", "yellow"),
        "relationships",
        "youth",
        child_ages=(8, 18),
        ages=(8, 18),
        days=("MO",),
        hours=("17:00", "19:00"),
    ),
    ServiceKind(
        "conflict",
        "Stronger Together parents' relationship support, {district}",
        "relationships",
        "For parents who argue a lot or are separating: a course and one-to-one sessions "
        "on keeping children out of the middle.",
        ("FAM-CONFLICT", "FAM-LOSS"),
        ("green", "yellow"),
        "relationships",
        "venue",
        child_ages=(0, 18),
        ages=(18, None),
        days=("WE",),
        hours=("18:30", "20:30"),
    ),
)

# County-wide services, online or by phone, from the virtual family hub.
VIRTUAL_SERVICES = (
    ServiceKind(
        "virtual-hub",
        "Virtual family hub advice line",
        "hubs",
        "Phone, chat or email a family hub worker for advice on anything from sleep and "
        "behaviour to money and housing, and find what runs near you.",
        ("EY-PARENT", "FAM-BEHAVIOUR", "FIN-DEBT", "HOUSING", "EDU-ATTEND"),
        ("blue", "green", "yellow"),
        "family-hub",
        "virtual",
        child_ages=(0, 19),
        days=WEEKDAYS,
        hours=("08:30", "17:00"),
    ),
    ServiceKind(
        "online-parenting",
        "Understanding your child: online parenting course",
        "parenting",
        "A free online course for parents and carers, at your own pace, from pregnancy "
        "to teenagers.",
        ("EY-PARENT", "FAM-BEHAVIOUR"),
        ("blue", "green"),
        "parenting",
        "virtual",
        child_ages=(0, 19),
        ages=(16, None),
        days=(),
    ),
    ServiceKind(
        "da-helpline",
        "Lanternlight domestic abuse helpline",
        "lanternlight",
        "Talk in confidence to a trained adviser about domestic abuse, for yourself or "
        "someone you know. Refuge places can be found the same day.",
        ("DA",),
        ("green", "yellow", "orange", "red"),
        "domestic-abuse",
        "virtual",
        ages=(16, None),
        days=("MO", "TU", "WE", "TH", "FR", "SA", "SU"),
        hours=("00:00", "23:59"),
    ),
    ServiceKind(
        "online-wellbeing",
        "Still Waters online chat for young people",
        "wellbeing",
        "Anonymous chat with a wellbeing worker for 11 to 25 year olds, every evening.",
        ("HEALTH-CYP-MH", "SAFE-ONLINE"),
        ("blue", "green", "yellow"),
        "mental-health",
        "virtual",
        child_ages=(11, 18),
        ages=(11, 25),
        days=("MO", "TU", "WE", "TH", "FR", "SA", "SU"),
        hours=("17:00", "22:00"),
    ),
    ServiceKind(
        "money-line",
        "Clear Path money advice line",
        "money",
        "Phone advice on debt, benefits and budgeting, with help to fill in forms.",
        ("FIN-DEBT",),
        ("blue", "green", "yellow"),
        "money",
        "virtual",
        ages=(18, None),
        days=WEEKDAYS,
        hours=("09:00", "17:00"),
    ),
    ServiceKind(
        "neet",
        "Launchpad 16 to 18: next steps",
        "education",
        "Advisers help 16 to 18 year olds not in education, work or training find a "
        "course, apprenticeship or job, by phone or video call.",
        ("EDU-NEET",),
        ("blue", "green", "yellow"),
        "education",
        "virtual",
        child_ages=(16, 18),
        ages=(16, 18),
        days=WEEKDAYS,
        hours=("09:30", "16:30"),
    ),
    ServiceKind(
        "employment",
        "Next Step into work for parents",
        "work",
        "A coach helps parents into work or training around childcare: CVs, interviews, "
        "confidence and childcare costs.",
        ("FIN-WORK",),
        ("blue", "green", "yellow"),
        "work-housing",
        "virtual",
        ages=(18, None),
        days=("TU", "TH"),
        hours=("09:00", "16:00"),
    ),
    ServiceKind(
        "housing",
        "Keystone housing advice line",
        "housing",
        "Advice if you are worried about losing your home, behind with rent or in unsafe "
        "or overcrowded housing.",
        ("HOUSING",),
        ("green", "yellow", "orange"),
        "work-housing",
        "virtual",
        ages=(18, None),
        days=WEEKDAYS,
        hours=("09:00", "17:00"),
    ),
    ServiceKind(
        "recovery-young",
        "Clearwater young people's drug and alcohol service",
        "recovery",
        "Confidential support for young people worried about their own drinking or drug "
        "use, by phone, online or where they feel comfortable.",
        ("SUBST-CYP",),
        ("green", "yellow", "orange"),
        "safety",
        "virtual",
        child_ages=(11, 18),
        ages=(11, 24),
        days=WEEKDAYS,
        hours=("10:00", "18:00"),
    ),
    ServiceKind(
        "recovery-adult",
        "Clearwater adult recovery support",
        "recovery",
        "Support for parents who want to cut down or stop drinking or using drugs, and "
        "for families affected by someone else's use.",
        ("SUBST-ADULT",),
        ("green", "yellow", "orange"),
        "safety",
        "virtual",
        ages=(18, None),
        days=WEEKDAYS,
        hours=("09:00", "17:00"),
    ),
    ServiceKind(
        "bereavement",
        "Willow Tree children's bereavement support",
        "relationships",
        "Support by phone and in small groups for children and young people after a death "
        "in the family, and advice for their parents.",
        ("FAM-LOSS", "HEALTH-CYP-MH"),
        ("blue", "green", "yellow"),
        "relationships",
        "virtual",
        child_ages=(4, 18),
        days=("WE",),
        hours=("10:00", "16:00"),
    ),
)


def seed_directory(
    authority: Authority, seed: int, *, today: datetime.date | None = None
) -> dict[str, int]:
    """Make the authority's demo directory; returns the numbers made, by kind. Does
    nothing when the authority's directory already has services."""
    if Service.objects.filter(authority=authority).exists():
        return {}
    builder = _DirectoryBuilder(authority, seed, today or timezone.localdate())
    with transaction.atomic():
        return builder.build()


@dataclass
class _Place:
    location: Location
    town: str
    district: District | None


class _DirectoryBuilder:
    def __init__(self, authority: Authority, seed: int, today: datetime.date) -> None:
        self.authority = authority
        self.today = today
        self.rng = random.Random(f"directory:{authority.slug}:{seed}")  # noqa: S311 - synthetic  # nosec B311
        self.districts = list(District.objects.filter(authority=authority).order_by("ons_code"))
        self.towns = {
            town.name: town for town in Town.objects.filter(authority=authority).order_by("name")
        }
        self.areas_by_district: dict[int, list[Area]] = defaultdict(list)
        for area in Area.objects.filter(authority=authority).order_by("code"):
            self.areas_by_district[area.district_id].append(area)
        self.codes = {code.code: code for code in IssueCode.objects.filter(local_to=None)}
        self.numbers = iter(self.rng.sample(range(960000, 961000), 1000))
        self.freephone = iter(self.rng.sample(range(1570000, 1571000), 1000))
        self.rows: dict[type, list[Any]] = defaultdict(list)
        self.issue_links: list[tuple[uuid.UUID, int]] = []
        self.used_points: set[tuple[float, float]] = set()
        self.sited: set[str] = set()  # areas with a hub or children's centre
        self.centre_names = list(CHILDRENS_CENTRE_NAMES)
        self.rng.shuffle(self.centre_names)

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    # --- Building ----------------------------------------------------------------------

    def build(self) -> dict[str, int]:
        terms = _shared_taxonomy()
        organizations = {
            key: self.organization(name, description)
            for key, (name, description) in ORGANIZATIONS.items()
        }
        virtual_hub = self.virtual_hub()
        places_by_district = {
            district.pk: self.district_places(district) for district in self.districts
        }
        all_places = [place for places in places_by_district.values() for place in places]
        place_locations(
            [
                place.location
                for place in all_places
                if place.location.location_type == LocationType.PHYSICAL
            ],
            save=False,
        )
        for district in self.districts:
            places = places_by_district[district.pk]
            for kind in SERVICES:
                chosen = [place for place in places if _fits(kind.at, place)]
                if not chosen:
                    continue
                if kind.per_town:
                    for place in chosen:
                        self.service(kind, organizations, terms, [place], district)
                elif kind.everywhere:
                    self.service(kind, organizations, terms, chosen, district)
                else:
                    self.service(kind, organizations, terms, chosen[:1], district)
        for kind in VIRTUAL_SERVICES:
            self.service(kind, organizations, terms, [virtual_hub], None)
        return self.write()

    def organization(self, name: str, description: str) -> Organization:
        slug = _slug(name)
        organization = Organization(
            id=self.uuid(),
            authority=self.authority,
            name=name,
            description=description,
            email=f"hello@{slug}.example.org",
            website=f"https://{slug}.example.org/",
        )
        self.rows[Organization].append(organization)
        return organization

    def virtual_hub(self) -> _Place:
        location = Location(
            id=self.uuid(),
            authority=self.authority,
            location_type=LocationType.VIRTUAL,
            kind=LocationKind.VIRTUAL,
            name="Virtual family hub",
            description="Advice, courses and support online and by phone, for every "
            "family in the county.",
            url="https://familyhub.example.org/",
        )
        self.rows[Location].append(location)
        return _Place(location, "", None)

    def district_places(self, district: District) -> list[_Place]:
        plan = PLANS.get(district.ons_code) or DistrictPlan(
            hub=district.name,
            childrens_centres=(district.name,),
            youth=(district.name,),
            venues=(district.name, district.name),
            postcodes={district.name: MAIN_OUTWARD_CODES.get(district.ons_code, "ZZ99")},
        )
        hub = self.place(district, plan, plan.hub, LocationKind.HUB, "{town} Family Hub")
        places = [hub]
        for town in plan.outreach:
            places.append(
                self.place(
                    district,
                    plan,
                    town,
                    LocationKind.OUTREACH_BASE,
                    "{town} Family Hub outreach base",
                    hub=hub,
                )
            )
        for town in plan.childrens_centres:
            places.append(
                self.place(
                    district,
                    plan,
                    town,
                    LocationKind.CHILDRENS_CENTRE,
                    self.centre_names.pop() if self.centre_names else "{town} Children's Centre",
                    hub=hub,
                )
            )
        for town in plan.youth:
            places.append(
                self.place(
                    district, plan, town, LocationKind.YOUTH_BASE, "{town} Youth Base", hub=hub
                )
            )
        for town, name in zip(
            plan.venues, self.rng.sample(VENUE_NAMES, len(plan.venues)), strict=False
        ):
            places.append(self.place(district, plan, town, "", name))
        stop = MOBILE_STOPS.get(district.ons_code)
        if stop is not None and stop in self.towns:
            places.append(
                self.place(
                    district, plan, stop, LocationKind.MOBILE, "Mobile youth bus stop, {town}"
                )
            )
        return places

    def place(
        self,
        district: District,
        plan: DistrictPlan,
        town: str,
        kind: str,
        name: str,
        *,
        hub: _Place | None = None,
    ) -> _Place:
        latitude, longitude = self.point_near(
            district, town, deprived=kind in (LocationKind.HUB, LocationKind.CHILDRENS_CENTRE)
        )
        location = Location(
            id=self.uuid(),
            authority=self.authority,
            location_type=LocationType.PHYSICAL,
            kind=kind,
            is_family_hub=kind == LocationKind.HUB,
            linked_hub=hub.location if hub else None,
            name=name.format(town=town),
            latitude=latitude,
            longitude=longitude,
        )
        self.rows[Location].append(location)
        outward = plan.postcodes.get(town) or next(iter(plan.postcodes.values()), "")
        self.rows[Address].append(
            Address(
                id=self.uuid(),
                location=location,
                address_1=f"{self.rng.randint(1, 120)} {self.rng.choice(STREETS)}",
                city=town,
                state_province=self.authority.name.removesuffix(" County Council"),
                postal_code=self.postcode(outward),
            )
        )
        self.rows[Accessibility].append(
            Accessibility(
                id=self.uuid(), location=location, description=self.rng.choice(ACCESSIBILITY)
            )
        )
        return _Place(location, town, district)

    def postcode(self, outward: str) -> str:
        letters = "".join(self.rng.choices(INWARD_LETTERS, k=2))
        return f"{outward} {self.rng.randint(1, 9)}{letters}".strip()

    def point_near(
        self, district: District, town_name: str, *, deprived: bool
    ) -> tuple[float, float]:
        """A point inside an area of the district near the town: for hubs and children's
        centres the most deprived such area, for others any."""
        areas = self.areas_by_district.get(district.pk, [])
        town = self.towns.get(town_name)
        if not areas:
            if town is None:
                raise ValueError(f"no areas or town to place {town_name} in {district}")
            return town.latitude, town.longitude
        if town is None:
            centre = geometry.mean_point((a.centroid_latitude, a.centroid_longitude) for a in areas)
        else:
            centre = (town.latitude, town.longitude)
        by_distance = sorted(
            areas,
            key=lambda area: geometry.haversine_km(
                *centre, area.centroid_latitude, area.centroid_longitude
            ),
        )
        near = [
            area
            for area in by_distance
            if geometry.haversine_km(*centre, area.centroid_latitude, area.centroid_longitude)
            <= NEAR_TOWN_KM
        ] or by_distance[:1]
        if deprived:
            # Two hubs or centres in one area would leave another without.
            free = [area for area in near if area.code not in self.sited] or near
            area = min(free, key=lambda area: (area.imd_decile or 11, area.imd_rank or 0))
            self.sited.add(area.code)
        else:
            area = self.rng.choice(near)
        return self.point_inside(area)

    def point_inside(self, area: Area) -> tuple[float, float]:
        """The area's centroid if it lies inside (and is not taken), else a random point
        inside it."""
        point = _rounded(area.centroid_latitude, area.centroid_longitude)
        if area.contains(*point) and point not in self.used_points:
            self.used_points.add(point)
            return point
        for _ in range(500):
            point = _rounded(
                self.rng.uniform(area.min_latitude, area.max_latitude),
                self.rng.uniform(area.min_longitude, area.max_longitude),
            )
            if area.contains(*point):
                self.used_points.add(point)
                return point
        raise ValueError(f"could not find a point inside {area}")

    # --- Services ----------------------------------------------------------------------

    def service(
        self,
        kind: ServiceKind,
        organizations: dict[str, Organization],
        terms: dict[str, TaxonomyTerm],
        places: list[_Place],
        district: District | None,
    ) -> Service:
        town = places[0].town
        name = kind.name.format(town=town, district=district.name if district else "")
        organization = organizations[kind.organization]
        child_ages = kind.child_ages or (None, None)
        service = Service(
            id=self.uuid(),
            authority=self.authority,
            organization=organization,
            name=name,
            description=kind.description,
            url=f"{organization.website}{_slug(name)}",
            email=organization.email,
            minimum_age=kind.ages[0],
            maximum_age=kind.ages[1],
            child_minimum_age=child_ages[0],
            child_maximum_age=child_ages[1],
            last_checked_on=self.today - datetime.timedelta(days=self.rng.randint(3, 330)),
            assured_date=self.today - datetime.timedelta(days=self.rng.randint(330, 700)),
            **{f"serves_{band}": True for band in kind.bands},
        )
        self.rows[Service].append(service)
        for code in kind.issue_codes:
            if code in self.codes:
                self.issue_links.append((service.id, self.codes[code].pk))
        self.rows[Attribute].append(
            Attribute(
                id=self.uuid(),
                link_id=service.id,
                link_type="service",
                link_entity="service",
                taxonomy_term=terms[kind.term],
            )
        )
        self.rows[ServiceArea].append(
            ServiceArea(
                id=self.uuid(),
                service=service,
                name=district.name if district else self.authority.name,
                description=f"Families living in {district.name if district else 'the county'}",
            )
        )
        self.cost_options(service, kind)
        self.contacts(service, organization, kind)
        for place in places:
            at_location = ServiceAtLocation(
                id=self.uuid(), service=service, location=place.location
            )
            self.rows[ServiceAtLocation].append(at_location)
            if kind.days and place.location.location_type == LocationType.PHYSICAL:
                self.rows[Schedule].append(self.schedule(kind, service_at_location=at_location))
        if kind.days and kind.at == "virtual":
            self.rows[Schedule].append(self.schedule(kind, service=service))
        return service

    def schedule(self, kind: ServiceKind, **owner: Any) -> Schedule:
        opens, closes = (datetime.time.fromisoformat(value) for value in kind.hours)
        return Schedule(
            id=self.uuid(),
            freq="WEEKLY",
            interval=1,
            byday=",".join(kind.days),
            opens_at=opens,
            closes_at=closes,
            valid_from=self.today - datetime.timedelta(days=365),
            description=kind.schedule_note,  # the days and hours are in the fields above
            **owner,
        )

    def cost_options(self, service: Service, kind: ServiceKind) -> None:
        if kind.cost is None:
            self.rows[CostOption].append(
                CostOption(
                    id=self.uuid(),
                    service=service,
                    option="Free",
                    currency="GBP",
                    amount=decimal.Decimal("0.00"),
                    amount_description="Free",
                )
            )
            return
        option, amount, covers = kind.cost
        self.rows[CostOption].append(
            CostOption(
                id=self.uuid(),
                service=service,
                option=option,
                currency="GBP",
                amount=decimal.Decimal(amount),
                amount_description=covers,
            )
        )

    def contacts(self, service: Service, organization: Organization, kind: ServiceKind) -> None:
        contact = Contact(
            id=self.uuid(),
            service=service,
            title="Duty worker" if kind.at in ("hub", "virtual") else "Session leader",
            department=organization.name,
            email=f"{kind.key}@{_slug(organization.name)}.example.org",
        )
        self.rows[Contact].append(contact)
        if kind.at == "virtual":
            number = f"0808 157 {next(self.freephone) % 10000:04d}"
            description = "Free to call from mobiles and landlines"
        else:
            number = f"01632 {next(self.numbers)}"
            description = "Leave a message and we will call back"
        self.rows[Phone].append(
            Phone(
                id=self.uuid(),
                contact=contact,
                number=number,
                type="voice",
                description=description,
            )
        )

    # --- Writing -----------------------------------------------------------------------

    def write(self) -> dict[str, int]:
        when = timezone.now()
        Organization.objects.bulk_create(self.rows[Organization])
        locations = self.rows[Location]
        # Hubs first: bases refer to them.
        locations.sort(key=lambda location: not location.is_family_hub)
        bulk_create_with_history(locations, Location, default_date=when)
        for model in (Address, Accessibility):
            model.objects.bulk_create(self.rows[model])
        bulk_create_with_history(self.rows[Service], Service, default_date=when)
        Service.issue_codes.through.objects.bulk_create(
            Service.issue_codes.through(service_id=service_id, issuecode_id=code_id)
            for service_id, code_id in self.issue_links
        )
        for model in (
            Attribute,
            ServiceArea,
            CostOption,
            Contact,
            Phone,
            ServiceAtLocation,
            Schedule,
        ):
            model.objects.bulk_create(self.rows[model])
        physical = [
            location for location in locations if location.location_type == LocationType.PHYSICAL
        ]
        return {
            "organisations": len(self.rows[Organization]),
            "services": len(self.rows[Service]),
            "locations": len(locations),
            "family_hubs": sum(location.is_family_hub for location in locations),
            "in_deprived_areas": sum(
                location.deprivation_decile is not None and location.deprivation_decile <= 3
                for location in physical
            ),
        }


def _rounded(latitude: float, longitude: float) -> tuple[float, float]:
    """To six places (about 10 cm), as a feed gives coordinates."""
    return round(latitude, 6), round(longitude, 6)


def _fits(at: str, place: _Place) -> bool:
    kind = place.location.kind
    return {
        "hub": kind == LocationKind.HUB,
        "outreach": kind == LocationKind.OUTREACH_BASE,
        "childrens_centre": kind == LocationKind.CHILDRENS_CENTRE,
        "youth": kind == LocationKind.YOUTH_BASE,
        "venue": kind == "",
        "mobile": kind == LocationKind.MOBILE,
    }.get(at, False)


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


def _shared_taxonomy() -> dict[str, TaxonomyTerm]:
    """Early Help's service categories: one taxonomy for every authority, with fixed ids."""
    taxonomy, _ = Taxonomy.objects.get_or_create(
        id=uuid.uuid5(TAXONOMY_NAMESPACE, "taxonomy"),
        defaults={
            "name": "Early Help service categories",
            "description": "What a service helps families with, in plain words.",
            "version": "1",
        },
    )
    terms = {}
    for key, (name, description) in TERMS.items():
        terms[key], _ = TaxonomyTerm.objects.get_or_create(
            id=uuid.uuid5(TAXONOMY_NAMESPACE, key),
            defaults={
                "name": name,
                "description": description,
                "code": key,
                "taxonomy": taxonomy.name,
                "taxonomy_detail": taxonomy,
            },
        )
    return terms
