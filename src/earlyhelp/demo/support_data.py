"""Synthetic demo data for the front door and the support routes: requests for support and
their decisions, Family Support Line calls, FSW interventions, parenting programmes and
workforce training.

Made after the families (see families.py), from what they hold: every pathway gets the
request that led to it, and the other routes are sized by the number of families, near
the figures of a council's Early Help report (line outcomes 90/3/2/5, FSW intervention
outcomes 74/15/4/7 over about 18 weeks, 31 children per worker against a target of 22,
the training's confidence scores). Deterministic for a seed and `today`; all names are
made up by Faker and all text is written for the demo. Rows go in by bulk insert with
their ids and public ids from the seeded random, and so have no history rows, like the
families'.
"""

import datetime
import random
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from faker import Faker

from earlyhelp.accounts.models import Agency, AgencyKind, Authority, Role, Team, User
from earlyhelp.demo.families import _insert_rows
from earlyhelp.frontdoor.models import (
    REFERENCE_ALPHABET,
    Decision,
    DecisionKind,
    RequestConsent,
    RequestForSupport,
    RequestSource,
    RequestStatus,
)
from earlyhelp.need.models import IssueCode
from earlyhelp.pathways.models import Outcome, Pathway, TafMember
from earlyhelp.people.models import Family, FamilyMember, Relationship
from earlyhelp.programmes.models import (
    Attendance,
    Course,
    CourseSession,
    Delegate,
    Enrolment,
    EnrolmentStatus,
    EvidenceLevel,
    Programme,
    TrainingCourse,
    TrainingSession,
)
from earlyhelp.support.models import (
    CallerKind,
    CallOutcome,
    FswIntervention,
    InterventionOutcome,
    InterventionSession,
    InterventionSource,
    SessionKind,
    SupportLineCall,
)

# How much of each route, per family seeded (per year where it says so).
CALLS_PER_FAMILY_A_YEAR = 1 / 3
AWAITING_PER_FAMILY = (0.015, 0.025)  # 15 to 25 requests per 1,000 families in the queue
DECISIONS_PER_FAMILY_A_YEAR = {
    DecisionKind.SIGNPOST: 0.10,
    DecisionKind.SUPPORT_LINE_ADVICE: 0.05,
    DecisionKind.ESCALATE: 0.02,
}
ENDED_DIRECT_INTERVENTIONS_PER_FAMILY = 0.12  # ended in the last year
ENROLMENTS_PER_FAMILY_A_YEAR = 0.25

# The report's figures.
CALL_OUTCOMES = {
    CallOutcome.RESOLVED: 90,
    CallOutcome.OPENED_PATHWAY: 3,
    CallOutcome.ESCALATED: 2,
    CallOutcome.REFERRED: 5,
}
CALLER_KINDS = {
    CallerKind.PARENT_CARER: 70,
    CallerKind.PROFESSIONAL: 25,
    CallerKind.YOUNG_PERSON: 5,
}
CALLS_LINKED_TO_A_FAMILY = 0.31  # with the calls that open a pathway, about a third
INTERVENTION_OUTCOMES = {
    InterventionOutcome.POSITIVE: 74,
    InterventionOutcome.DISENGAGED: 15,
    InterventionOutcome.ESCALATED: 4,
    InterventionOutcome.TRANSFERRED: 7,
}
INTERVENTION_WEEKS = (22.0, 7.0)  # mean and spread of a drawn duration; ~18 weeks once capped
PATHWAYS_WITH_AN_FSW = 0.25
CASELOAD = 31  # children allocated to each worker in open interventions, on average
CASELOAD_CHILDREN = (24, 38)  # the range of workers' caseloads
MOST_FAMILIES_OPEN_TO_AN_FSW = 0.4  # of a district's families, for small seeds
REMOTE_SHARE = 0.08  # of the direct referrals ended in the last year
REMOTE_OPEN_SHARE = 0.015  # of the open interventions, both within and past the limit
# Codes that often come up beside a call's main issue.
COMPANION_CODES = ("HEALTH-ADULT-MH", "FAM-CONFLICT", "FIN-DEBT", "EDU-SEND", "FAM-BEHAVIOUR")

PATHWAY_REQUEST_SOURCES = {
    RequestSource.PROFESSIONAL: 76,
    RequestSource.STEP_DOWN: 11,
    RequestSource.PARENT_CARER: 9,
    RequestSource.YOUNG_PERSON: 4,
}
OTHER_REQUEST_SOURCES = {
    RequestSource.PROFESSIONAL: 62,
    RequestSource.PARENT_CARER: 30,
    RequestSource.YOUNG_PERSON: 8,
}
AWAITING_REQUEST_SOURCES = {
    RequestSource.PROFESSIONAL: 62,
    RequestSource.PARENT_CARER: 21,
    RequestSource.STEP_DOWN: 11,
    RequestSource.YOUNG_PERSON: 6,
}
SESSION_KINDS = {
    SessionKind.HOME_VISIT: 45,
    SessionKind.CENTRE: 20,
    SessionKind.SCHOOL: 15,
    SessionKind.PHONE: 12,
    SessionKind.VIDEO: 8,
}


# The catalogues ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeEntry:
    name: str
    min_age: int
    max_age: int
    evidence_level: EvidenceLevel
    sessions: int
    runs: float  # how often it runs, relative to the others
    description: str


PROGRAMMES = (
    ProgrammeEntry(
        "Solihull Approach",
        0,
        18,
        EvidenceLevel.LEVEL_2,
        10,
        3,
        "A group for parents and carers about understanding what children feel and why they "
        "behave as they do, built on containment, reciprocity and gentle behaviour "
        "management. For parents of children of any age.",
    ),
    ProgrammeEntry(
        "Sleep Better",
        0,
        18,
        EvidenceLevel.NOT_RATED,
        3,
        3,
        "A short workshop for all ages on how sleep works, common sleep problems, bedtime "
        "routines and the bedroom, with a sleep diary to keep at home and talk through.",
    ),
    ProgrammeEntry(
        "Nurture Programme",
        0,
        12,
        EvidenceLevel.LEVEL_2,
        10,
        2,
        "Weekly sessions on self-awareness, realistic expectations, empathy and positive "
        "discipline, so that families get more enjoyment out of family life. For parents of "
        "children up to 12.",
    ),
    ProgrammeEntry(
        "Malachi Inspiring Futures",
        0,
        18,
        EvidenceLevel.NOT_RATED,
        8,
        1.5,
        "Helps children's wellbeing and behaviour by helping their parents and carers think "
        "and act differently about attachment, communication and how the family gets on.",
    ),
    ProgrammeEntry(
        "Incredible Years",
        6,
        12,
        EvidenceLevel.LEVEL_4,
        14,
        1.5,
        "Strengthens the bond between parent and child through play, praise and clear, calm "
        "limits. Works well for children with special educational needs and for families "
        "where a child is violent towards a parent. For parents of 6 to 12 year olds.",
    ),
    ProgrammeEntry(
        "Heart to Heart",
        10,
        15,
        EvidenceLevel.NOT_RATED,
        6,
        1,
        "Helps parents and their teenagers build a more secure relationship by putting "
        "attachment ideas to work in everyday life. For parents of 10 to 15 year olds.",
    ),
    ProgrammeEntry(
        "Parenting Apart",
        0,
        18,
        EvidenceLevel.NOT_RATED,
        6,
        1,
        "For separated parents caught in ongoing conflict: family support and mediation "
        "together, so that parents can move on and keep their children's experience in mind.",
    ),
)


@dataclass(frozen=True)
class TrainingEntry:
    name: str
    before: float  # the averages the delegates' scores land on
    after: float
    overall: float
    sessions: int  # in the past year
    agency_kinds: tuple[str, ...]
    description: str


TRAINING = (
    TrainingEntry(
        "Early Help",
        5.1,
        7.9,
        8.2,
        14,
        (
            AgencyKind.SCHOOL,
            AgencyKind.EARLY_YEARS,
            AgencyKind.HEALTH,
            AgencyKind.POLICE,
            AgencyKind.HOUSING,
            AgencyKind.VOLUNTARY,
        ),
        "The Early Help offer and the levels of need, starting an assessment with the triage "
        "tool, family plans and reviews, and the Lead Professional's role.",
    ),
    TrainingEntry(
        "DSL initial",
        5.8,
        8.3,
        8.0,
        6,
        (AgencyKind.SCHOOL, AgencyKind.EARLY_YEARS),
        "For new designated safeguarding leads and their deputies: the role, recording "
        "concerns, thresholds, and working with the MASH and with Early Help.",
    ),
    TrainingEntry(
        "DSL refresher",
        7.9,
        9.2,
        9.0,
        8,
        (AgencyKind.SCHOOL, AgencyKind.EARLY_YEARS),
        "The update every designated safeguarding lead takes every two years: what has "
        "changed in guidance and local procedures, with time to reflect on cases.",
    ),
    TrainingEntry(
        "Restorative practice",
        5.4,
        8.0,
        8.5,
        5,
        (
            AgencyKind.SCHOOL,
            AgencyKind.LOCAL_AUTHORITY,
            AgencyKind.HEALTH,
            AgencyKind.VOLUNTARY,
        ),
        "Working with families rather than doing things to them or for them: restorative "
        "questions, conversations and meetings in everyday practice.",
    ),
)


# What people say and write. Placeholders: {child}, {age}, {parent}. -----------------------


@dataclass(frozen=True)
class IssueArea:
    codes: tuple[str, ...]
    ages: tuple[int, int]  # of the child it can be about
    worries: tuple[str, ...]  # a professional writing
    parent_worries: tuple[str, ...]
    tried: tuple[str, ...]
    calls: tuple[str, ...]
    advice: tuple[str, ...]
    signposts: tuple[str, ...]
    referred_to: tuple[str, ...]


AREAS: dict[str, IssueArea] = {
    "behaviour": IssueArea(
        codes=("FAM-BEHAVIOUR", "FAM-CPV"),
        ages=(3, 17),
        worries=(
            "{child} ({age}) has become very angry at home and at school. Staff have seen "
            "{child} throw equipment and walk out of class twice this half term. {parent} says "
            "most evenings end in shouting and she is worn out.",
            "{parent} has asked us for help with {child}'s behaviour. {child} refuses simple "
            "requests, has damaged a door at home, and the younger children are frightened when "
            "things boil over.",
            "{parent} tells us {child} has pushed and hit her during arguments about phones and "
            "bedtimes. She does not want the police involved but wants help to keep everyone "
            "safe and calm.",
        ),
        parent_worries=(
            "I can't manage {child}'s temper any more. Every little thing turns into a row and "
            "I end up giving in just to stop it.",
            "{child} has started pushing me when told no. I love my child but I'm scared of "
            "where this is going.",
            "We have no routine any more and {child} does whatever they like. I need ideas "
            "that actually work.",
        ),
        tried=(
            "A reward chart at home and a daily report card at school; it helped for a couple "
            "of weeks.",
            "{parent} has tried time out and read up on it. School offered a few sessions with "
            "the learning mentor.",
            "A GP appointment; the family were told to ask school first.",
        ),
        calls=(
            "Struggling with {child}'s outbursts when screens are switched off; the other "
            "children are getting upset and the parent feels they are walking on eggshells.",
            "{child} ({age}) refuses to do anything asked at home and swears at the adults. "
            "Worse since starting a new school.",
            "{child} lashes out at a parent during arguments. No injuries; wants to know what "
            "help there is.",
        ),
        advice=(
            "Talked through staying calm, naming feelings and picking one or two battles. Sent "
            "the Solihull Approach dates and the free online parenting guides.",
            "Suggested a wind-down routine with a five-minute warning before screens go off, "
            "and praise for small steps. Call back agreed in two weeks.",
            "Discussed keeping safe during outbursts (space, a calm voice, no debating in the "
            "moment) and gave the local child to parent violence support details.",
        ),
        signposts=(
            "Shared the dates of the next Solihull Approach group in the district and the free "
            "online parenting course. School's pastoral lead will check in weekly.",
            "Sent details of the parenting drop-in at the Children and Family Centre and the "
            "behaviour pages of the local offer.",
        ),
        referred_to=(
            "A parenting support charity",
            "The school's pastoral team",
            "The local youth service",
        ),
    ),
    "school": IssueArea(
        codes=("EDU-ATTEND", "EDU-EXCL"),
        ages=(5, 16),
        worries=(
            "{child}'s attendance has dropped below 85% this term, mostly Mondays and Fridays. "
            "{parent} says {child} complains of stomach aches and will not get dressed.",
            "{child} ({age}) has had two suspensions since September and is at risk of "
            "permanent exclusion. We think there is more going on at home than we know.",
            "{child} is often late and tired and has missed several days with no reason given. "
            "We are worried about routines at home and how the family is coping.",
        ),
        parent_worries=(
            "{child} won't go to school. Every morning is a battle and I've had letters about "
            "fines. I don't know what else to do.",
            "School keep sending {child} home and I'm going to lose my job if it carries on.",
        ),
        tried=(
            "Attendance meetings in school and a part-time timetable for three weeks.",
            "A meeting with the head of year; a mentor was offered but {child} has not gone yet.",
        ),
        calls=(
            "{child} has refused school for most of the last fortnight, anxious about "
            "friendship problems. Parent worried about fines.",
            "{child} ({age}) was suspended this week for fighting; the parent feels school are "
            "not listening and wants to know their rights.",
            "Asking how to support a family whose children are often late and off on Mondays.",
        ),
        advice=(
            "Explained how to ask school for an attendance support meeting and a gradual "
            "return. Suggested keeping the morning routine the same on days at home.",
            "Went through the suspension process and how to ask for a return-to-school meeting. "
            "Sent the parents' guide to exclusions.",
            "Suggested agreeing a morning routine with the family and using the school's "
            "attendance team; the line can offer the family a call.",
        ),
        signposts=(
            "Sent the attendance guidance for parents and the contact for the school's family "
            "liaison worker.",
            "Shared the parents' guide to suspensions and exclusions and the independent "
            "education advice service.",
        ),
        referred_to=(
            "The school's attendance team",
            "An independent education advice service",
            "The school's family liaison worker",
        ),
    ),
    "send": IssueArea(
        codes=("EDU-SEND",),
        ages=(2, 17),
        worries=(
            "{child} ({age}) is waiting for an autism assessment. Meltdowns after school last "
            "an hour or more and {parent} is struggling to manage them with the younger ones.",
            "{child} has an EHCP and the move to secondary school is going badly. {parent} is "
            "not sleeping and feels nobody is joining things up.",
            "We have concerns about {child}'s speech and understanding. {parent} would like "
            "help to prepare for an assessment and to manage at home.",
        ),
        parent_worries=(
            "{child} is waiting to be assessed for ADHD and the wait is two years. I need help "
            "now, not then.",
            "We've been told {child} is probably autistic. I don't understand what happens next "
            "or how to help at home.",
        ),
        tried=(
            "SENCo involvement and a referral to the neurodevelopmental pathway.",
            "A visual timetable and a quiet space in school; advice from the specialist teacher.",
        ),
        calls=(
            "{child} is on the waiting list for a neurodevelopmental assessment; asking what "
            "support there is while they wait.",
            "Meltdowns after school every day; the parent is unsure whether it is anxiety or "
            "sensory overload.",
            "Asking for ideas to help a parent get ready for an EHCP review.",
        ),
        advice=(
            "Gave the SEND information, advice and support service and the groups for parents "
            "waiting for assessment. Talked about quiet time straight after school.",
            "Suggested a short picture routine and a calm-down space; explained support does "
            "not have to wait for a diagnosis.",
            "Gave the parent carer forum details and how to ask for a meeting with the SENCo.",
        ),
        signposts=(
            "Sent the SEND information, advice and support service details and the parent "
            "carer forum's next coffee morning.",
            "Shared the local offer's pages on support while waiting for an assessment and the "
            "Sleep Better dates.",
        ),
        referred_to=("SENDIASS", "The parent carer forum", "The school SENCo"),
    ),
    "early_years": IssueArea(
        codes=("EY-DEV", "EY-PARENT"),
        ages=(0, 4),
        worries=(
            "{parent} has a new baby as well as {child} ({age}). The health visitor is worried "
            "about {child}'s speech and about how isolated {parent} is since the move.",
            "{child} is not talking much yet and has many tantrums. {parent} finds the days "
            "long and would like support with play and routines.",
            "Nursery have noticed {child} often arrives hungry. {parent} says money is tight "
            "and she is overwhelmed.",
        ),
        parent_worries=(
            "I've just had my second baby and I'm struggling with {child}'s tantrums. I feel "
            "like I'm failing.",
            "I don't know anyone round here and {child} hardly talks yet. I'd like to meet "
            "other parents.",
        ),
        tried=(
            "Health visitor contacts and a referral to the speech and language drop-in.",
            "Stay and play once a month; hard to get there with two small children.",
        ),
        calls=(
            "Parent of a toddler finding tantrums and bedtimes very hard; feels isolated and low.",
            "Health visitor asking what groups run locally for a young mum new to the area.",
            "{child} ({age}) is not yet using many words; the parent is worried and unsure who "
            "to ask.",
        ),
        advice=(
            "Gave the stay and play times at the nearest Children and Family Centre and some "
            "play ideas to build words.",
            "Talked about naming feelings and staying calm in tantrums; sent the early years "
            "pages of the local offer.",
            "Suggested the speech and language drop-in and rhyme time at the library; call back "
            "offered after the first visit.",
        ),
        signposts=(
            "Shared the stay and play timetable, the speech and language drop-in and the baby "
            "group at the family hub.",
            "Sent information on funded childcare for two-year-olds and the local baby bank.",
        ),
        referred_to=(
            "The health visiting team",
            "The speech and language drop-in",
            "The local baby bank",
        ),
    ),
    "child_mh": IssueArea(
        codes=("HEALTH-CYP-MH",),
        ages=(7, 17),
        worries=(
            "{child} ({age}) has told a teacher they feel sad most days and has stopped going "
            "out with friends. {parent} is worried and does not know how to raise it.",
            "{child} has been very anxious since the summer, sleeping badly and struggling to "
            "come into school. No self-harm known; the family want help early.",
            "{parent} found marks on {child}'s arm last week. {child} says it has stopped and "
            "is willing to talk to someone. The school counsellor has a long wait.",
        ),
        parent_worries=(
            "{child} is anxious all the time and has panic attacks before school. I want to "
            "help but I don't know how.",
            "{child} seems so low and stays in their room all day. I'm frightened something "
            "is really wrong.",
        ),
        tried=(
            "A few sessions with the school counsellor and a GP appointment.",
            "School nurse drop-in; a referral to CAMHS was not accepted.",
        ),
        calls=(
            "Worried about {child}'s low mood since a friendship fell apart; no risk of harm "
            "disclosed.",
            "{child} ({age}) has panic attacks before school; asking about counselling.",
            "A young person has said they feel hopeless; a safety plan is already in place "
            "with school.",
        ),
        advice=(
            "Talked about low-pressure conversations, noticing good moments and telling the "
            "GP. Gave the online counselling service for young people.",
            "Shared breathing and grounding ideas for panic and the school nurse drop-in times. "
            "Explained when to call NHS 111 or go to A&E.",
            "Went through the safety plan and gave the CAMHS single point of access details to "
            "use with consent.",
        ),
        signposts=(
            "Sent details of the free online counselling service for young people and the "
            "school nursing drop-in.",
            "Shared the mental health support team in schools and the young people's "
            "wellbeing group.",
        ),
        referred_to=(
            "The CAMHS single point of access",
            "An online counselling service for young people",
            "The school nursing team",
        ),
    ),
    "parent_mh": IssueArea(
        codes=("HEALTH-ADULT-MH",),
        ages=(0, 17),
        worries=(
            "{parent} has told us her mood has been very low since the winter. The children get "
            "to school but the house is struggling and {child} is taking on a lot.",
            "{parent} is waiting for talking therapy and says some days she cannot get up. She "
            "has asked for help with the children's routines.",
            "The health visitor reports {parent} has postnatal depression and little support "
            "from family. She is seeing her GP.",
        ),
        parent_worries=(
            "I've been really down for months and I'm worried it's affecting the children. I "
            "want help before things get worse.",
            "My anxiety is so bad I can't do the school run some days. I need someone to help "
            "me get back on track.",
        ),
        tried=(
            "Medication from the GP; on the waiting list for talking therapies.",
            "Help from grandparents, who have since moved away.",
        ),
        calls=(
            "Parent describing low mood and exhaustion, worried about keeping up the children's "
            "routines. No risk to self disclosed.",
            "Dad calling about his partner's mental health and how to explain it to the children.",
            "Parent anxious and isolated since a relationship ended; asking for support.",
        ),
        advice=(
            "Encouraged a GP appointment and gave the talking therapies self-referral. Talked "
            "through small daily routines for the children.",
            "Shared ways to talk to children about a parent's mental health and the carers' "
            "support service.",
            "Gave the local peer support group and the line's call back offer.",
        ),
        signposts=(
            "Sent the talking therapies self-referral link and the wellbeing group times at "
            "the family hub.",
            "Shared information about the perinatal mental health team and the parents' peer "
            "support group.",
        ),
        referred_to=(
            "Talking therapies (self-referral)",
            "Their GP",
            "A peer support group for parents",
        ),
    ),
    "conflict": IssueArea(
        codes=("FAM-CONFLICT", "DA"),
        ages=(0, 17),
        worries=(
            "{parent} and her ex-partner argue at every handover and {child} has told us they "
            "hate weekends. No violence known; both parents want to do better.",
            "{child} told a teaching assistant there is shouting at home most nights. {parent} "
            "has mentioned a past abusive relationship but says she has now separated.",
            "Police attended an argument at the home last month; the children were in bed. "
            "{parent} wants help with the children's worries.",
        ),
        parent_worries=(
            "My ex and I can't talk without a fight and the children are caught in the middle.",
            "I left an abusive relationship last year. {child} is angry with me all the time "
            "and I don't know how to help.",
        ),
        tried=(
            "Family mediation was suggested but not taken up.",
            "{parent} has had support from a domestic abuse service; the children have not.",
        ),
        calls=(
            "Separated parents in conflict over contact; {child} gets upset at handovers. No "
            "safety concerns disclosed.",
            "Parent who left an abusive relationship asking for help with the children's "
            "behaviour since.",
            "Asking how to support a family after the police were called to an argument.",
        ),
        advice=(
            "Talked about keeping the children out of adult conversations and using a contact "
            "book. Sent the Parenting Apart details.",
            "Gave the domestic abuse service's number and the children's recovery group. "
            "Checked the parent is safe now.",
            "Shared information on reducing parental conflict and the mediation service.",
        ),
        signposts=(
            "Sent the Parenting Apart information and the family mediation service.",
            "Shared the domestic abuse helpline and the children's recovery group run by the "
            "local service.",
        ),
        referred_to=(
            "A local domestic abuse service",
            "A family mediation service",
            "The Parenting Apart programme",
        ),
    ),
    "money": IssueArea(
        codes=("FIN-DEBT", "FIN-WORK", "HOUSING"),
        ages=(0, 17),
        worries=(
            "The family are behind on rent and have had a notice. {parent} lost her job in the "
            "spring and {child} has started worrying about money.",
            "{child} has no winter coat and often asks for food at break. {parent} has "
            "mentioned debts but is embarrassed to ask for help.",
            "{parent} and the children are living in one room at a relative's after leaving "
            "their tenancy. They are on the housing register.",
        ),
        parent_worries=(
            "We're in debt and I'm scared we'll lose the house. I can't sleep for worrying and "
            "the children can tell.",
            "I work but the money doesn't stretch. I need help with uniform and food until "
            "things settle.",
        ),
        tried=(
            "Applied for free school meals; one food bank voucher from school.",
            "Asked the landlord for a payment plan.",
        ),
        calls=(
            "Parent behind on bills and rent after a change in benefits; worried about heating "
            "the house.",
            "Family at risk of losing their tenancy; asking about housing options.",
            "Asking where to send a family who have run out of food before payday.",
        ),
        advice=(
            "Gave Citizens Advice and a debt advice line, checked free school meals and "
            "explained the household support fund.",
            "Explained the council's housing options service and what to take to the appointment.",
            "Shared the food bank referral route and the community pantry.",
        ),
        signposts=(
            "Sent Citizens Advice, the household support fund information and the food bank "
            "referral route.",
            "Shared the council's housing options service and a benefits calculator.",
        ),
        referred_to=("Citizens Advice", "The council's housing options team", "A local food bank"),
    ),
    "online": IssueArea(
        codes=("SAFE-ONLINE", "SAFE-EXPLOIT"),
        ages=(9, 17),
        worries=(
            "{child} ({age}) was contacted online by an adult they do not know and sent "
            "photos. The police know; the family would like support with staying safe online.",
            "{child} is on a phone late into the night and very tired in class. {parent} wants "
            "help to set limits without constant arguments.",
            "{child} has been bullied in a group chat and does not want to come to school. "
            "{parent} is unsure what controls to put in place.",
        ),
        parent_worries=(
            "{child} is on their phone all night and won't hand it over. It ends in screaming "
            "every time.",
            "Someone has been sending {child} horrible messages online. What can I do?",
        ),
        tried=(
            "Parental controls on the home broadband; school spoke to the pupils involved.",
            "Phones handed in at bedtime, which worked for a week.",
        ),
        calls=(
            "Worried about how long {child} spends gaming and the arguments when asked to stop.",
            "{child} ({age}) targeted in a group chat; asking how to report it.",
            "Messages from an unknown adult found on {child}'s phone; police already told.",
        ),
        advice=(
            "Talked through a family agreement about screens, with phones charged outside "
            "bedrooms. Sent the online safety guides for parents.",
            "Explained how to save evidence, report and block, and to tell school. Gave the "
            "young people's helpline.",
            "Confirmed the police report and gave the exploitation support service. Suggested "
            "calm, open conversations.",
        ),
        signposts=(
            "Sent the online safety guides for parents and how to set parental controls.",
            "Shared how to report online bullying and the young people's helpline.",
        ),
        referred_to=(
            "The police's online safety team",
            "A young people's helpline",
            "The school's safeguarding lead",
        ),
    ),
    "loss": IssueArea(
        codes=("FAM-LOSS", "FAM-CARER"),
        ages=(3, 17),
        worries=(
            "{child}'s grandfather died in the summer and {child} has been tearful and quiet. "
            "{parent} is grieving too and finding it hard to help.",
            "{child} ({age}) helps look after a parent with a long-term illness and is often "
            "late and tired. {child} has not had a young carer's assessment.",
            "Since {child}'s dad left, {child} has been clingy and upset at drop-off. {parent} "
            "would like advice.",
        ),
        parent_worries=(
            "We lost my mum this year and {child} won't talk about it. I'm not coping well either.",
            "{child} does so much for me because of my health. I worry they are missing out on "
            "being a child.",
        ),
        tried=(
            "School lent a book about grief and the class teacher checks in every day.",
            "A young carers referral was talked about but not made.",
        ),
        calls=(
            "Asking how to support {child} after a death in the family; {child} is having "
            "nightmares.",
            "Young carer looking after a parent with a disability; asking about groups and "
            "time off.",
            "Worried about {child}'s upset since the parents separated.",
        ),
        advice=(
            "Shared the children's bereavement service and ideas such as a memory box; "
            "explained that children's grief comes and goes.",
            "Explained the young carer's assessment and the local group, and gave the details "
            "to the family.",
            "Talked about keeping routines predictable and reassuring {child}; follow-up call "
            "offered.",
        ),
        signposts=(
            "Sent the children's bereavement service and the school's emotional support offer.",
            "Shared the young carers service and how to ask for a young carer's assessment.",
        ),
        referred_to=(
            "A children's bereavement service",
            "The young carers service",
            "The school's emotional support team",
        ),
    ),
    "sleep": IssueArea(
        codes=("HEALTH-PHYS", "EY-PARENT"),
        ages=(1, 10),
        worries=(
            "{child} ({age}) rarely sleeps before midnight and wakes several times. {parent} is "
            "exhausted and it is affecting {child}'s mood and learning.",
            "{parent} says bedtime takes hours and {child} ends up in her bed every night. She "
            "would like help with a routine.",
        ),
        parent_worries=(
            "Nobody in our house has slept properly for months. {child} just won't settle.",
            "Bedtime is a fight every night and I'm too tired to be the parent I want to be.",
        ),
        tried=(
            "Health visitor advice on routines; a night light and a reward chart.",
            "A GP appointment to rule out anything medical.",
        ),
        calls=(
            "Parent exhausted by {child}'s night waking and long bedtimes; asking for ideas.",
            "{child} ({age}) frightened to sleep alone since moving house.",
            "Asking about sleep support for a family whose child is waiting for an assessment.",
        ),
        advice=(
            "Talked through a calm bedtime routine, a sleep diary and small steps towards "
            "settling alone. Sent the Sleep Better dates.",
            "Suggested screens off an hour before bed and the same wake-up time each day; call "
            "back after a week of the sleep diary.",
            "Shared the Sleep Better workshop and the sleep pages of the local offer.",
        ),
        signposts=(
            "Sent the Sleep Better dates and a sleep diary to fill in before the first session.",
            "Shared the sleep advice pages and the health visiting drop-in times.",
        ),
        referred_to=("The Sleep Better workshop", "The health visiting team", "Their GP"),
    ),
    "substances": IssueArea(
        codes=("SUBST-CYP", "SUBST-ADULT"),
        ages=(12, 17),
        worries=(
            "{child} ({age}) was found with cannabis in school and has been coming home late. "
            "{parent} thinks older friends are involved.",
            "{parent} has told us she is drinking more since the separation and is worried "
            "about the effect on the children. She wants help.",
        ),
        parent_worries=(
            "I think {child} is smoking weed and I don't know who they're hanging around with.",
            "My drinking has got out of hand and I want to sort it for my children.",
        ),
        tried=(
            "A drugs education session in school and a meeting with the head of year.",
            "{parent} has called the alcohol service but not gone yet.",
        ),
        calls=(
            "Worried {child} is using cannabis and staying out late; no missing episodes.",
            "Parent asking for confidential help with their own drinking.",
            "Asking about substance misuse support for a teenager.",
        ),
        advice=(
            "Gave the young people's substance misuse service and talked about keeping "
            "communication open and agreeing a curfew.",
            "Shared the adult drug and alcohol service's self-referral number and support for "
            "family members.",
            "Explained the signs of exploitation to look out for and the youth service's contact.",
        ),
        signposts=(
            "Sent the young people's drug and alcohol service and its information for parents.",
            "Shared the adult alcohol service's self-referral route and the family support group.",
        ),
        referred_to=(
            "The young people's substance misuse service",
            "The adult drug and alcohol service",
            "The youth service",
        ),
    ),
}

YOUNG_PERSON_WORRIES = (
    "I keep arguing with my mum and I don't want to go home after school. I'd like someone to "
    "talk to.",
    "I feel anxious all the time and I've stopped going to some lessons. I don't want my "
    "family to worry.",
    "Things at home have been hard since my dad left. I'm angry a lot and I don't know why.",
    "I look after my mum a lot and I'm falling behind at school. Is there help for young carers?",
    "Someone online keeps messaging me and it's scaring me. I want some advice.",
    "I can't sleep and I feel low. My friends said I should ask for help.",
)

PRE_BIRTH_WORRIES = (
    "{parent} is expecting her first baby and has little support around her. The midwife is "
    "worried about her low mood and about money.",
    "{parent} is pregnant and has told the midwife about arguments at home with her partner. "
    "She would like support before the baby arrives.",
    "{parent} is expecting a baby in the spring and is in temporary housing. She has asked "
    "for help to get ready for the birth.",
)
PRE_BIRTH_PARENT_WORRIES = (
    "I'm pregnant and really struggling. I have no family nearby and I'm worried about how "
    "I'll cope when the baby comes.",
    "My baby is due soon and things at home are difficult. I want help before the birth.",
)

STEP_DOWN_SUMMARIES = (
    "{child} and the family have been supported under a child in need plan for eight months. "
    "Risks have reduced: {parent} has engaged well and home conditions are good. Continuing "
    "needs are {child}'s emotional wellbeing and school attendance. Early Help recommended to "
    "keep the progress going.",
    "The child protection plan ended three months ago and the child in need plan is closing. "
    "There have been no further domestic abuse incidents since the ex-partner moved away. "
    "{parent} would benefit from support with routines and the children's behaviour.",
    "Assessment completed after a referral about neglect. Ongoing statutory involvement is not "
    "needed; {parent} accepts that support is needed with home conditions and money. The "
    "family agree to Early Help.",
    "Child in need plan ending. {child} has settled at a new school and the family are more "
    "stable. Outstanding needs: {parent}'s mental health and rent arrears. Step-down meeting "
    "held with the family and school.",
    "Short social care involvement after a police notification. The parents are cooperative "
    "and protective. The family would like help with {child}'s anger and the parents' "
    "arguments.",
)

REASONS = {
    DecisionKind.PATHWAY: (
        "Needs across school, home and health that need more than one agency. The family "
        "agrees to an Early Help assessment.",
        "Extra help needed in more than one area; a Lead Professional will coordinate a family "
        "plan.",
        "The family are known to school and health; a multi-agency plan will join up the support.",
        "Below the threshold for social care but rising; an Early Help Pathway gives the "
        "family one coordinated plan.",
    ),
    RequestSource.STEP_DOWN: (
        "Step-down from children's social care: continuing needs best met by an Early Help "
        "Pathway, with targeted support offered.",
        "Stepping down from a child in need plan; the family agree to an Early Help "
        "assessment to keep the progress going.",
    ),
    DecisionKind.SIGNPOST: (
        "Needs at the self-help level; information about local services should be enough for now.",
        "Universal services can help; signposted, and told how to ask again if things change.",
        "One issue that a community service can help with directly.",
    ),
    DecisionKind.SUPPORT_LINE_ADVICE: (
        "A conversation with a Family Support Worker should be enough; the Family Support Line "
        "will call the parent.",
        "Parenting advice needed on one issue; the line will give advice and a call back.",
    ),
    DecisionKind.FSW_INTERVENTION: (
        "The needs are about parenting only; a Family Support Worker will work with the family "
        "directly.",
        "Support needed with routines and boundaries; no multi-agency assessment needed.",
        "The parent has asked for help with the children's behaviour; direct FSW support is "
        "the right level.",
    ),
    DecisionKind.ESCALATE: (
        "The information suggests a child may be at risk of significant harm; passed to the "
        "MASH today.",
        "A disclosure of physical harm; sent to the MASH and the referrer told.",
        "Concerns about exploitation need a strategy discussion; escalated to the MASH.",
    ),
}

LINE_ADVICE_PLANS = (
    "A Family Support Worker will call {parent} within two working days to talk about {child} "
    "and agree what might help.",
    "The Family Support Line will call {parent} this week with advice on routines and "
    "boundaries, and a call back a fortnight later.",
    "{parent} will get a call from the line's Family Support Worker, who will send the "
    "parenting course dates afterwards.",
)

SESSION_NOTES = (
    "Worked with {parent} on a simple bedtime routine; agreed to try it for a week.",
    "Went over last week's plan; {parent} used calm, clear instructions and said mornings "
    "were easier.",
    "Met {child} at school and used a feelings scale. {child} says home is 'a bit better'.",
    "Practised play ideas with {parent} and the children.",
    "{parent} had a hard weekend; went back over the plan for managing outbursts.",
    "Reviewed the reward chart; {child} earned three stickers this week. New goal agreed.",
    "Talked about limits on screen time and drafted a family agreement together.",
    "Visit cancelled by the family; rearranged for next week.",
    "Helped {parent} turn the morning routine into pictures for {child}.",
    "Talked about {child}'s worries about school; {parent} will ask for a meeting with the "
    "head of year.",
    "Worked on {parent}'s own support network; she has joined the stay and play group.",
    "Talked about consistent consequences; both adults agreed the same house rules.",
    "{child} was unsettled today; kept the session short and focused on praise.",
    "Looked at what has gone well this month; {parent} noticed fewer arguments at teatime.",
)
FIRST_SESSION_NOTE = (
    "First session: introductions, talked about what {parent} wants to change and agreed "
    "three goals."
)
LAST_SESSION_NOTE = (
    "Last session: went back over the goals with {parent}; most are met and the family knows "
    "how to ask for help again."
)
END_NOTES = {
    InterventionOutcome.POSITIVE: (
        "Goals met: routines are in place and {parent} feels confident to carry on.",
        "The family report calmer evenings and easier school mornings; ended by agreement.",
        "Parenting goals achieved; {parent} signposted to a parenting group to keep it going.",
    ),
    InterventionOutcome.DISENGAGED: (
        "The family stopped answering calls and missed three visits; closing letter sent.",
        "{parent} said she no longer wanted support; told how to ask again.",
        "No contact for four weeks despite letters and a visit.",
    ),
    InterventionOutcome.ESCALATED: (
        "New safeguarding concerns: referred to the MASH and passed to children's social care.",
        "Stepped up to children's social care after a disclosure during a session.",
    ),
    InterventionOutcome.TRANSFERRED: (
        "Transferred to the family's new locality team after a house move.",
        "Support passed to the specialist SEND family support team.",
        "Transferred to another service better placed to help with the family's needs.",
    ),
}

FEEDBACK = {
    "Early Help": (
        "Really clear about when to start an Early Help assessment and who to ask.",
        "The case studies showed how the triage tool works in practice.",
        "I feel much more confident about being a Lead Professional now.",
        "Good mix of theory and practical examples; I'd have liked more on closures.",
        "Useful to hear how the front door makes its decisions.",
        "Great to meet colleagues from health and housing in the same room.",
        "I finally understand the colours and what each level of need means.",
    ),
    "DSL initial": (
        "A lot to take in but the trainer made it manageable.",
        "I now know exactly what to record and when to phone the MASH.",
        "The scenarios were realistic and made me think.",
        "Helpful to understand thresholds and the Early Help offer before referring.",
        "I feel ready to take on the deputy DSL role.",
    ),
    "DSL refresher": (
        "A good update on what has changed this year.",
        "Reminded me why the role matters; going back to school with fresh energy.",
        "Helpful to hear how other schools keep their safeguarding records.",
        "Short and to the point, which is what busy DSLs need.",
        "The part on contextual safeguarding was excellent.",
    ),
    "Restorative practice": (
        "The restorative questions will change how I run meetings with families.",
        "Practical and energising; I've already tried a check-in circle with my team.",
        "I'd like a follow-up session to practise more.",
    ),
    "": (
        "Well organised and friendly.",
        "The online format worked well.",
        "I would recommend it to colleagues.",
        "The room was too warm, but the content was great.",
        "More time for questions would help.",
        "Clear slides and useful handouts.",
        "The trainer knew the local services really well.",
    ),
}


# What the generator reads before it writes ---------------------------------------------------


@dataclass
class _Member:
    id: int
    first_name: str
    last_name: str
    date_of_birth: datetime.date | None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class _PathwayRow:
    id: int
    team_id: int
    opened_on: datetime.date
    closed_on: datetime.date | None
    outcome: str
    lead_id: int | None


@dataclass
class _Household:
    id: int
    team_id: int
    district_id: int | None
    postcode: str
    children: list[_Member] = field(default_factory=list)
    adults: list[_Member] = field(default_factory=list)  # the main contact first
    pathways: list[_PathwayRow] = field(default_factory=list)
    busy: list[tuple[datetime.date, datetime.date]] = field(default_factory=list)

    @property
    def open_pathway(self) -> _PathwayRow | None:
        return next((p for p in self.pathways if p.closed_on is None), None)

    @property
    def declined(self) -> bool:
        return any(p.outcome == Outcome.DECLINED for p in self.pathways)

    def is_free(self, start: datetime.date, end: datetime.date) -> bool:
        return all(end < lo or start > hi for lo, hi in self.busy)


@dataclass
class _Staff:
    users: dict[int, User]
    front_door: list[User]
    manager: User | None
    fsws: dict[int, list[User]]  # district id -> family support workers
    line_workers: list[User]  # members of the Family Support Line team
    officers: dict[int, list[User]]  # district id -> targeted support officers
    professionals: dict[int, list[User]]  # district id -> practitioners and FSWs
    family_support_teams: dict[int, Team]  # district id -> its Early Help Family Support team
    line_team: Team | None
    agencies: list[Agency]
    district_names: dict[int, str]
    taf: set[tuple[int, int]]  # (pathway id, user id) of current members


@dataclass
class _Rows:
    requests: list[RequestForSupport] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    interventions: list[FswIntervention] = field(default_factory=list)
    intervention_children: list[tuple[FswIntervention, int]] = field(default_factory=list)
    intervention_sessions: list[dict[str, Any]] = field(default_factory=list)
    taf: list[dict[str, Any]] = field(default_factory=list)
    calls: list[SupportLineCall] = field(default_factory=list)
    call_codes: list[tuple[SupportLineCall, int]] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)
    course_sessions: list[CourseSession] = field(default_factory=list)
    enrolments: list[Enrolment] = field(default_factory=list)
    attendance: list[dict[str, Any]] = field(default_factory=list)
    training_sessions: list[TrainingSession] = field(default_factory=list)
    delegates: list[dict[str, Any]] = field(default_factory=list)


# The generator -----------------------------------------------------------------------------


def seed_support(
    *, authority: Authority, seed: int, today: datetime.date | None = None
) -> dict[str, int]:
    """Make the authority's programme and training catalogues and, for the families already
    seeded, the front door, Family Support Line, FSW, parenting course and training data.
    Returns how many rows of each were made."""
    generator = _SupportGenerator(authority, seed, today or timezone.localdate())
    with transaction.atomic():
        return generator.run()


class _SupportGenerator:
    def __init__(self, authority: Authority, seed: int, today: datetime.date) -> None:
        self.authority = authority
        self.today = today
        self.rng = random.Random(f"support:{authority.slug}:{seed}")  # noqa: S311 - synthetic  # nosec B311
        self.faker = Faker("en_GB")
        self.faker.seed_instance(f"support:{authority.slug}:{seed}")
        self.rows = _Rows()
        self.courses_of: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
        self.tz = timezone.get_current_timezone()
        # Nothing is decided later than the start of `today`'s working day: the same data
        # whatever the time it is made.
        self.now = datetime.datetime.combine(today, datetime.time(8, 30), tzinfo=self.tz)
        self.references: set[str] = set(
            RequestForSupport.objects.values_list("reference", flat=True)
        )

    def run(self) -> dict[str, int]:
        programmes = self._programme_catalogue()
        training = self._training_catalogue()
        counts = {"programmes": len(programmes), "training_courses": len(training)}
        households = self._read_households()
        if not households:
            return counts
        self.staff = self._read_staff()
        self.households = households
        self.by_district: dict[int | None, list[_Household]] = defaultdict(list)
        for household in households:
            self.by_district[household.district_id].append(household)
        self.codes = dict(
            IssueCode.objects.filter(local_to__isnull=True, is_active=True).values_list(
                "code", "pk"
            )
        )
        scale = len(households)

        pathway_requests = self._pathway_requests()
        self._caseloads()
        self._ended_direct_interventions(round(scale * ENDED_DIRECT_INTERVENTIONS_PER_FAMILY))
        self._ended_pathway_interventions()
        self._give_outcomes()
        for kind, rate in DECISIONS_PER_FAMILY_A_YEAR.items():
            self._other_decisions(kind, round(scale * rate))
        self._calls(round(scale * CALLS_PER_FAMILY_A_YEAR), pathway_requests)
        self._awaiting(max(1, round(scale * self.rng.uniform(*AWAITING_PER_FAMILY))))
        self._courses(programmes, scale)
        self._training(training)
        self._insert()

        rows = self.rows
        awaiting = sum(r.status == RequestStatus.AWAITING_DECISION for r in rows.requests)
        return counts | {
            "requests": len(rows.requests),
            "requests_awaiting_decision": awaiting,
            "decisions": len(rows.decisions),
            "support_line_calls": len(rows.calls),
            "fsw_interventions": len(rows.interventions),
            "intervention_sessions": len(rows.intervention_sessions),
            "courses": len(rows.courses),
            "course_sessions": len(rows.course_sessions),
            "enrolments": len(rows.enrolments),
            "attendance_marks": len(rows.attendance),
            "training_sessions": len(rows.training_sessions),
            "delegates": len(rows.delegates),
        }

    # Reading ---------------------------------------------------------------------------

    def _read_households(self) -> list[_Household]:
        district_of = dict(
            Team.objects.filter(authority=self.authority).values_list("pk", "district_id")
        )
        households = {
            pk: _Household(
                id=pk, team_id=team_id, district_id=district_of.get(team_id), postcode=pc
            )
            for pk, team_id, pc in Family.objects.filter(authority=self.authority)
            .order_by("pk")
            .values_list("pk", "owning_team_id", "postcode")
        }
        if not households:
            return []
        members = (
            FamilyMember.objects.filter(family__authority=self.authority, left_on__isnull=True)
            .order_by("family_id", "-is_main_contact", "person_id")
            .values_list(
                "family_id",
                "relationship",
                "person_id",
                "person__first_name",
                "person__last_name",
                "person__date_of_birth",
            )
        )
        for family_id, relationship, *person in members:
            household = households[family_id]
            if relationship == Relationship.CHILD:
                household.children.append(_Member(*person))
            elif relationship != Relationship.UNBORN:
                household.adults.append(_Member(*person))
        pathways = (
            Pathway.objects.filter(family__authority=self.authority)
            .order_by("opened_on", "pk")
            .values_list(
                "family_id", "pk", "team_id", "opened_on", "closed_on", "outcome",
                "lead_professional_id",
            )
        )  # fmt: skip
        for family_id, *pathway in pathways:
            household = households[family_id]
            row = _PathwayRow(*pathway)
            household.pathways.append(row)
            household.busy.append(
                (
                    row.opened_on - datetime.timedelta(days=25),
                    row.closed_on or datetime.date.max,
                )
            )
        return [h for h in households.values() if h.children and h.adults]

    def _read_staff(self) -> _Staff:
        users = list(
            User.objects.filter(authority=self.authority, is_active=True)
            .select_related("agency")
            .prefetch_related("groups", "teams")
            .order_by("pk")
        )
        staff = _Staff(
            users={user.pk: user for user in users},
            front_door=[],
            manager=None,
            fsws=defaultdict(list),
            line_workers=[],
            officers=defaultdict(list),
            professionals=defaultdict(list),
            family_support_teams={},
            line_team=None,
            agencies=list(Agency.objects.filter(authority=self.authority).order_by("pk")),
            district_names={},
            taf=set(
                TafMember.objects.filter(
                    pathway__family__authority=self.authority, removed_at__isnull=True
                ).values_list("pathway_id", "user_id")
            ),
        )
        for team in Team.objects.filter(authority=self.authority).select_related("district"):
            if team.district_id and team.name.endswith("Early Help Family Support"):
                staff.family_support_teams[team.district_id] = team
                staff.district_names[team.district_id] = team.district.name
            elif team.name == "Family Support Line":
                staff.line_team = team
        for user in users:
            roles = {group.name for group in user.groups.all()}
            districts = {team.district_id for team in user.teams.all() if team.district_id}
            if Role.FRONT_DOOR_OFFICER in roles:
                staff.front_door.append(user)
            if Role.MANAGER in roles and staff.manager is None:
                staff.manager = user
            if Role.FAMILY_SUPPORT_WORKER in roles:
                if any(team.name == "Family Support Line" for team in user.teams.all()):
                    staff.line_workers.append(user)
                for district in districts:
                    staff.fsws[district].append(user)
            for district in districts:
                if Role.TARGETED_SUPPORT_OFFICER in roles:
                    staff.officers[district].append(user)
                if roles & {Role.PRACTITIONER, Role.FAMILY_SUPPORT_WORKER}:
                    staff.professionals[district].append(user)
        if not staff.front_door:  # an authority without the demo users: anyone decides
            staff.front_door = users[:1]
        return staff

    # Small helpers ---------------------------------------------------------------------

    def _reference(self) -> str:
        while True:
            chars = "".join(self.rng.choice(REFERENCE_ALPHABET) for _ in range(8))
            reference = f"EH-{chars[:4]}-{chars[4:]}"
            if reference not in self.references:
                self.references.add(reference)
                return reference

    def _at(
        self, day: datetime.date, first_hour: int = 9, last_hour: int = 17
    ) -> datetime.datetime:
        minutes = self.rng.randrange(first_hour * 60, last_hour * 60)
        return datetime.datetime.combine(
            day, datetime.time(minutes // 60, minutes % 60), tzinfo=self.tz
        )

    def _day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + datetime.timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def _exact_mix(self, weights: dict[Any, float], count: int) -> list[Any]:
        """`count` choices in the weights' proportions exactly (largest remainder), shuffled."""
        total = sum(weights.values())
        shares = {key: count * weight / total for key, weight in weights.items()}
        chosen = {key: int(share) for key, share in shares.items()}
        by_remainder = sorted(shares, key=lambda key: shares[key] - chosen[key], reverse=True)
        for key in by_remainder[: count - sum(chosen.values())]:
            chosen[key] += 1
        mix = [key for key, n in chosen.items() for _ in range(n)]
        self.rng.shuffle(mix)
        return mix

    def _pick(self, weights: dict[Any, float]) -> Any:
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def _area_for(self, age: int | None) -> tuple[str, IssueArea]:
        fitting = [
            (name, area)
            for name, area in AREAS.items()
            if age is None or area.ages[0] <= max(0, age) <= area.ages[1]
        ]
        return self.rng.choice(fitting)

    def _text(self, options: Sequence[str], child: _Member, parent: str, on: datetime.date) -> str:
        age = _age(child.date_of_birth, on)
        if age is not None:
            age = max(0, age)
        return self.rng.choice(options).format(
            child=child.first_name, age=age if age is not None else "age not known", parent=parent
        )

    def _public_contact(self, member: _Member) -> tuple[str, str]:
        if self.rng.random() < 0.6:
            local = re.sub(r"[^a-z]", "", f"{member.first_name}.{member.last_name}".lower())
            return f"{local}{self.rng.randint(1, 99)}@example.com", ""
        return "", f"07700 900{self.rng.randint(0, 999):03d}"

    def _professional(self, district_id: int | None, lead_id: int | None = None) -> User:
        """A practitioner or FSW of the district: often the pathway's lead, if one."""
        candidates = self.staff.professionals.get(district_id) or [
            user for users in self.staff.professionals.values() for user in users
        ]
        lead = self.staff.users.get(lead_id) if lead_id else None
        if lead is not None and lead in candidates and self.rng.random() < 0.5:
            return lead
        return self.rng.choice(candidates) if candidates else self.staff.front_door[0]

    def _fsw(self, district_id: int | None) -> User | None:
        workers = (
            self.staff.fsws.get(district_id)
            or self.staff.line_workers
            or [user for users in self.staff.fsws.values() for user in users]
        )
        return self.rng.choice(workers) if workers else None

    # Requests --------------------------------------------------------------------------

    def _request(
        self,
        household: _Household | None,
        source: RequestSource,
        received_at: datetime.datetime,
        *,
        child: _Member | None = None,
        submitted_by: User | None = None,
        status: RequestStatus = RequestStatus.DECIDED,
        consent: RequestConsent = RequestConsent.GIVEN,
    ) -> RequestForSupport:
        """A request about the household's child, or about a child the system does not
        know yet (household None), in words that fit who sent it."""
        if household is not None:
            child = child or household.children[0]
            parent = household.adults[0]
            district_id, postcode = household.district_id, household.postcode
        else:
            last = self.faker.last_name()
            born = self.today - datetime.timedelta(days=self.rng.randint(200, 17 * 365))
            child = _Member(0, self.faker.first_name(), last, born)
            parent = _Member(0, self.faker.first_name_female(), last, None)
            district_id = self.rng.choice(list(self.staff.district_names) or [None])
            postcode = self.faker.postcode()
        on = received_at.astimezone(self.tz).date()
        # Some pathways began before their youngest child was born: a pre-birth request.
        unborn = child.date_of_birth is not None and child.date_of_birth > on
        if unborn:
            area_name, area = "parent_mh", AREAS["parent_mh"]
            if source == RequestSource.STEP_DOWN:
                source = RequestSource.PROFESSIONAL
        else:
            area_name, area = self._area_for(_age(child.date_of_birth, on))
        request = RequestForSupport(
            authority=self.authority,
            reference=self._reference(),
            source=source,
            status=status,
            received_at=received_at,
            district_id=district_id,
            child_first_name="Unborn baby" if unborn else child.first_name,
            child_last_name=child.last_name,
            child_date_of_birth=None if unborn else child.date_of_birth,
            parent_name=parent.name,
            postcode=postcode,
            consent=consent,
            family_id=household.id if household else None,
            matched_person_id=child.id if household else None,
        )
        request.area = area_name  # type: ignore[attr-defined] - read by the call made from it
        if source in (RequestSource.PARENT_CARER, RequestSource.YOUNG_PERSON):
            asker = child if source == RequestSource.YOUNG_PERSON else parent
            request.requester_name = asker.name
            request.requester_email, request.requester_phone = self._public_contact(asker)
            request.requester_role = (
                "The young person" if source == RequestSource.YOUNG_PERSON else "Mum"
            )
            if source == RequestSource.YOUNG_PERSON:
                request.worries = self.rng.choice(YOUNG_PERSON_WORRIES)
            else:
                worries = PRE_BIRTH_PARENT_WORRIES if unborn else area.parent_worries
                request.worries = self._text(worries, child, parent.first_name, on)
        else:
            sender = submitted_by or self._professional(district_id)
            request.submitted_by = sender
            request.requester_name = sender.get_full_name()
            request.requester_email = sender.email
            request.requester_role = sender.job_title
            worries = PRE_BIRTH_WORRIES if unborn else area.worries
            request.worries = self._text(worries, child, parent.first_name, on)
        if source != RequestSource.YOUNG_PERSON and self.rng.random() < 0.7:
            request.tried_so_far = self._text(area.tried, child, parent.first_name, on)
        if source == RequestSource.STEP_DOWN:
            request.suggested_band = self.rng.choices(["orange", "yellow"], [65, 35])[0]
            request.social_worker_summary = self._text(
                STEP_DOWN_SUMMARIES, child, parent.first_name, on
            )
        elif source == RequestSource.PROFESSIONAL and self.rng.random() < 0.5:
            request.suggested_band = self.rng.choices(["green", "yellow", "orange"], [2, 5, 3])[0]
        if household is not None:
            request.match_note = (
                "Made from the family's record"
                if unborn
                or (
                    source not in (RequestSource.PARENT_CARER, RequestSource.YOUNG_PERSON)
                    and self.rng.random() < 0.4
                )
                else "Linked automatically: same name and date of birth"
            )
        self.rows.requests.append(request)
        return request

    def _decide(
        self,
        request: RequestForSupport,
        kind: DecisionKind,
        decided_at: datetime.datetime,
        *,
        team: Team | int | None = None,
        pathway_id: int | None = None,
        intervention: FswIntervention | None = None,
        advice: str = "",
    ) -> None:
        reasons = REASONS[
            RequestSource.STEP_DOWN if request.source == RequestSource.STEP_DOWN else kind
        ]
        told = request.requester_email or request.submitted_by_id
        request.decision_row = row = (  # type: ignore[attr-defined]
            {
                "request": request,
                "kind": kind,
                "reason": self.rng.choice(reasons),
                "advice": advice,
                "decided_by": self.rng.choice(self.staff.front_door),
                "decided_at": decided_at,
                "team": team,
                "pathway_id": pathway_id,
                "intervention": intervention,
                "requester_told_at": (
                    max(decided_at, min(decided_at + datetime.timedelta(minutes=1), self.now))
                    if told
                    else None
                ),
            }
        )
        self.rows.decisions.append(row)

    def _decided_at(
        self, received_at: datetime.datetime, latest: datetime.date
    ) -> datetime.datetime:
        """In working hours within three working days of the request (the next day for one
        that came late), and no later than `latest`."""
        local = received_at.astimezone(self.tz)
        received = local.date()
        day = received + datetime.timedelta(days=self.rng.randint(0, 3))
        if day == received and local.hour >= 15:
            day += datetime.timedelta(days=1)
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        day = min(day, latest)
        while day.weekday() >= 5 and day > received:
            day -= datetime.timedelta(days=1)
        if day <= received:
            decided_at = received_at + datetime.timedelta(minutes=self.rng.randint(20, 240))
        else:
            decided_at = self._at(day)
        return max(received_at, min(decided_at, self.now))

    def _pathway_requests(self) -> list[RequestForSupport]:
        """The request each pathway came from, and the front door's decision on it."""
        made = []
        for household in self.households:
            for pathway in household.pathways:
                received_day = _weekday_on_or_before(
                    pathway.opened_on - datetime.timedelta(days=self.rng.randint(1, 20))
                )
                source = self._pick(PATHWAY_REQUEST_SOURCES)
                child = _born_by(household.children, received_day)
                if source == RequestSource.YOUNG_PERSON:
                    teenagers = [
                        c
                        for c in household.children
                        if (_age(c.date_of_birth, received_day) or 0) >= 13
                    ]
                    if teenagers:
                        child = teenagers[-1]
                    else:
                        source = RequestSource.PARENT_CARER
                submitted_by = None
                if source == RequestSource.PROFESSIONAL:
                    submitted_by = self._professional(household.district_id, pathway.lead_id)
                elif source == RequestSource.STEP_DOWN:
                    officers = self.staff.officers.get(household.district_id)
                    submitted_by = self.rng.choice(officers) if officers else None
                public = source in (RequestSource.PARENT_CARER, RequestSource.YOUNG_PERSON)
                received_at = self._at(received_day, 7, 22) if public else self._at(received_day)
                request = self._request(
                    household,
                    source,
                    received_at,
                    child=child,
                    submitted_by=submitted_by,
                    consent=RequestConsent.GIVEN
                    if self.rng.random() < 0.9
                    else RequestConsent.NOT_YET,
                )
                self._decide(
                    request,
                    DecisionKind.PATHWAY,
                    self._decided_at(received_at, pathway.opened_on),
                    team=pathway.team_id,
                    pathway_id=pathway.id,
                )
                made.append(request)
        return made

    def _other_decisions(self, kind: DecisionKind, count: int) -> None:
        """Requests in the last year that led to signposting, line advice or the MASH."""
        for _ in range(count):
            household, day = self._free_household(
                self.today - datetime.timedelta(days=365), self.today - datetime.timedelta(days=1)
            )
            if household is None:
                continue
            source = self._pick(OTHER_REQUEST_SOURCES)
            if kind == DecisionKind.ESCALATE:
                source = RequestSource.PROFESSIONAL
            born = [c for c in household.children if (_age(c.date_of_birth, day) or 0) >= 0]
            child = self.rng.choice(born or household.children)
            if source == RequestSource.YOUNG_PERSON and (_age(child.date_of_birth, day) or 0) < 13:
                source = RequestSource.PARENT_CARER
            public = source in (RequestSource.PARENT_CARER, RequestSource.YOUNG_PERSON)
            received_at = self._at(day, 7, 22) if public else self._at(day)
            request = self._request(
                household,
                source,
                received_at,
                child=child,
                consent=self.rng.choice([RequestConsent.GIVEN, RequestConsent.NOT_YET]),
            )
            area = AREAS[request.area]  # type: ignore[attr-defined]
            advice, team = "", None
            parent = household.adults[0].first_name
            if kind == DecisionKind.SIGNPOST:
                advice = self.rng.choice(area.signposts)
            elif kind == DecisionKind.SUPPORT_LINE_ADVICE:
                advice = self._text(LINE_ADVICE_PLANS, child, parent, day)
                team = self.staff.line_team
            self._decide(
                request,
                kind,
                self._decided_at(received_at, self.today),
                team=team,
                advice=advice,
            )
            household.busy.append((day, day + datetime.timedelta(days=14)))

    def _free_household(
        self, first: datetime.date, last: datetime.date, *, tries: int = 6
    ) -> tuple[_Household | None, datetime.date]:
        for _ in range(tries):
            household = self.rng.choice(self.households)
            day = _weekday_on_or_before(self._day_between(first, last))
            if household.is_free(
                day - datetime.timedelta(days=7), day + datetime.timedelta(days=14)
            ):
                return household, day
        return None, last

    def _awaiting(self, count: int) -> None:
        """The front door's queue: requests from the last ten working days."""
        days = []
        day = self.today - datetime.timedelta(days=1)
        while len(days) < 10:
            if day.weekday() < 5:
                days.append(day)
            day -= datetime.timedelta(days=1)
        for _ in range(count):
            day = self.rng.choice(days)
            source = self._pick(AWAITING_REQUEST_SOURCES)
            household = None
            if self.rng.random() < 0.65:
                for _ in range(6):
                    candidate = self.rng.choice(self.households)
                    if candidate.is_free(day - datetime.timedelta(days=20), self.today):
                        household = candidate
                        break
            child = household.children[0] if household else None
            if source == RequestSource.YOUNG_PERSON and (
                child is None or (_age(child.date_of_birth, day) or 0) < 13
            ):
                source = RequestSource.PARENT_CARER
            public = source in (RequestSource.PARENT_CARER, RequestSource.YOUNG_PERSON)
            submitted_by = None
            district_id = household.district_id if household else None
            if source == RequestSource.STEP_DOWN:
                officers = self.staff.officers.get(district_id) or [
                    o for users in self.staff.officers.values() for o in users
                ]
                submitted_by = self.rng.choice(officers) if officers else None
            elif not public:
                submitted_by = self._professional(district_id)
            self._request(
                household,
                source,
                self._at(day, 7, 22) if public else self._at(day),
                child=child,
                submitted_by=submitted_by,
                status=RequestStatus.AWAITING_DECISION,
                consent=self.rng.choices([RequestConsent.GIVEN, RequestConsent.NOT_YET], [3, 1])[0],
            )
            if household is not None:
                household.busy.append((day, self.today))

    # FSW interventions -----------------------------------------------------------------

    def _intervention(
        self,
        household: _Household,
        worker: User,
        source: InterventionSource,
        allocated_on: datetime.date,
        *,
        pathway: _PathwayRow | None = None,
        allocated_by: User | None = None,
        children: int | None = None,
    ) -> FswIntervention:
        intervention = FswIntervention(
            authority=self.authority,
            family_id=household.id,
            source=source,
            pathway_id=pathway.id if pathway else None,
            worker=worker,
            allocated_on=allocated_on,
            allocated_by=allocated_by or self.staff.manager or worker,
        )
        most = min(3, children or 3)
        born = [
            c for c in household.children if (_age(c.date_of_birth, allocated_on) or 0) >= 0
        ] or household.children[:1]
        if source == InterventionSource.DIRECT_REFERRAL:
            chosen = born[:most]
        else:
            wanted = min(most, self.rng.choices([1, 2, 3], [55, 30, 15])[0])
            chosen = self.rng.sample(born, k=min(wanted, len(born)))
        intervention.household = household  # type: ignore[attr-defined]
        intervention.child_count = len(chosen)  # type: ignore[attr-defined]
        intervention.child_name = chosen[0].first_name  # type: ignore[attr-defined]
        self.rows.interventions.append(intervention)
        self.rows.intervention_children.extend((intervention, c.id) for c in chosen)
        if pathway is not None and (pathway.id, worker.pk) not in self.staff.taf:
            self.staff.taf.add((pathway.id, worker.pk))
            self.rows.taf.append(
                {"pathway_id": pathway.id, "user": worker, "added_by": intervention.allocated_by}
            )
        return intervention

    def _from_a_direct_referral(self, household: _Household, intervention: FswIntervention) -> None:
        """The request and decision a direct referral came from, days before allocation."""
        received_day = _weekday_on_or_before(
            intervention.allocated_on - datetime.timedelta(days=self.rng.randint(2, 14))
        )
        source = self.rng.choices(
            [RequestSource.PROFESSIONAL, RequestSource.PARENT_CARER], [75, 25]
        )[0]
        public = source == RequestSource.PARENT_CARER
        received_at = self._at(received_day, 7, 22) if public else self._at(received_day)
        child = _born_by(household.children, received_day)
        request = self._request(household, source, received_at, child=child)
        self._decide(
            request,
            DecisionKind.FSW_INTERVENTION,
            self._decided_at(received_at, intervention.allocated_on),
            team=self.staff.family_support_teams.get(household.district_id),
            intervention=intervention,
        )
        intervention.allocated_by = request.decision_row["decided_by"]  # type: ignore[attr-defined]
        household.busy.append((received_day, intervention.ended_on or datetime.date.max))

    def _caseloads(self) -> None:
        """Open interventions: each worker is allocated about 31 children (24 to 38), first
        through a quarter of the district's open pathways, then by direct referral, while
        the district has families enough (a small seed gives smaller caseloads)."""
        workers_by_pk = {w.pk: w for users in self.staff.fsws.values() for w in users}
        drawn = [self.rng.randint(*CASELOAD_CHILDREN) for _ in workers_by_pk]
        # A worker ends within a child over their target: targets averaging half a child
        # under the report's 31 give caseloads averaging about 31.
        low, high = CASELOAD_CHILDREN
        self._nudge(drawn, CASELOAD - 0.5, [low] * len(drawn), ceiling=high)
        targets = dict(zip(workers_by_pk, drawn, strict=True))
        loads: dict[int, int] = defaultdict(int)
        for district_id, workers in sorted(self.staff.fsws.items()):
            families = self.by_district.get(district_id, [])
            on_pathways = [
                h
                for h in families
                if h.open_pathway and (self.today - h.open_pathway.opened_on).days >= 10
            ]
            pathway_quota = round(PATHWAYS_WITH_AN_FSW * sum(1 for h in families if h.open_pathway))
            direct = [
                h
                for h in families
                if not h.open_pathway
                and not h.declined
                and h.pathways
                and h.pathways[-1].closed_on
                and (self.today - h.pathways[-1].closed_on).days >= 21
            ]
            self.rng.shuffle(on_pathways)
            self.rng.shuffle(direct)
            room = round(MOST_FAMILIES_OPEN_TO_AN_FSW * len(families))
            while room > 0:
                under = [w for w in workers if loads[w.pk] < targets[w.pk]]
                if not under:
                    break
                worker = self.rng.choice(under)
                # One over the target at most: a worker ends within a child of it.
                room_for = targets[worker.pk] + 1 - loads[worker.pk]
                if pathway_quota > 0 and on_pathways:
                    household = on_pathways.pop()
                    pathway_quota -= 1
                    intervention = self._open_on_pathway(household, worker, room_for)
                elif direct:
                    household = direct.pop()
                    intervention = self._open_direct(household, worker, room_for)
                else:
                    break
                loads[worker.pk] += intervention.child_count  # type: ignore[attr-defined]
                room -= 1
        self._remote_advice()
        for intervention in self.rows.interventions:
            if intervention.started_on is not None and intervention.ended_on is None:
                self._sessions(intervention, self.today)

    def _remote_advice(self) -> None:
        """A few open interventions are remote advice, which the authority limits to some
        weeks (6 by default): about as many past the limit as within it."""
        limit = datetime.timedelta(weeks=self.authority.remote_intervention_weeks)
        started = [
            i for i in self.rows.interventions if i.started_on is not None and i.ended_on is None
        ]
        within = [i for i in started if self.today - i.started_on <= limit]
        past = [i for i in started if limit < self.today - i.started_on <= 2 * limit]
        few = max(1, round(REMOTE_OPEN_SHARE * len(started)))
        for group in (within, past):
            for intervention in self.rng.sample(group, k=min(few, len(group))):
                intervention.is_remote = True

    def _open_on_pathway(
        self, household: _Household, worker: User, children: int
    ) -> FswIntervention:
        pathway = household.open_pathway
        if pathway is None:
            raise ValueError("only a household with an open pathway has work on it")
        first = max(
            pathway.opened_on + datetime.timedelta(days=7),
            self.today - datetime.timedelta(weeks=26),
        )
        allocated = self._day_between(min(first, self.today), self.today)
        intervention = self._intervention(
            household,
            worker,
            InterventionSource.PATHWAY,
            allocated,
            pathway=pathway,
            children=children,
        )
        self._start_open(intervention)
        return intervention

    def _open_direct(self, household: _Household, worker: User, children: int) -> FswIntervention:
        closed_on = household.pathways[-1].closed_on
        if closed_on is None:
            raise ValueError("direct work follows a closed pathway")
        first = max(
            closed_on + datetime.timedelta(days=14), self.today - datetime.timedelta(weeks=30)
        )
        allocated = self._day_between(min(first, self.today), self.today)
        intervention = self._intervention(
            household, worker, InterventionSource.DIRECT_REFERRAL, allocated, children=children
        )
        self._start_open(intervention)
        self._from_a_direct_referral(household, intervention)
        return intervention

    def _start_open(self, intervention: FswIntervention) -> None:
        started = intervention.allocated_on + datetime.timedelta(days=self.rng.randint(2, 10))
        if started > self.today:
            return
        intervention.started_on = started

    def _duration(self, remote: bool) -> datetime.timedelta:
        if remote:
            return datetime.timedelta(days=self.rng.randint(14, 42))
        weeks = min(45.0, max(4.0, self.rng.gauss(*INTERVENTION_WEEKS)))
        return datetime.timedelta(days=round(weeks * 7))

    def _ended_direct_interventions(self, count: int) -> None:
        """Direct referrals whose work ended in the last year."""
        for _ in range(count):
            remote = self.rng.random() < REMOTE_SHARE
            for _ in range(6):
                household = self.rng.choice(self.households)
                ended = self._day_between(
                    self.today - datetime.timedelta(days=330),
                    self.today - datetime.timedelta(days=1),
                )
                started = ended - self._duration(remote)
                allocated = started - datetime.timedelta(days=self.rng.randint(2, 10))
                if household.declined or not household.is_free(
                    allocated - datetime.timedelta(days=16), ended
                ):
                    continue
                worker = self._fsw(household.district_id)
                if worker is None:
                    return
                intervention = self._intervention(
                    household, worker, InterventionSource.DIRECT_REFERRAL, allocated
                )
                intervention.started_on, intervention.ended_on = started, ended
                intervention.is_remote = remote
                self._from_a_direct_referral(household, intervention)
                break

    def _ended_pathway_interventions(self) -> None:
        """A quarter of the closed pathways had an FSW, for part of the pathway."""
        for household in self.households:
            for pathway in household.pathways:
                if (
                    pathway.closed_on is None
                    or pathway.outcome == Outcome.DECLINED
                    or self.rng.random() >= PATHWAYS_WITH_AN_FSW
                ):
                    continue
                started = pathway.opened_on + datetime.timedelta(days=self.rng.randint(7, 28))
                ended = min(started + self._duration(False), pathway.closed_on)
                if (ended - started).days < 21:
                    continue
                worker = self.rng.choice(self.staff.fsws.get(household.district_id) or [None])
                if worker is None:
                    continue
                allocated = started - datetime.timedelta(days=self.rng.randint(1, 6))
                intervention = self._intervention(
                    household,
                    worker,
                    InterventionSource.PATHWAY,
                    max(allocated, pathway.opened_on),
                    pathway=pathway,
                )
                intervention.started_on, intervention.ended_on = started, ended

    def _give_outcomes(self) -> None:
        """Outcomes in the report's proportions, then the sessions each intervention had."""
        ended = [i for i in self.rows.interventions if i.ended_on is not None]
        for intervention, outcome in zip(
            ended, self._exact_mix(INTERVENTION_OUTCOMES, len(ended)), strict=True
        ):
            intervention.outcome = outcome
            parent = intervention.household.adults[0].first_name  # type: ignore[attr-defined]
            intervention.end_note = self.rng.choice(END_NOTES[outcome]).format(parent=parent)
            last = intervention.ended_on
            if outcome == InterventionOutcome.DISENGAGED:
                last = max(
                    intervention.started_on,
                    last - datetime.timedelta(days=self.rng.randint(14, 28)),
                )
            self._sessions(intervention, last)

    def _sessions(self, intervention: FswIntervention, last: datetime.date) -> None:
        household: _Household = intervention.household  # type: ignore[attr-defined]
        parent = household.adults[0].first_name
        child = intervention.child_name  # type: ignore[attr-defined]
        day = intervention.started_on
        held = []
        while day is not None and day <= last:
            held.append(day)
            day += datetime.timedelta(days=self.rng.randint(7, 21))
        for number, held_on in enumerate(held):
            if number == 0:
                note = FIRST_SESSION_NOTE
            elif number == len(held) - 1 and intervention.outcome == InterventionOutcome.POSITIVE:
                note = LAST_SESSION_NOTE
            else:
                note = self.rng.choice(SESSION_NOTES)
            if intervention.is_remote:
                kind = self.rng.choice([SessionKind.PHONE, SessionKind.VIDEO])
            else:
                kind = self._pick(SESSION_KINDS)
            self.rows.intervention_sessions.append(
                {
                    "intervention": intervention,
                    "held_on": held_on,
                    "kind": kind,
                    "note": note.format(parent=parent, child=child),
                    "recorded_by": intervention.worker,
                }
            )

    # The Family Support Line -----------------------------------------------------------

    def _calls(self, count: int, pathway_requests: list[RequestForSupport]) -> None:
        if count == 0 or not (self.staff.line_workers or self.staff.fsws):
            return
        open_days = self.authority.support_line_weekdays
        days = [
            self.today - datetime.timedelta(days=n)
            for n in range(1, 366)
            if (self.today - datetime.timedelta(days=n)).weekday() in open_days
        ]
        opens, closes = self.authority.support_line_opens, self.authority.support_line_closes
        first_minute = opens.hour * 60 + opens.minute
        last_minute = closes.hour * 60 + closes.minute - 5
        outcomes = self._exact_mix(CALL_OUTCOMES, count)
        kinds = self._exact_mix(CALLER_KINDS, count)
        # The calls that opened a pathway are the requests the pathways came from.
        year_ago = self.today - datetime.timedelta(days=365)
        from_the_line = [
            r
            for r in pathway_requests
            if r.source in (RequestSource.PROFESSIONAL, RequestSource.PARENT_CARER)
            and r.child_date_of_birth is not None
            and r.received_at.astimezone(self.tz).date() >= year_ago
            and r.received_at.astimezone(self.tz).weekday() in open_days
        ]
        opening = outcomes.count(CallOutcome.OPENED_PATHWAY)
        from_the_line = self.rng.sample(from_the_line, k=min(opening, len(from_the_line)))
        households = {h.id: h for h in self.households}
        for outcome, kind in zip(outcomes, kinds, strict=True):
            request = None
            if outcome == CallOutcome.OPENED_PATHWAY:
                if not from_the_line:
                    outcome = CallOutcome.RESOLVED
                else:
                    request = from_the_line.pop()
                    kind = CallerKind.PARENT_CARER
            household = households[request.family_id] if request else None
            if household is None and self.rng.random() < CALLS_LINKED_TO_A_FAMILY:
                household = self.rng.choice(self.households)
            if request is not None:
                day = request.received_at.astimezone(self.tz).date()
            else:
                day = self.rng.choice(days)
            minute = self.rng.randrange(first_minute, last_minute)
            called_at = datetime.datetime.combine(
                day, datetime.time(minute // 60, minute % 60), tzinfo=self.tz
            )
            self._call(household, kind, outcome, called_at, request)

    def _call(
        self,
        household: _Household | None,
        kind: CallerKind,
        outcome: CallOutcome,
        called_at: datetime.datetime,
        request: RequestForSupport | None,
    ) -> None:
        day = called_at.astimezone(self.tz).date()
        born = [
            c
            for c in (household.children if household else [])
            if (_age(c.date_of_birth, day) or 0) >= 0
        ]
        if not born:
            household = None
        if household is not None:
            child = self.rng.choice(born)
            parent = household.adults[0]
            if kind == CallerKind.YOUNG_PERSON and (_age(child.date_of_birth, day) or 0) < 13:
                teenagers = [
                    c for c in household.children if (_age(c.date_of_birth, day) or 0) >= 13
                ]
                if teenagers:
                    child = teenagers[0]
                else:
                    household, kind = None, CallerKind.PARENT_CARER
        if household is None:
            last = self.faker.last_name()
            low = 13 if kind == CallerKind.YOUNG_PERSON else 0
            born = day - datetime.timedelta(days=self.rng.randint(low * 365 + 30, 17 * 365))
            child = _Member(0, self.faker.first_name(), last, born)
            parent = _Member(0, self.faker.first_name_female(), last, None)
            district_id = self.rng.choice(list(self.staff.district_names))
        else:
            district_id = household.district_id
        if request is not None:
            area_name = request.area  # type: ignore[attr-defined]
            child = next(
                (c for c in household.children if c.id == request.matched_person_id), child
            )
        else:
            area_name, _ = self._area_for(_age(child.date_of_birth, day))
        area = AREAS[area_name]
        line_workers = self.staff.line_workers
        if line_workers and self.rng.random() < 0.3:
            taken_by = self.rng.choice(line_workers)
        else:
            taken_by = self._fsw(district_id)
        age = _age(child.date_of_birth, day)
        if kind == CallerKind.PARENT_CARER:
            caller_name = parent.name
            opening = self.rng.choice(
                ["Mum called about", "Parent rang about", "Call from mum about"]
            )
            opening = f"{opening} {child.first_name} ({age})."
        elif kind == CallerKind.YOUNG_PERSON:
            caller_name = child.first_name
            opening = f"{child.first_name}, {age}, called about themselves."
        else:
            caller_name = f"{self.faker.first_name()} {self.faker.last_name()}"
            role = self.rng.choice(
                ["A school DSL", "A health visitor", "A nursery manager", "A youth worker",
                 "A school nurse", "A housing officer", "A GP practice nurse"]
            )  # fmt: skip
            opening = f"{role} called for advice about a family they work with."
        notes = f"{opening} {self._text(area.calls, child, parent.first_name, day)}"
        advice = self._text(area.advice, child, parent.first_name, day)
        call = SupportLineCall(
            authority=self.authority,
            district_id=district_id,
            taken_by=taken_by,
            called_at=called_at,
            caller_kind=kind,
            caller_name=caller_name,
            family_id=household.id if household else None,
            notes=notes,
            advice=advice,
            outcome=outcome,
            request=request,
        )
        if outcome == CallOutcome.REFERRED:
            call.referred_to = self.rng.choice(area.referred_to)
        elif outcome == CallOutcome.ESCALATED:
            call.advice = (
                f"{advice} Worries about the child's safety were shared with the MASH during "
                "the call, and the caller was told."
            )
        elif outcome == CallOutcome.OPENED_PATHWAY:
            call.advice = f"{advice} The family agreed to a request for an Early Help Pathway."
        if request is not None:
            request.source = RequestSource.SUPPORT_LINE
            request.submitted_by = taken_by
            request.received_at = called_at
            request.requester_name = parent.name
            request.requester_email = ""
            request.requester_phone = f"07700 900{self.rng.randint(0, 999):03d}"
            request.requester_role = "Mum, by phone to the Family Support Line"
            request.match_note = "Made from the family's record"
            request.suggested_band = ""
            decision = request.decision_row  # type: ignore[attr-defined]
            if decision["decided_at"] <= called_at:
                decision["decided_at"] = called_at + datetime.timedelta(
                    minutes=self.rng.randint(30, 180)
                )
            decision["requester_told_at"] = decision["decided_at"] + datetime.timedelta(minutes=1)
        self.rows.calls.append(call)
        codes = [code for code in area.codes if code in self.codes]
        chosen = self.rng.sample(codes, k=min(len(codes), self.rng.randint(1, 2)))
        extra = self.rng.choice(COMPANION_CODES)
        if self.rng.random() < 0.3 and extra in self.codes and extra not in chosen:
            chosen.append(extra)
        self.rows.call_codes.extend((call, self.codes[code]) for code in chosen)

    # Parenting programmes --------------------------------------------------------------

    def _programme_catalogue(self) -> list[tuple[Programme, ProgrammeEntry]]:
        made = [
            (
                Programme(
                    authority=self.authority,
                    name=entry.name,
                    description=entry.description,
                    min_age=entry.min_age,
                    max_age=entry.max_age,
                    evidence_level=entry.evidence_level,
                ),
                entry,
            )
            for entry in PROGRAMMES
        ]
        _insert_rows(self.rng, Programme, [programme for programme, _ in made])
        return made

    def _courses(self, programmes: list[tuple[Programme, ProgrammeEntry]], scale: int) -> None:
        """Courses from a year ago to three months ahead, in each district's Children and
        Family Centre or online, filled with parents whose children are of the right age."""
        trainers = [
            (district_id, worker)
            for district_id, workers in sorted(self.staff.fsws.items())
            for worker in workers
        ]
        if not trainers:
            return
        weights = {index: entry.runs for index, (_, entry) in enumerate(programmes)}
        count = max(2 * len(programmes), round(scale * ENROLMENTS_PER_FAMILY_A_YEAR * 1.25 / 9))
        online_mix = self._exact_mix({True: 1, False: 4}, count)  # a fifth online
        for index, online in zip(self._exact_mix(weights, count), online_mix, strict=True):
            programme, entry = programmes[index]
            district_id, trainer = self.rng.choice(trainers)
            if online:
                venue, district_id = "Online", None
            else:
                place = self.staff.district_names.get(district_id, "County")
                venue = f"{place} Children and Family Centre"
            starts_on = _weekday_on_or_before(
                self._day_between(
                    self.today - datetime.timedelta(days=365),
                    self.today + datetime.timedelta(days=91),
                )
            )
            dates = [starts_on + datetime.timedelta(weeks=n) for n in range(entry.sessions)]
            course = Course(
                programme=programme,
                district_id=district_id,
                venue=venue,
                trainer=trainer.get_full_name(),
                starts_on=starts_on,
                ends_on=dates[-1],
                capacity=self.rng.choice([10, 12, 12, 14]),
                created_by=trainer,
            )
            self.rows.courses.append(course)
            sessions = [
                CourseSession(course=course, number=number, held_on=held_on)
                for number, held_on in enumerate(dates, start=1)
            ]
            self.rows.course_sessions.extend(sessions)
            self._enrol(course, entry, sessions, district_id)

    def _enrol(
        self,
        course: Course,
        entry: ProgrammeEntry,
        sessions: list[CourseSession],
        district_id: int | None,
    ) -> None:
        pool = self.by_district.get(district_id) if district_id else self.households
        if not pool:
            return
        weeks_ahead = (course.starts_on - self.today).days // 7
        if weeks_ahead > 4:
            wanted = self.rng.randint(2, course.capacity // 2)
        elif weeks_ahead > 0:
            wanted = self.rng.randint(course.capacity // 2, course.capacity)
        else:
            wanted = self.rng.randint(course.capacity - 5, course.capacity)
        finished = course.ends_on < self.today
        held = [s for s in sessions if s.held_on < self.today]
        people: set[int] = set()
        for _ in range(wanted * 8):
            if len(people) >= wanted:
                break
            household = self.rng.choice(pool)
            ages = [_age(c.date_of_birth, course.starts_on) for c in household.children]
            if not any(a is not None and entry.min_age <= a <= entry.max_age for a in ages):
                continue
            adults = household.adults
            person = adults[1] if len(adults) > 1 and self.rng.random() < 0.15 else adults[0]
            taken = self.courses_of[person.id]
            if (
                person.id in people
                or len(taken) >= 2
                or any(course.starts_on <= end and start <= course.ends_on for start, end in taken)
            ):
                continue  # one course at a time, two in the fifteen months at most
            people.add(person.id)
            taken.append((course.starts_on, course.ends_on))
            enrolled_on = min(
                course.starts_on - datetime.timedelta(days=self.rng.randint(3, 40)), self.today
            )
            if finished:
                status = self._pick(
                    {
                        EnrolmentStatus.COMPLETED: 70,
                        EnrolmentStatus.WITHDRAWN: 12,
                        EnrolmentStatus.ENROLLED: 18,
                    }
                )
            elif held:
                status = self._pick({EnrolmentStatus.ENROLLED: 92, EnrolmentStatus.WITHDRAWN: 8})
            else:
                status = self._pick({EnrolmentStatus.ENROLLED: 97, EnrolmentStatus.WITHDRAWN: 3})
            enrolment = Enrolment(
                course=course,
                family_id=household.id,
                person_id=person.id,
                status=status,
                enrolled_on=enrolled_on,
                enrolled_by=course.created_by,
                completed_on=course.ends_on if status == EnrolmentStatus.COMPLETED else None,
            )
            self.rows.enrolments.append(enrolment)
            self._register(enrolment, held, finished)

    def _register(self, enrolment: Enrolment, held: list[CourseSession], finished: bool) -> None:
        """Register marks for the sessions held: most attend; those who withdrew stop."""
        if enrolment.status == EnrolmentStatus.WITHDRAWN:
            held = held[: self.rng.randint(0, min(3, len(held)))]
            chance = 0.8
        elif enrolment.status == EnrolmentStatus.COMPLETED:
            chance = 0.92
        else:
            chance = 0.55 if finished else 0.85
        for session in held:
            self.rows.attendance.append(
                {
                    "enrolment": enrolment,
                    "session": session,
                    "attended": self.rng.random() < chance,
                    "recorded_by": enrolment.enrolled_by,
                }
            )

    # Workforce training ----------------------------------------------------------------

    def _training_catalogue(self) -> list[tuple[TrainingCourse, TrainingEntry]]:
        made = [
            (
                TrainingCourse(
                    authority=self.authority, name=entry.name, description=entry.description
                ),
                entry,
            )
            for entry in TRAINING
        ]
        _insert_rows(self.rng, TrainingCourse, [course for course, _ in made])
        return made

    def _training(self, courses: list[tuple[TrainingCourse, TrainingEntry]]) -> None:
        """Sessions of the last year by the Targeted Support Officers, for partner agencies,
        with scores whose course averages land on the report's; a few booked ahead."""
        officers = [
            (district_id, officer)
            for district_id, users in sorted(self.staff.officers.items())
            for officer in users
        ]
        if not officers:
            return
        staff_by_agency: dict[int, list[User]] = defaultdict(list)
        for user in self.staff.users.values():
            if user.agency_id:
                staff_by_agency[user.agency_id].append(user)
        for course, entry in courses:
            agencies = [a for a in self.staff.agencies if a.kind in entry.agency_kinds]
            if not agencies:
                continue
            scored: list[dict[str, Any]] = []
            days = sorted(
                _weekday_on_or_before(
                    self._day_between(
                        self.today - datetime.timedelta(days=360),
                        self.today - datetime.timedelta(days=1),
                    )
                )
                for _ in range(entry.sessions)
            )
            ahead = [
                self.today + datetime.timedelta(days=self.rng.randint(7, 42))
                for _ in range(1 if entry.name != "Restorative practice" else 0)
            ]
            for held_on in days + [_weekday_on_or_before(day) for day in ahead]:
                district_id, officer = self.rng.choice(officers)
                online = self.rng.random() < 0.35
                session = TrainingSession(
                    course=course,
                    held_on=held_on,
                    trainer=officer.get_full_name(),
                    venue="Online"
                    if online
                    else f"{self.staff.district_names.get(district_id, 'County')} "
                    "Children and Family Centre",
                    capacity=self.rng.choice([16, 20, 20, 24]),
                    created_by=officer,
                )
                self.rows.training_sessions.append(session)
                past = held_on < self.today
                size = (
                    self.rng.randint(10, min(20, session.capacity))
                    if past
                    else self.rng.randint(4, 12)
                )
                seen: set[int] = set()
                for _ in range(size):
                    delegate = self._delegate(session, agencies, staff_by_agency, seen)
                    self.rows.delegates.append(delegate)
                    if past and self.rng.random() < 0.95:
                        scored.append(delegate)
            self._score(scored, entry)

    def _delegate(
        self,
        session: TrainingSession,
        agencies: list[Agency],
        staff_by_agency: dict[int, list[User]],
        seen: set[int],
    ) -> dict[str, Any]:
        agency = self.rng.choice(agencies)
        colleagues = [u for u in staff_by_agency.get(agency.pk, []) if u.pk not in seen]
        if colleagues and self.rng.random() < 0.3:
            user = self.rng.choice(colleagues)
            seen.add(user.pk)
            name, email = user.get_full_name(), user.email
        else:
            user = None
            first, last = self.faker.first_name(), self.faker.last_name()
            name = f"{first} {last}"
            email = re.sub(r"[^a-z.]", "", f"{first}.{last}".lower()) + "@example.org"
        return {
            "session": session,
            "name": name,
            "email": email,
            "organisation": agency.name,
            "user": user,
        }

    def _score(self, delegates: list[dict[str, Any]], entry: TrainingEntry) -> None:
        """Confidence before and after and an overall score, 0 to 10, drawn around the
        course's figures, then nudged a point at a time until the averages land on them."""
        if not delegates:
            return
        before = [_clamp(round(self.rng.gauss(entry.before, 1.5))) for _ in delegates]
        self._nudge(before, entry.before, [0] * len(before))
        gain = entry.after - entry.before
        after = [_clamp(b + max(0, round(self.rng.gauss(gain, 1.2)))) for b in before]
        self._nudge(after, entry.after, before)
        overall = [_clamp(round(self.rng.gauss(entry.overall, 1.0)), 3) for _ in delegates]
        self._nudge(overall, entry.overall, [3] * len(overall))
        specific, general = FEEDBACK.get(entry.name, ()), FEEDBACK[""]
        for delegate, b, a, o in zip(delegates, before, after, overall, strict=True):
            delegate.update(confidence_before=b, confidence_after=a, overall_score=o)
            if self.rng.random() < 0.55:
                delegate["feedback"] = self.rng.choice(
                    specific if specific and self.rng.random() < 0.7 else general
                )

    def _nudge(
        self, values: list[int], target: float, floors: list[int], ceiling: int = 10
    ) -> None:
        missing = round(target * len(values)) - sum(values)
        for _ in range(50 * len(values)):
            if missing == 0:
                return
            i = self.rng.randrange(len(values))
            if missing > 0 and values[i] < ceiling:
                values[i] += 1
                missing -= 1
            elif missing < 0 and values[i] > floors[i]:
                values[i] -= 1
                missing += 1

    # Writing ---------------------------------------------------------------------------

    def _insert(self) -> None:
        rows = self.rows
        for model, batch in (
            (RequestForSupport, rows.requests),
            (FswIntervention, rows.interventions),
            (Decision, rows.decisions),
            (SupportLineCall, rows.calls),
            (InterventionSession, rows.intervention_sessions),
            (TafMember, rows.taf),
            (Course, rows.courses),
            (CourseSession, rows.course_sessions),
            (Enrolment, rows.enrolments),
            (Attendance, rows.attendance),
            (TrainingSession, rows.training_sessions),
            (Delegate, rows.delegates),
        ):
            _insert_rows(self.rng, model, batch)
        children = FswIntervention.children.through
        children.objects.bulk_create(
            [children(fswintervention_id=i.pk, person_id=p) for i, p in rows.intervention_children],
            batch_size=2000,
        )
        codes = SupportLineCall.issue_codes.through
        codes.objects.bulk_create(
            [codes(supportlinecall_id=c.pk, issuecode_id=code) for c, code in rows.call_codes],
            batch_size=2000,
        )


def _age(born: datetime.date | None, on: datetime.date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _born_by(children: list[_Member], day: datetime.date) -> _Member:
    """The first child, or the oldest if the first was not born yet on that day."""
    first = children[0]
    if first.date_of_birth is None or first.date_of_birth <= day:
        return first
    return min(children, key=lambda c: c.date_of_birth or day)


def _weekday_on_or_before(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def _clamp(value: int, low: int = 0, high: int = 10) -> int:
    return max(low, min(high, value))
