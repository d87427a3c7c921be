"""Synthetic triage narratives for the demo data: the short notes a practitioner writes in
one box of the Early Help triage tool, for one issue code in one colour band.

Every narrative is assembled from interchangeable parts (an opening, the need at the band's
level of complexity, who is involved, the family's view, a ruled-out issue, the next step),
each picked with the caller's random generator, so the output is deterministic for a given
generator state and thousands of narratives are mostly distinct. The codes returned follow
``docs/triage-codes.md``: the main code first, then any other issue the text describes;
an issue named only to rule it out is not coded.

Fragment mini-language (parsed once, at import):

- ``{child}``, ``{parent}``: the first names (or "the child", "mum") passed in;
  ``{other}``: the other parent ("dad", or "mum" when ``parent`` is dad);
- ``{n}``, ``{weeks}``, ``{pct_ok}``, ``{pct_hi}``, ``{pct_mid}``, ``{pct_low}``: numbers;
- ``{topic}``: the code's topic, in progress wording;
- a trailing ``[CODE,CODE]``: further codes the fragment describes.

All people, services and places are generic; no real names.
"""

import random
from dataclasses import dataclass
from typing import NamedTuple

CODES: tuple[str, ...] = (
    "EDU-ATTEND",
    "EDU-EXCL",
    "EDU-SEND",
    "EDU-NEET",
    "EY-DEV",
    "EY-PARENT",
    "HEALTH-CYP-MH",
    "HEALTH-ADULT-MH",
    "HEALTH-PHYS",
    "SUBST-ADULT",
    "SUBST-CYP",
    "FAM-CONFLICT",
    "FAM-BEHAVIOUR",
    "FAM-CPV",
    "FAM-CARER",
    "FAM-LOSS",
    "SAFE-ABUSE",
    "SAFE-NEGLECT",
    "SAFE-EXPLOIT",
    "SAFE-ONLINE",
    "CRIME-CYP",
    "CRIME-ADULT",
    "DA",
    "HOUSING",
    "FIN-DEBT",
    "FIN-WORK",
)
BANDS = ("blue", "green", "yellow", "orange", "red")
STAGES = ("assessment", "review", "closure")

# How often the optional parts appear.
SAFEGUARDING_IN_LOW_BAND = 0.03  # a yellow/orange note that also holds a safeguarding concern
_P_OPENING = 0.55
_P_SECONDARY = 0.33
_P_THIRD = 0.08
_P_WHO = 0.55
_P_VIEW = 0.5
_P_RULED_OUT = 0.2
_P_TYPO = 0.1
_P_SHORTHAND = 0.3
_P_FINAL_STOP = 0.7
MIN_LENGTH = 80
MAX_LENGTH = 600
_LENGTH_MARGIN = 10


@dataclass(frozen=True)
class Narrative:
    text: str
    codes: tuple[str, ...]  # the issue codes the text describes, main code first
    safeguarding: bool  # the text describes a child at risk of significant harm now


# ---------------------------------------------------------------------------------------
# Content per code. Levels: low (blue, green), mid (yellow), high (orange), red.
# better/still: progress wording for reviews and closures. who: who is involved.
# brief: a short mention when this is a second issue in another code's note.
# ruled_out: the issue named only to rule it out (never coded).
# ---------------------------------------------------------------------------------------

_RAW: dict[str, dict[str, tuple[str, ...]]] = {
    "EDU-ATTEND": {
        "topic": ("attendance", "school attendance", "getting {child} into school", "lateness"),
        "low": (
            "{parent} asking for tips on getting {child} to school on time, a few late marks "
            "this term",
            "attendance {pct_hi}%, odd days off with minor illness, school have flagged it gently",
            "{child} late most Mondays, {parent} says mornings are chaotic with the younger ones",
            "{parent} wants info on the school's attendance expectations after a letter home",
            "slight dip in attendance this half term ({pct_hi}%), no pattern identified yet",
        ),
        "mid": (
            "attendance {pct_mid}% this yr, regularly late and missing registration",
            "{child} reluctant to go to school most mornings, complains of tummy aches, "
            "attendance {pct_mid}%",
            "persistent lateness and {n} unauthorised absences this term, school attendance "
            "officer has written to {parent}",
            "attendance dropped to {pct_mid}% since moving up to secondary, {parent} struggling "
            "to get {child} out of the house",
            "term time holiday plus sickness has left attendance at {pct_mid}%, fixed penalty "
            "warning letter sent",
        ),
        "high": (
            "{child} is PA, attendance {pct_low}%, refusing to leave the house most days",
            "attendance {pct_low}% and falling, EWO involved, {parent} facing prosecution if no "
            "improvement",
            "school refusal for {weeks} wks, {child} in bed until lunchtime and {parent} unable "
            "to get {child} up",
            "attendance {pct_low}%, {child} only manages mornings and often walks out at lunch",
            "emotionally based school avoidance, {child} has panic attacks at the gate, "
            "attendance {pct_low}% [HEALTH-CYP-MH]",
        ),
        "red": (
            "{child} not seen in school for {weeks} wks, family not answering calls or the door, "
            "whereabouts unknown [SAFE-EXPLOIT]",
            "{child} back in school after {n} days off with bruising to the face and neck, would "
            "not say how it happened [SAFE-ABUSE]",
            "attendance {pct_low}%, when {child} does come in {child} is hungry and unwashed and "
            "says {parent} has not been home for days [SAFE-NEGLECT]",
            "{child} absent again, seen by PCSO in town in school hours with older males, thought "
            "to have been missing from home overnight [SAFE-EXPLOIT]",
            "{child} told TA {child} is kept off to look after the baby alone all day while "
            "{parent} is out [SAFE-NEGLECT,FAM-CARER]",
        ),
        "better": (
            "attendance up to {pct_ok}% this term",
            "{child} going in every day now the morning routine is in place",
            "no unauthorised absences since the last review",
            "lateness much reduced, {child} on time most days",
            "{child} back in full time after the phased return",
        ),
        "still": (
            "attendance still only {pct_low}%",
            "{child} still refusing most mornings",
            "attendance has dipped again to {pct_mid}% after half term",
            "lateness continues, {n} late marks in the last fortnight",
        ),
        "who": (
            "school attendance officer involved",
            "EWO has visited twice",
            "school offered breakfast club and a meet and greet at the gate",
            "attendance support mtg held with HoY",
            "school have put in a soft start",
        ),
        "brief": (
            "attendance also dipping ({pct_mid}%)",
            "some lateness to school too",
            "{child} missing school on the bad days",
        ),
        "ruled_out": (
            "no concerns re attendance",
            "attendance good ({pct_ok}%)",
            "attending school well",
        ),
    },
    "EDU-EXCL": {
        "topic": ("behaviour in school", "{child}'s school place", "the reduced timetable"),
        "low": (
            "{parent} asking what the school behaviour policy means after {child} got a detention",
            "{child} has had a couple of behaviour points in class, school keeping an eye",
            "{child} sent to the reflection room once this term, {parent} wants advice on "
            "backing school up at home",
            "school report {child} is chatty and off task, one internal isolation, no other "
            "sanctions",
        ),
        "mid": (
            "{n} internal isolations this half term, school say {child} is at risk of suspension",
            "{child} had a 1 day suspension for swearing at a teacher, reintegration mtg held",
            "on report for behaviour, {child} is being sent out of lessons most days",
            "{child} on a reduced timetable while school assess needs, finishing at lunchtime",
        ),
        "high": (
            "{child} has had {n} suspensions this yr, the last for hitting a peer, now at risk "
            "of PEX",
            "{child} on a part-time timetable of {n} hrs a day for {weeks} wks with no end date",
            "{child} now in AP {n} days a week and struggling with the transport and the group",
            "managed move broke down after {weeks} wks, {child} at home awaiting a PRU place",
            "permanently excluded last month, {child} has no school place and {parent} is at a "
            "loss",
        ),
        "red": (
            "{child} excluded for bringing a knife into school, said it was for protection from "
            "older boys who are threatening {child} [CRIME-CYP,SAFE-EXPLOIT]",
            "since the exclusion {child} is out all day with older peers and has been missing "
            "overnight twice this week [SAFE-EXPLOIT]",
            "{child} suspended after an outburst, then showed the DSL marks on {child}'s back "
            "and said {other} hits {child} when school ring home [SAFE-ABUSE]",
            "{child} (8) on a part-time timetable and left home alone every afternoon while "
            "{parent} works [SAFE-NEGLECT]",
        ),
        "better": (
            "no suspensions since the last review",
            "{child} now back on a full timetable",
            "behaviour points well down, {child} settled in class",
            "reintegration has gone well and {child} is in lessons full time",
        ),
        "still": (
            "another suspension since the last review",
            "still on a part-time timetable with no plan to increase it",
            "school say the placement is at risk again",
            "behaviour incidents in school continuing most days",
        ),
        "who": (
            "SENCo and HoY involved",
            "pastoral team have put in a mentor",
            "school have done a pastoral support plan",
            "behaviour support service have observed in class",
            "inclusion lead meeting {child} weekly",
        ),
        "brief": (
            "also at risk of suspension in school",
            "school behaviour a worry too, {n} isolations this term",
            "currently on a reduced timetable at school",
        ),
        "ruled_out": (
            "no behaviour concerns in school",
            "school report no sanctions this yr",
            "not at risk of exclusion",
        ),
    },
    "EDU-SEND": {
        "topic": ("SEN support", "the EHCP process", "support in school for {child}'s needs"),
        "low": (
            "{parent} wondering if {child} might be dyslexic, has asked school for advice",
            "{parent} would like info about SEN support and the local offer",
            "{child} on SEN support at school, {parent} happy with it but wants to know the next "
            "steps",
            "{parent} asking where to find info on ADHD after a teacher mentioned it",
        ),
        "mid": (
            "{child} waiting for an ASD assessment, {parent} feels school are not meeting needs "
            "in the meantime",
            "SEN support plan in place but {parent} feels it is not being followed",
            "{child} struggling with reading and writing, school have asked the EP for advice, "
            "no diagnosis yet",
            "{parent} wants to apply for an EHCP and needs help with the paperwork",
            "sensory needs not being met in class, {child} coming home very dysregulated",
        ),
        "high": (
            "EHCP refused after assessment, {parent} appealing, {child} not coping in mainstream",
            "{child} has an EHCP but school say they cannot meet need, waiting for a specialist "
            "place",
            "{child} (ASD) masks all day then has meltdowns at home, EHC needs assessment "
            "requested, {parent} exhausted [FAM-BEHAVIOUR]",
            "EHCP annual review overdue by {n} months, provision in the plan not being delivered",
            "no setting can meet {child}'s needs, {child} out of school with {n} hrs tuition a "
            "week",
        ),
        "red": (
            "{child} (non-verbal, ASD) found wandering alone by a main road by police, {parent} "
            "asleep and did not know {child} had gone [SAFE-NEGLECT]",
            "{child} with complex needs being locked in a room for long periods, {parent} says "
            "it is the only way to keep {child} safe [SAFE-ABUSE]",
            "{child} has SLD and came to school with a burn on the hand that {parent} cannot "
            "explain [SAFE-ABUSE]",
            "{child}'s epilepsy meds not given for {n} days, seizure in school, {parent} not "
            "answering calls [SAFE-NEGLECT,HEALTH-PHYS]",
        ),
        "better": (
            "EHCP now finalised with a named school",
            "SEN support plan reviewed and {parent} now happy with it",
            "{child} settled in the new specialist setting",
            "{parent} now confident talking to the SENCo without support",
        ),
        "still": (
            "still waiting for the EHCP decision",
            "school still saying they cannot meet need",
            "no tribunal date yet and {child} still not coping",
            "{n} months on the ASD pathway waiting list and no date",
        ),
        "who": (
            "SENCo involved",
            "EP has seen {child} once",
            "SENDIASS have given advice",
            "paediatrician referral made by GP",
            "OT report shared with school",
        ),
        "brief": (
            "{child} also has suspected ASD, on the waiting list",
            "SEN needs not fully met in school",
            "{parent} also pursuing an EHCP",
        ),
        "ruled_out": (
            "no SEN identified",
            "school report no additional learning needs",
            "no SEND concerns",
        ),
    },
    "EDU-NEET": {
        "topic": ("education and training", "{child}'s college place", "getting {child} into EET"),
        "low": (
            "{child} (16) unsure what to do after GCSEs, {parent} wants info on college and "
            "apprenticeships",
            "{child} has a college place but wants to look at apprenticeships, needs signposting",
            "{child} finishing yr 11 with no plan yet, careers adviser appt booked by school",
            "{child} (17) working a few hrs a week, would like to get back onto a course",
        ),
        "mid": (
            "{child} (16) dropped out of college after {weeks} wks, currently NEET",
            "{child} attending college only {n} days out of 5, college worried about the course "
            "place",
            "{child} (17) NEET since leaving school, at home with no routine",
            "{child} left sixth form and has not applied for anything since, needs help with CV "
            "and applications",
        ),
        "high": (
            "{child} (17) NEET for over {n} months and will not engage with the careers service",
            "{child} NEET again after losing the apprenticeship for not turning up, low "
            "confidence and no routine",
            "{child} (16) excluded from college after an incident, no other offer, at home all "
            "day [EDU-EXCL]",
            "{child} (18) NEET with no qualifications, {parent} says {child} has given up",
        ),
        "red": (
            "{child} (16) NEET and staying away from home for days with no one knowing where, "
            "comes back with new clothes and phones [SAFE-EXPLOIT]",
            "{child} (17) NEET, told youth worker an older male is making {child} run drugs to "
            "pay off a debt [SAFE-EXPLOIT]",
            "{child} (16) NEET and disclosed that {parent}'s partner assaulted {child} last "
            "night, cut to the lip [SAFE-ABUSE]",
            "{child} (16) not in education or work and missing for 2 nights, last seen getting "
            "into a car with older males [SAFE-EXPLOIT]",
        ),
        "better": (
            "{child} started a college course in Sept and is attending",
            "{child} now on a traineeship {n} days a week",
            "{child} got an apprenticeship and is enjoying it",
            "{child} has applied for {n} courses with help from the youth worker",
        ),
        "still": (
            "{child} still NEET, no applications made",
            "{child} dropped out again after {n} wks",
            "{child} not engaging with the careers adviser",
            "no EET offer yet, {child} at home most days",
        ),
        "who": (
            "careers adviser involved",
            "youth worker meeting {child} weekly",
            "college pastoral team aware",
            "referral made to a local NEET project",
        ),
        "brief": (
            "{child} also NEET at present",
            "{child}'s college place is at risk",
            "older sibling NEET and at home too",
        ),
        "ruled_out": (
            "{child} in college and doing well",
            "no concerns re EET",
            "{child} has a college place for Sept",
        ),
    },
    "EY-DEV": {
        "topic": ("{child}'s speech", "{child}'s development", "school readiness", "toileting"),
        "low": (
            "{parent} wants ideas to help {child}'s talking at home, {child} has some words",
            "{child} (2) not yet toilet trained, {parent} asking for tips",
            "{parent} asked about funded nursery hours to help with school readiness",
            "HV noted {child} a little behind with speech at the 2 yr check, advice given",
            "{parent} unsure if {child}'s walking is on track, HV reassured",
        ),
        "mid": (
            "{child} (2) has only a few words, HV has referred to SALT",
            "{child} (3) still in nappies, nursery raised concerns about toileting and readiness "
            "for school",
            "ASQ at the 2 yr review showed delay in communication and fine motor",
            "{child} struggling to settle at nursery, limited play and speech, nursery doing a "
            "language screen",
        ),
        "high": (
            "{child} (4) starts reception in Sept with very limited speech and not toilet "
            "trained, school worried about readiness",
            "global delay suspected, {child} not yet walking at 2, paediatrician referral but "
            "{parent} missed the appt [HEALTH-PHYS]",
            "{child} (3) significant speech delay, SALT discharged after {n} missed appts",
            "{child} has had no 2 yr review as HV cannot make contact, nursery see delays in "
            "speech and play",
        ),
        "red": (
            "{child} (2) seen with significant delay and very underweight, not brought to any "
            "health appts, home conditions very poor [SAFE-NEGLECT,HEALTH-PHYS]",
            "{child} (3) has unexplained bruises on the back and legs noticed at nursery, "
            "{parent} gave different explanations [SAFE-ABUSE]",
            "{child} (18 months) left in the cot most of the day with no interaction, {parent} "
            "under the influence at the visit [SAFE-NEGLECT,SUBST-ADULT]",
            "nursery report {child} (4) is often hungry and in the same clothes for days, speech "
            "very delayed, {child} says nobody is home at night [SAFE-NEGLECT]",
        ),
        "better": (
            "{child}'s speech coming on well, now using short sentences",
            "{child} now toilet trained",
            "{child} settled at nursery and meeting most milestones",
            "SALT say {child} is making good progress",
        ),
        "still": (
            "speech still well behind for age, SALT waiting list continues",
            "{child} still not toilet trained",
            "nursery still worried about readiness for reception",
            "{parent} not yet doing the SALT activities at home",
        ),
        "who": (
            "HV involved",
            "SALT drop-in attended",
            "nursery key worker supporting",
            "early years SENCo aware",
            "family hub stay and play suggested",
        ),
        "brief": (
            "{child} also a bit behind with speech",
            "younger sibling not yet toilet trained and nursery are asking about it",
            "HV has noted some delay in {child}'s play and talking",
        ),
        "ruled_out": (
            "no developmental concerns",
            "{child} meeting milestones",
            "HV has no concerns re development",
        ),
    },
    "EY-PARENT": {
        "topic": ("routines", "feeding and sleep", "{parent}'s confidence as a parent", "bonding"),
        "low": (
            "first time parent, {parent} asking about baby groups and sleep routines",
            "{parent} asking for advice on weaning",
            "{parent} pregnant with second, wants info on local antenatal and baby groups",
            "{parent} finding bedtimes hard with the toddler, would like tips",
        ),
        "mid": (
            "baby not settling, {parent} very tired with no routine in place, HV support needed",
            "{parent} (19) is a new parent with little family support, unsure about feeding and "
            "safe sleep",
            "{child} waking several times a night, {parent} struggling with routines and bedtime",
            "{parent} finding it hard to bond with the baby, HV feels extra support would help",
        ),
        "high": (
            "young parents, baby {n} months, routines chaotic, missed immunisations and HV "
            "contacts [HEALTH-PHYS]",
            "{parent} struggling to manage the baby's feeds and weight has dropped across the "
            "centiles [HEALTH-PHYS]",
            "concealed pregnancy, booked late at 30 wks, {parent} has no equipment and little "
            "support",
            "little play or interaction with the toddler, {child} spends long periods in the "
            "buggy in front of the TV, nursery worried",
        ),
        "red": (
            "baby (8 wks) has a bruise to the cheek that {parent} cannot explain, non-mobile "
            "baby [SAFE-ABUSE]",
            "{parent} told HV they feel like shaking the baby when it cries and cannot cope "
            "[SAFE-ABUSE,HEALTH-ADULT-MH]",
            "toddler found alone in the flat by a neighbour, {parent} out for over an hour "
            "[SAFE-NEGLECT]",
            "{parent} fell asleep drunk while co-sleeping with the baby (6 wks), baby found face "
            "down and ambulance called [SAFE-NEGLECT,SUBST-ADULT]",
        ),
        "better": (
            "baby now in a good routine and sleeping better",
            "{parent} more confident and going to baby group weekly",
            "feeding established, weight back on track",
            "bonding much improved, HV happy",
        ),
        "still": (
            "routines still inconsistent",
            "{parent} still struggling with night times",
            "HV still worried about feeding",
            "{parent} not yet going to the baby group",
        ),
        "who": (
            "HV visiting",
            "family hub baby group offered",
            "midwife involved",
            "parenting course for under 5s suggested",
        ),
        "brief": (
            "{parent} also has a new baby and is finding routines hard",
            "bedtime routine a struggle with the little one too",
            "{parent} pregnant and unsure about coping with a newborn as well",
        ),
        "ruled_out": (
            "baby well cared for, no concerns re parenting",
            "HV has no concerns about routines",
        ),
    },
    "HEALTH-CYP-MH": {
        "topic": ("{child}'s emotional wellbeing", "{child}'s anxiety", "{child}'s mood"),
        "low": (
            "{child} a bit worried about moving to secondary, {parent} wants tips to help",
            "{child} has been tearful since the change of class, school keeping an eye",
            "{parent} asking for info on apps and websites for teen wellbeing",
            "{child} has some worries at bedtime, {parent} wants some ideas",
        ),
        "mid": (
            "{child} anxious about school, stomach aches most mornings, school ELSA sessions "
            "started",
            "low mood for several months, {child} withdrawn and staying in bedroom",
            "{child} struggling with friendships and confidence, school counsellor has a waiting "
            "list",
            "panic attacks in lessons, {child} leaving class to go to the pastoral room",
        ),
        "high": (
            "{child} self-harming (cutting), CAMHS referral made but not accepted, school very "
            "worried",
            "{child} on the CAMHS waiting list for {n} months, low mood and not leaving the house",
            "{child} restricting food and losing weight, GP monitoring and CAMHS referral made "
            "[HEALTH-PHYS]",
            "{child} says life feels pointless, no plan or intent, GP and school aware, CAMHS "
            "triage pending",
        ),
        "red": (
            "{child} took an overdose at the weekend, seen at A&E, and disclosed the self-harm "
            "is because of what {other} does at home [SAFE-ABUSE]",
            "{child} disclosed to the school counsellor that {parent}'s partner touches {child} "
            "at night [SAFE-ABUSE]",
            "{child} (14) missing since last night after posting about wanting to end it "
            "[SAFE-EXPLOIT]",
            "{child} self-harming and told school {parent} locks {child} out of the house "
            "overnight as punishment [SAFE-ABUSE]",
        ),
        "better": (
            "{child} seems much happier, mood lifted",
            "no self-harm for {n} months",
            "{child} now using the coping strategies from ELSA",
            "CAMHS work finished and {child} settled",
        ),
        "still": (
            "{child} still very anxious",
            "still on the CAMHS waiting list",
            "mood still low, school remain worried",
            "self-harm continues, though less often",
        ),
        "who": (
            "school ELSA involved",
            "GP aware",
            "CAMHS referral made",
            "school counsellor seeing {child} weekly",
            "mental health support team in school have offered sessions",
        ),
        "brief": (
            "{child} also quite anxious",
            "school note {child}'s mood is low",
            "{child} has a lot of worries about this too",
        ),
        "ruled_out": (
            "no concerns re {child}'s mental health",
            "{child} presents as happy in school",
            "no self-harm reported",
        ),
    },
    "HEALTH-ADULT-MH": {
        "topic": ("{parent}'s mental health", "{parent}'s wellbeing", "{parent}'s mood"),
        "low": (
            "{parent} feeling a bit low since the baby, asked about local support groups",
            "{parent} stressed juggling work and family, wants info on wellbeing services",
            "{parent} has mild anxiety, managing with GP support",
            "{parent} asked for the talking therapies self-referral info",
        ),
        "mid": (
            "{parent} diagnosed with depression, on meds, finding day to day hard",
            "{parent} has anxiety and struggles to leave the house, missing appts",
            "postnatal depression, HV monitoring, {parent} accepted a talking therapy referral",
            "{parent} low and overwhelmed, struggling to keep on top of things",
        ),
        "high": (
            "{parent} has a long history of depression and anxiety, recent crisis team involvement",
            "{parent} (bipolar) not taking meds, mood very up and down and affecting the children",
            "perinatal mental health team involved, {parent} finding it hard to care for the baby",
            "{parent} self-harming, GP and CMHT involved, children aware",
        ),
        "red": (
            "{parent} expressed thoughts of harming {child} and then themselves, crisis team "
            "called [SAFE-ABUSE]",
            "{parent} in MH crisis and admitted overnight, {child} (6) was left at home alone "
            "[SAFE-NEGLECT]",
            "{parent} very unwell at the home visit, believes {child} is possessed, {child} "
            "frightened [SAFE-ABUSE]",
            "{parent} took an overdose with the children in the house, {child} (5) found "
            "{parent} and rang 999 [SAFE-NEGLECT]",
        ),
        "better": (
            "{parent} says mood is much better",
            "{parent} finished talking therapy and feels more able to cope",
            "meds reviewed and {parent} more stable",
            "{parent} doing the school run again and getting out more",
        ),
        "still": (
            "{parent} still very low",
            "{parent} has not yet engaged with talking therapy",
            "mood still up and down",
            "{parent} still struggling to leave the house",
        ),
        "who": (
            "GP involved",
            "talking therapies referral made",
            "perinatal mental health team aware",
            "CMHT involved",
        ),
        "brief": (
            "{parent} also struggling with low mood",
            "{parent}'s own anxiety is a factor",
            "{parent} has depression",
        ),
        "ruled_out": (
            "{parent} reports mood is fine",
            "no concerns re parental mental health",
            "no MH concerns for {parent}",
        ),
    },
    "HEALTH-PHYS": {
        "topic": ("health appts", "{child}'s health needs", "{child}'s weight", "dental care"),
        "low": (
            "{parent} wants info on healthy eating for the family",
            "{child} due a dental check, {parent} asked about finding an NHS dentist",
            "{child} has eczema, managed with GP, {parent} wants info on support",
            "{parent} asked about local activities to help {child} be more active",
        ),
        "mid": (
            "{child} has asthma, {n} missed asthma reviews, inhaler not always used",
            "{child} overweight, school nurse raised it after the height and weight check",
            "{child} has tooth decay and needs extractions, not seen a dentist for years",
            "{parent} has a long-term health condition that limits what {parent} can do at home",
        ),
        "high": (
            "{child} has type 1 diabetes, poorly controlled, {n} hospital admissions this yr",
            "{child} has missed {n} hospital appts, consultant writing to the GP",
            "{parent} has MS and is often unable to get out of bed, {child} helps with personal "
            "care [FAM-CARER]",
            "{child} very overweight with sleep apnoea, {parent} not attending the weight clinic",
        ),
        "red": (
            "{child}'s insulin not being given, admitted to hospital very unwell, {parent} says "
            "it is {child}'s job now [SAFE-NEGLECT]",
            "{child} has a broken arm, brought to A&E days later, explanation does not fit the "
            "injury [SAFE-ABUSE]",
            "{child} (4) has severe tooth decay and is in pain, untreated despite repeated "
            "advice, very underweight [SAFE-NEGLECT]",
            "{child} with epilepsy left alone in the bath, had a seizure [SAFE-NEGLECT]",
        ),
        "better": (
            "{child} now attending all appts",
            "dental treatment completed",
            "asthma well controlled and reviews up to date",
            "{child}'s weight now stable with the healthy eating plan",
        ),
        "still": (
            "appts still being missed",
            "{child} still waiting for dental treatment",
            "condition still poorly managed at home",
            "{parent} not yet registered with a GP",
        ),
        "who": (
            "school nurse involved",
            "GP aware",
            "community paediatrician involved",
            "hospital team liaising with school",
        ),
        "brief": (
            "{child} has asthma and some appts have been missed",
            "dental care has been missed",
            "{parent} also has ongoing health problems",
        ),
        "ruled_out": (
            "no physical health concerns",
            "{child} fit and well",
            "health needs met, appts up to date",
        ),
    },
    "SUBST-ADULT": {
        "topic": ("{parent}'s drinking", "substance use", "alcohol use at home", "drug use"),
        "low": (
            "{parent} wants info on cutting down on alcohol",
            "{parent} drinks a few glasses of wine most nights to unwind, wants to cut down",
            "{other} smokes cannabis occasionally, not around the children, wants to stop",
            "{parent} worried about drinking more since lockdown, asked about support",
        ),
        "mid": (
            "{parent} drinking daily, says it is to cope with stress, children aware",
            "{other}'s cannabis use is daily and affecting mood and money",
            "{parent} binge drinks at weekends, children stay with nan at those times",
            "{parent} in recovery from alcohol misuse and worried about relapse",
        ),
        "high": (
            "{parent} drinking heavily most days, older child getting the younger ones to school "
            "[FAM-CARER]",
            "{other} using cocaine at weekends, money going on drugs, arguments at home",
            "{parent} using heroin, on a methadone script, irregular pick-ups",
            "{parent} relapsed after {n} months sober and is drinking from the morning",
        ),
        "red": (
            "{parent} found unconscious from drink with {child} (3) alone in the house "
            "[SAFE-NEGLECT]",
            "needles found within reach of {child} (2), {parent} under the influence "
            "[SAFE-NEGLECT]",
            "{parent} drove {child} to school while drunk, staff smelt alcohol and police called "
            "[SAFE-NEGLECT]",
            "{child} disclosed {other} hits {child} after drinking, mark seen on the arm "
            "[SAFE-ABUSE]",
        ),
        "better": (
            "{parent} has cut down and is alcohol free for {n} months",
            "{parent} engaging well with the drug and alcohol service, tests negative",
            "no drinking incidents since the last review",
            "{parent} going to a recovery group weekly",
        ),
        "still": (
            "{parent} still drinking daily",
            "{parent} missed {n} appts with the drug and alcohol service",
            "relapse since the last review",
            "{other} still using and denies it is a problem",
        ),
        "who": (
            "drug and alcohol service involved",
            "GP aware",
            "recovery worker allocated",
            "{parent} self-referred to the alcohol service",
        ),
        "brief": (
            "{parent}'s drinking also a concern",
            "{other} uses cannabis daily",
            "alcohol use at home noted",
        ),
        "ruled_out": (
            "no concerns re drugs or alcohol",
            "{parent} denies drug use",
            "no substance misuse reported",
        ),
    },
    "SUBST-CYP": {
        "topic": ("{child}'s cannabis use", "{child}'s drinking", "{child}'s substance use"),
        "low": (
            "{parent} smelt cannabis on {child}'s clothes and wants advice on talking about drugs",
            "{child} (15) drank alcohol at a party, {parent} wants to know how to talk about it",
            "{parent} asking for info on drug education for {child}",
            "{child} admitted trying cannabis once with friends",
        ),
        "mid": (
            "{child} smoking cannabis most weekends, {parent} worried",
            "{child} came home drunk {n} times this month",
            "{child} found with cannabis in school and suspended for 2 days [EDU-EXCL]",
            "{child} using nitrous oxide with friends at the park",
        ),
        "high": (
            "{child} smoking cannabis daily, spending all money on it, mood changes at home",
            "{child} drinking heavily at weekends, found unconscious at a party and taken to A&E",
            "{child} using cannabis and ketamine, very secretive",
            "{child} (14) using cannabis daily and not going into school [EDU-ATTEND]",
        ),
        "red": (
            "{child} (13) owes a dealer for cannabis and is being made to hold drugs to pay it "
            "back [SAFE-EXPLOIT]",
            "{child} found collapsed after taking pills supplied by older peers, missing "
            "overnight beforehand [SAFE-EXPLOIT]",
            "{child} drinking heavily and disclosed being sexually assaulted at a party by an "
            "adult [SAFE-ABUSE]",
            "{child} (12) being given drugs by an adult male who lets {child} stay at his flat "
            "[SAFE-EXPLOIT]",
        ),
        "better": (
            "{child} says they have stopped using cannabis",
            "{child} engaged with the young people's drug service and cut down",
            "no drinking incidents since the last review",
            "{child} now spending time with different friends and not using",
        ),
        "still": (
            "{child} still using cannabis daily",
            "{child} not engaging with the young people's drug service",
            "{child} came home drunk again at the weekend",
            "use has increased since the last review",
        ),
        "who": (
            "young people's drug and alcohol service offered",
            "school pastoral aware",
            "youth worker doing drugs awareness sessions",
            "school nurse spoke with {child}",
        ),
        "brief": (
            "{child} also smoking cannabis",
            "{child} has been drinking at weekends",
            "some cannabis use by {child}",
        ),
        "ruled_out": (
            "{child} denies any drug use",
            "no concerns re {child} using substances",
            "no drug or alcohol use by {child}",
        ),
    },
    "FAM-CONFLICT": {
        "topic": ("co-parenting", "contact arrangements", "arguments at home"),
        "low": (
            "{parent} and {other} recently separated amicably, want info on helping the children "
            "adjust",
            "{parent} wants info on co-parenting apps to sort out contact",
            "{parent} and partner arguing more since money got tight, want tips on not arguing "
            "in front of the children [FIN-DEBT]",
            "parents separated, {child} sees {other} every other weekend, mostly working well",
        ),
        "mid": (
            "parents separated, ongoing disagreements over contact, {child} caught in the middle",
            "{parent} and {other} argue at handovers, {child} upset after contact",
            "parents arguing frequently, {child} says the shouting is upsetting",
            "contact dispute going through mediation, {parent} finding it stressful",
        ),
        "high": (
            "high conflict separation, court proceedings over child arrangements, {child} "
            "refusing contact",
            "parents still living together but constant arguing, {child} hides in the bedroom, "
            "no physical violence reported",
            "{other} stopped contact suddenly after a row with {parent}, {child} very distressed",
            "parents blame each other for everything and cannot agree on anything about {child}",
        ),
        "red": (
            "{other} threatened to take {child} abroad and hurt {child} if {parent} stops "
            "contact [SAFE-ABUSE,DA]",
            "{child} disclosed that during arguments {parent} and partner have both hit {child} "
            "[SAFE-ABUSE]",
            "at handover {other} pushed {child} (6) into the car and {child} hit {child}'s head, "
            "bruise seen at school [SAFE-ABUSE]",
            "{child} scared to go home because of the rows, unexplained marks on {child}'s arm "
            "[SAFE-ABUSE]",
        ),
        "better": (
            "contact now agreed and working well",
            "parents communicating via an app, far fewer arguments",
            "{parent} says the atmosphere at home is calmer",
            "mediation completed and parents agreed a plan",
        ),
        "still": (
            "disagreements over contact continue",
            "still arguing at handovers",
            "court hearing still pending",
            "{child} still caught in the middle",
        ),
        "who": (
            "mediation service contacted",
            "parenting after separation course offered",
            "school aware of the situation at home",
            "FSW has met both parents separately",
        ),
        "brief": (
            "parents also disagree about contact",
            "some arguing between {parent} and partner",
            "parents recently separated",
        ),
        "ruled_out": (
            "parents get on well",
            "no parental conflict reported",
            "{parent} and {other} co-parent well",
        ),
    },
    "FAM-BEHAVIOUR": {
        "topic": ("{child}'s behaviour at home", "boundaries", "routines and boundaries"),
        "low": (
            "{parent} wants tips on bedtime rows with {child}",
            "{child} answering back and ignoring boundaries, {parent} would like some ideas",
            "{parent} interested in a parenting course for teenagers",
            "{child} won't help around the house and comes in late, {parent} wants advice",
        ),
        "mid": (
            "{child} not following house rules and staying out past curfew, {parent} struggling "
            "with boundaries",
            "{child} has angry outbursts at home, slamming doors and swearing",
            "{parent} says {child} won't do anything asked, constant battles over phones and bed",
            "fighting between the children, {parent} feels out of control",
        ),
        "high": (
            "{parent} says nothing works any more, {child} ignores all boundaries",
            "{child}'s behaviour has escalated to breaking things at home, {parent} at breaking "
            "point",
            "{parent} has done a parenting course but behaviour still very challenging, {parent} "
            "asking for {child} to go into care",
            "daily rows at home, {child} refuses every request and {parent} has given up on rules",
        ),
        "red": (
            "{parent} hit {child} with a belt when {child} refused to go to bed, mark seen at "
            "school [SAFE-ABUSE]",
            "{parent} threw {child} (13) out overnight after a row and {child} slept in a park "
            "[SAFE-NEGLECT]",
            "{child} has gone missing twice after rows at home, found with older males in town "
            "[SAFE-EXPLOIT]",
            "{parent} said if {child} does not behave {parent} will 'batter' {child}, {child} "
            "frightened to go home [SAFE-ABUSE]",
        ),
        "better": (
            "{parent} using the reward chart consistently and behaviour improved",
            "{child} now sticking to curfew",
            "fewer rows at home, {parent} feels back in control",
            "{parent} finished the parenting course and is using the strategies",
        ),
        "still": (
            "behaviour at home still very challenging",
            "{child} still ignoring boundaries",
            "{parent} finding it hard to be consistent",
            "outbursts continue most days",
        ),
        "who": (
            "Heart to Heart course suggested",
            "FSW doing parenting work at home",
            "school pastoral team aware",
            "Incredible Years place offered",
        ),
        "brief": (
            "{parent} also struggling with boundaries at home",
            "some difficult behaviour at home too",
            "rows at home over rules",
        ),
        "ruled_out": (
            "behaviour at home is fine",
            "no behaviour concerns at home",
            "{parent} managing boundaries well",
        ),
    },
    "FAM-CPV": {
        "topic": ("{child}'s aggression towards {parent}", "CPV", "safety at home"),
        "low": (
            "{child} shouts at {parent} when angry and can be verbally abusive, {parent} wants "
            "advice",
            "{child} has started name-calling {parent} when told no, {parent} wants to stop it "
            "escalating",
            "{child} occasionally lashes out verbally at {parent}, {parent} asked for info on "
            "support",
            "{child} has thrown things at {parent} in temper a couple of times",
        ),
        "mid": (
            "{child} has pushed {parent} during arguments, {parent} worried it will get worse",
            "{child} verbally abusive and intimidating towards {parent}, demands money",
            "{child} damaging property at home and threatening {parent} when told no",
            "{parent} walking on eggshells around {child}, {child} has hit {parent} once",
        ),
        "high": (
            "{child} regularly assaults {parent}, police called twice, {parent} frightened of "
            "{child} [CRIME-CYP]",
            "{child} (15) now bigger than {parent}, punched {parent} and smashed doors, younger "
            "siblings scared",
            "CPV escalating, {parent} locks the bedroom door at night out of fear",
            "{child} has threatened {parent} with a knife in a temper, {parent} will not report "
            "it [CRIME-CYP]",
        ),
        "red": (
            "{child} (15) attacked {parent} and a younger sibling, sibling (4) has a head injury "
            "[SAFE-ABUSE,CRIME-CYP]",
            "{parent} retaliated when {child} hit out and punched {child}, injury to the eye "
            "[SAFE-ABUSE]",
            "{child} has threatened to stab the younger siblings, knife found in bedroom "
            "[SAFE-ABUSE,CRIME-CYP]",
            "after a violent incident {child} ran off and has been missing for 24 hrs "
            "[SAFE-EXPLOIT]",
        ),
        "better": (
            "no incidents of violence since the last review",
            "{parent} using the NVR strategies and {child} calmer",
            "{child} and {parent} have a safety plan that is working",
            "{parent} feels safe at home again",
        ),
        "still": (
            "{child} still hitting out at {parent}",
            "another incident at the weekend, {parent} pushed over",
            "{parent} still frightened of {child}",
            "CPV continuing, though less often",
        ),
        "who": (
            "CPV programme referral made",
            "NVR parenting group offered",
            "youth worker working with {child} on anger",
            "school aware and supporting {child}",
        ),
        "brief": (
            "{child} has also pushed {parent} during rows",
            "some aggression from {child} towards {parent}",
            "{child} can be verbally abusive to {parent}",
        ),
        "ruled_out": (
            "no aggression towards {parent}",
            "no CPV reported",
            "{child} not violent at home",
        ),
    },
    "FAM-CARER": {
        "topic": ("{child}'s caring role", "young carer support", "the caring responsibilities"),
        "low": (
            "{child} helps out with younger siblings, {parent} wants info on young carers groups",
            "{child} does some shopping for nan and would like to meet other young carers",
            "{parent} asked about a young carer card for {child}",
            "{child} helps {parent} with medication reminders, no impact on school",
        ),
        "mid": (
            "{child} is a young carer for {parent} who has a chronic illness, tired in school "
            "[HEALTH-PHYS]",
            "{child} caring for a disabled sibling after school most days",
            "{child} doing a lot of the cooking and cleaning while {parent} is unwell",
            "young carer assessment requested, {child} missing out on clubs and friends",
        ),
        "high": (
            "{child} (11) is the main carer for {parent}, helps with personal care and meds, "
            "late to school daily [EDU-ATTEND]",
            "{child} caring for {parent} who has severe MH needs, {child} worried to leave "
            "{parent} alone [HEALTH-ADULT-MH]",
            "{child} missing school to look after younger siblings while {parent} is at hospital "
            "appts [EDU-ATTEND]",
            "{child} has taken on the adult role at home, very tired, no time for friends",
        ),
        "red": (
            "{child} (9) left in sole charge of the baby overnight while {parent} in hospital, no "
            "other adult [SAFE-NEGLECT]",
            "{child} (10) managing {parent}'s controlled drugs, took some by mistake and ended up "
            "in A&E [SAFE-NEGLECT]",
            "{child} caring for {parent} who hits {child} when in pain, bruising seen [SAFE-ABUSE]",
            "{child} (8) alone caring for {parent} after a collapse, no food in the house "
            "[SAFE-NEGLECT]",
        ),
        "better": (
            "{child} going to the young carers group and enjoying it",
            "adult social care package in place so {child} does less",
            "{child} now has time for clubs after school",
            "young carer assessment done and support plan in place",
        ),
        "still": (
            "{child} still doing most of the caring",
            "still no care package for {parent}",
            "{child} still tired and missing out",
            "young carer assessment still outstanding",
        ),
        "who": (
            "young carers service referral made",
            "adult social care contacted re {parent}'s needs",
            "school young carer lead aware",
            "GP aware of {child}'s caring role",
        ),
        "brief": (
            "{child} is also a young carer for {parent}",
            "{child} helps care for a disabled sibling",
            "{child} has some caring responsibilities at home",
        ),
        "ruled_out": (
            "{child} not a young carer",
            "no caring responsibilities",
            "no young carer concerns",
        ),
    },
    "FAM-LOSS": {
        "topic": ("the bereavement", "{child}'s grief", "the loss", "{other} being in prison"),
        "low": (
            "{child}'s grandad died recently, {parent} asking for info on helping children grieve",
            "{parent} wants books to help explain a family death to {child}",
            "{parent} asked about support now {other} is in prison, {child} coping well",
            "{parent} wants to know how to prepare {child} for nan's funeral",
        ),
        "mid": (
            "{child}'s {other} died {n} months ago, {child} asks questions {parent} struggles to "
            "answer",
            "{other} sentenced to {n} yrs in prison, {child} not told the truth yet and {parent} "
            "unsure how to explain",
            "{child}'s nan, who was the main carer, died and {child} now lives with {parent} and "
            "is finding it hard",
            "sibling died last yr, family still grieving with the anniversary coming up",
        ),
        "high": (
            "sudden death of {child}'s {other}, {child} angry and struggling, {parent} not coping "
            "[HEALTH-ADULT-MH]",
            "{child} lost both grandparents and an uncle within a yr, very unsettled",
            "family breakdown, {child} moved between relatives {n} times this yr",
            "{other} in prison for a serious offence, family targeted locally, {child} being "
            "picked on",
        ),
        "red": (
            "since {other} died {child} (7) has been left to fend alone, {parent} drinking and not "
            "getting up [SAFE-NEGLECT,SUBST-ADULT]",
            "{other} released from prison and back in the home with a conviction for offences "
            "against children [SAFE-ABUSE,CRIME-ADULT]",
            "{child} has run away {n} times since the family broke down and was missing for two "
            "nights [SAFE-EXPLOIT]",
            "since the bereavement {parent} has told {child} it was {child}'s fault and has hit "
            "{child} [SAFE-ABUSE]",
        ),
        "better": (
            "{child} talking about the loss more openly",
            "bereavement sessions finished and {child} coping well",
            "{parent} says the family are getting through it together",
            "{child} now visits {other} in prison and is more settled",
        ),
        "still": (
            "{child} still really struggling with the loss",
            "bereavement support still not started",
            "{parent} still unable to talk about it",
            "family still very unsettled",
        ),
        "who": (
            "bereavement charity referral made",
            "school aware and offering a safe space",
            "prison family support worker involved",
            "memory box work done with FSW",
        ),
        "brief": (
            "family also had a bereavement recently",
            "{other} is in prison",
            "{child}'s grandparent died this yr",
        ),
        "ruled_out": ("no recent losses", "no bereavement"),
    },
    "SAFE-ABUSE": {
        "topic": ("physical chastisement", "the worries about harm at home", "{child}'s safety"),
        "low": (
            "{parent} admits smacking {child} occasionally when at breaking point, wants to learn "
            "other ways",
            "{parent} says there is a lot of shouting and name-calling at {child} when stressed, "
            "wants to stop",
            "HV saw {parent} handle the toddler roughly at clinic, advice given and {parent} "
            "receptive",
            "{parent} uses smacking as the main punishment, open to advice on alternatives",
        ),
        "mid": (
            "{child} says {parent} smacks when cross, no marks seen, {parent} accepts this",
            "harsh verbal chastisement, {child} often told they are useless",
            "{child} says {parent} grabs {child}'s arm when angry, no marks seen",
            "emotional harm concerns, {child} frequently criticised and blamed at home",
        ),
        "high": (
            "school have logged {child} flinching and being fearful of going home, no disclosure",
            "{child} scapegoated at home, kept in the bedroom and not allowed to eat with the "
            "family",
            "{child} frightened of {parent}'s partner, says there is shouting and grabbing, no "
            "marks seen",
            "{parent} uses physical punishment regularly and says it did them no harm, not "
            "willing to change",
        ),
        "red": (
            "{child} disclosed that {parent}'s partner hit {child} with a belt last night, marks "
            "visible",
            "{child} (9) has a hand-shaped bruise on the cheek and says {parent} did it",
            "{child} disclosed sexual abuse by an uncle who visits the home",
            "{parent} threatened to kill {child} during a row witnessed by a neighbour",
            "non-mobile baby with a bruise to the ear and no explanation",
        ),
        "better": (
            "no further marks or disclosures",
            "{parent} no longer using physical chastisement",
            "{child} says things are calmer and feels safe",
            "{parent} completed the course and uses time out instead of smacking",
        ),
        "still": (
            "{child} still says {parent} smacks",
            "school still logging {child}'s fearfulness",
            "{child} still frightened of {parent}'s partner",
            "concerns about emotional harm remain",
        ),
        "who": (
            "DSL aware",
            "school logging any worries",
            "consultation with MASH, advice given",
            "GP aware",
        ),
        "brief": (
            "{parent} admits smacking {child} at times",
            "some worry about harsh physical chastisement",
            "{child} says {parent} shouts and calls {child} names a lot",
        ),
        "ruled_out": (
            "no concerns of abuse",
            "no marks or injuries seen",
            "{child} says they feel safe at home",
        ),
    },
    "SAFE-NEGLECT": {
        "topic": ("home conditions", "basic care", "hygiene", "the home routines"),
        "low": (
            "{parent} wants help getting the house organised after a difficult few months",
            "{child} sometimes in unwashed uniform, school have offered spares",
            "{parent} asked about bed and bedding schemes as {child} has no proper bed",
            "home a bit cluttered, {parent} asking for help with routines and cleaning",
        ),
        "mid": (
            "home conditions poor, dirty dishes and clothes everywhere, {parent} overwhelmed",
            "{child} often hungry at school and has head lice that are not being treated",
            "{child} in dirty clothes most days, school have raised hygiene concerns",
            "{child} (8) getting up alone and making own breakfast most days while {parent} sleeps",
        ),
        "high": (
            "home conditions very poor, dog mess on floors, no clean bedding for the children",
            "{child} regularly smells and is picked on for it, {parent} says there is no money "
            "for washing powder [FIN-DEBT]",
            "health appts missed, {child} hungry, home cluttered and unsafe [HEALTH-PHYS]",
            "cupboards empty at visits, children eating cereal for most meals",
        ),
        "red": (
            "{child} (3) found alone in the home at the visit, {parent} back after 40 mins",
            "home dangerous: exposed wires, no heating, mouldy food, baby sleeping on a soiled "
            "mattress [HOUSING]",
            "{child} (5) found by police walking alone in the street at night, {parent} asleep",
            "{child} collapsed at school, very underweight, says there has been no food at home "
            "for days",
        ),
        "better": (
            "home conditions much improved and kept up",
            "{child} coming to school clean and fed",
            "{parent} keeping to the cleaning routine",
            "no further hygiene concerns from school",
        ),
        "still": (
            "home conditions have slipped again",
            "{child} still arriving hungry and unkempt",
            "{parent} struggling to keep the home clean",
            "school still raising hygiene concerns",
        ),
        "who": (
            "school providing breakfast and spare uniform",
            "FSW working with {parent} on home routines",
            "HV aware of home conditions",
            "bed and bedding scheme referral made",
        ),
        "brief": (
            "home conditions are also a worry",
            "{child} sometimes comes to school hungry",
            "hygiene concerns raised by school",
        ),
        "ruled_out": (
            "home clean and tidy",
            "no neglect concerns",
            "home conditions good",
        ),
    },
    "SAFE-EXPLOIT": {
        "topic": ("{child}'s safety in the community", "the exploitation risk", "risky peers"),
        "low": (
            "{child} has started hanging around with an older group, {parent} wants advice",
            "{child} home later than agreed a few times, {parent} wants to know the signs of "
            "exploitation",
            "{parent} unsure about {child}'s new older friends, asked for advice",
            "{child} late home twice, said was at a friend's, {parent} a bit uneasy",
        ),
        "mid": (
            "{child} associating with older peers known to police, new clothes unexplained",
            "{child} came home after midnight {n} times, vague about where",
            "{child} has a second phone that {parent} did not buy",
            "{child} late home from school by several hours twice, won't say where",
        ),
        "high": (
            "{child} coming home in the early hours {n} times this month, tired and won't say "
            "where",
            "CCE concerns, {child} found in another town with cash and 2 phones",
            "{child} has an older boyfriend (19) {parent} is uneasy about, exploitation screening "
            "done",
            "{child} associating with a group linked to drug dealing, exploitation screening "
            "scored medium",
        ),
        "red": (
            "{child} missing for 3 days, found in a flat used for dealing in another county, "
            "injuries",
            "{child} (14) disclosed being made to have sex with older males for alcohol",
            "{child} currently missing, last seen getting into a car with adult males, phone off",
            "{child} stabbed in the leg over a drug debt, refuses to say more and is back with "
            "the same group",
        ),
        "better": (
            "no missing episodes since the last review",
            "{child} has distanced from the older group",
            "{child} going to a youth project and home on time",
            "exploitation risk now assessed as low",
        ),
        "still": (
            "{child} still staying out late without saying where",
            "still associating with the older group",
            "risk remains high at the last exploitation review",
            "{child} still coming home with unexplained money",
        ),
        "who": (
            "exploitation screening completed",
            "police missing team aware",
            "youth worker doing exploitation work with {child}",
            "return home interviews done",
        ),
        "brief": (
            "{child} has also been mixing with older peers",
            "{child} has come home late with no explanation",
            "some worries about {child}'s older friends",
        ),
        "ruled_out": (
            "no missing episodes",
            "no concerns re exploitation",
            "{child} home on time, no risky friendships",
        ),
    },
    "SAFE-ONLINE": {
        "topic": ("online safety", "{child}'s internet use", "screen time", "{child}'s phone use"),
        "low": (
            "{parent} wants advice on parental controls for {child}'s new phone",
            "{child} on the console late at night, {parent} asking for tips on screen time",
            "{parent} asked for info on online safety after {child} joined a new app",
            "{child} spending a lot of time on social media, {parent} unsure what is normal",
        ),
        "mid": (
            "{child} gaming until 3am, tired in school, rows when {parent} takes the console",
            "{child} added to group chats sharing inappropriate content, school aware",
            "{child} being bullied on social media, upset most evenings",
            "{child} talking to people {child} doesn't know in online games",
        ),
        "high": (
            "{child} shared a nude image with a peer which has gone round school",
            "{child} (12) talking to an unknown adult online who sends gifts, {parent} only just "
            "found out",
            "excessive internet use, {child} hasn't left the bedroom in weeks apart from meals "
            "and is refusing school [EDU-ATTEND]",
            "{child} viewing self-harm content online, school worried [HEALTH-CYP-MH]",
        ),
        "red": (
            "{child} (12) sent images to an adult online who is now threatening to share them "
            "unless {child} sends more [SAFE-EXPLOIT]",
            "{child} has arranged to meet an adult met online this evening, police informed "
            "[SAFE-EXPLOIT]",
            "{child} being groomed online by an adult who has sent train tickets to meet "
            "[SAFE-EXPLOIT]",
            "indecent images of {child} found on {parent}'s partner's phone [SAFE-ABUSE]",
        ),
        "better": (
            "parental controls now set up and used",
            "{child} off devices at 9pm as agreed",
            "{child} did the online safety work and understands the risks",
            "no further online incidents",
        ),
        "still": (
            "{child} still gaming through the night",
            "{child} back on the app",
            "{parent} still not using parental controls",
            "more messages from unknown accounts",
        ),
        "who": (
            "school online safety lead involved",
            "online safety sessions with FSW",
            "police advised on reporting",
            "{parent} shown how to set parental controls",
        ),
        "brief": (
            "{child} also spends a lot of time online at night",
            "some worries about {child}'s social media use",
            "{child} gaming late most nights",
        ),
        "ruled_out": (
            "no online safety concerns",
            "parental controls in place, no issues online",
        ),
    },
    "CRIME-CYP": {
        "topic": ("{child}'s offending", "ASB", "police contact", "{child}'s behaviour in town"),
        "low": (
            "{child} in a group spoken to by PCSO about noise at the park",
            "{parent} wants info on youth activities to keep {child} busy and out of trouble",
            "{child} caught shoplifting sweets, shop dealt with it, {parent} wants advice",
            "neighbour complained about {child} kicking a ball at cars, {parent} has spoken to "
            "{child}",
        ),
        "mid": (
            "{child} received an ASB warning letter after incidents at the park",
            "{child} arrested for shoplifting, community resolution given",
            "{child} involved in criminal damage with friends, police visited home",
            "{child} given a youth caution for a fight outside school",
        ),
        "high": (
            "{child} on a referral order with YJS after an assault",
            "{child} arrested {n} times this yr, stealing cars with older peers",
            "{child} found carrying a knife, says it is for protection",
            "ASB escalating, tenancy warning issued because of {child}'s behaviour [HOUSING]",
        ),
        "red": (
            "{child} arrested in a drugs raid in another county with a knife and drugs, missing "
            "beforehand [SAFE-EXPLOIT]",
            "{child} (13) under threat of serious harm from a rival group after a fight, has "
            "been chased with a machete [SAFE-EXPLOIT]",
            "{child} told the YJS worker older males made {child} do the burglary and threatened "
            "the family [SAFE-EXPLOIT]",
            "{child} in custody overnight and {parent} refused to collect, says {child} is not "
            "welcome home, nowhere safe to go [SAFE-NEGLECT]",
        ),
        "better": (
            "no further police contact since the last review",
            "{child} completed the referral order",
            "{child} now going to a boxing club and staying out of trouble",
            "ASB warnings have stopped",
        ),
        "still": (
            "{child} arrested again last week",
            "ASB complaints continuing",
            "{child} still hanging around with the same group",
            "further police contact since the last review",
        ),
        "who": (
            "YJS involved",
            "PCSO visiting",
            "youth worker engaging {child}",
            "police prevention team aware",
        ),
        "brief": (
            "{child} has also had some police contact",
            "{child} given an ASB warning recently",
            "{child} was involved in shoplifting",
        ),
        "ruled_out": (
            "no police contact",
            "no ASB or offending",
            "{child} not known to police",
        ),
    },
    "CRIME-ADULT": {
        "topic": ("{parent}'s offending", "{other}'s release", "ASB complaints", "police callouts"),
        "low": (
            "{other} on a community order, attending well, family want info on support",
            "{parent} had a warning from the housing officer about noise from parties",
            "{other} has an old conviction and wants advice on what the children should be told",
            "{parent} worried about a court fine for a minor offence",
        ),
        "mid": (
            "{other} due for release from prison next month, {parent} unsure about the return home",
            "{parent} on probation for shoplifting",
            "neighbour dispute, police called {n} times, {parent} given an ASB warning",
            "{parent}'s partner has a history of offending, recently released on licence",
        ),
        "high": (
            "{parent} arrested for drug supply and awaiting court",
            "{other} recently released from custody for violent offences and living with the "
            "family",
            "{parent} facing a custodial sentence with no plan for the children's care",
            "{n} police visits for ASB at the address, landlord threatening to end the tenancy "
            "[HOUSING]",
        ),
        "red": (
            "{parent} arrested and {child} (4) was left home alone, found by police [SAFE-NEGLECT]",
            "{other}, a registered sex offender, has moved back into the home without telling "
            "anyone [SAFE-ABUSE]",
            "drugs being dealt from the home and {child} used to hold them [SAFE-EXPLOIT]",
            "{parent}'s partner threatened to hurt {child} if {parent} goes to police [SAFE-ABUSE]",
        ),
        "better": (
            "{other} has settled back home and kept to licence conditions",
            "no further police callouts",
            "{parent} completed the community order",
            "ASB complaints have stopped",
        ),
        "still": (
            "police called again since the last review",
            "{parent} still awaiting court",
            "{other} breached licence conditions",
            "ASB complaints continue",
        ),
        "who": (
            "probation involved",
            "police neighbourhood team aware",
            "housing officer involved re ASB",
            "prison resettlement worker in touch",
        ),
        "brief": (
            "{other} also recently released from prison",
            "{parent} on probation",
            "police have been called for ASB at the address",
        ),
        "ruled_out": ("no police involvement with the adults", "no offending by the adults"),
    },
    "DA": {
        "topic": ("safety from DA", "{parent}'s safety", "the relationship with the ex-partner"),
        "low": (
            "{parent} left an abusive relationship years ago and wants info on healthy "
            "relationships courses",
            "{parent} asking about the Freedom Programme",
            "historical DV, no contact with the ex now, {parent} wants to understand the impact "
            "on {child}",
            "ex sometimes sends nasty texts, {parent} has blocked the number and wants advice",
        ),
        "mid": (
            "{parent} in a controlling relationship, partner checks phone and money",
            "ex-partner turning up at the house shouting, {parent} has called police once",
            "DA notification from police, verbal argument, children asleep upstairs",
            "historic DV, ex now has contact with {child} and uses it to control {parent}",
        ),
        "high": (
            "{n} police callouts for DA this yr, {child} present at the last one",
            "DASH medium risk, {parent} still in contact with the perpetrator",
            "{parent}'s partner physically assaults {parent}, {child} hears it from the bedroom",
            "{other} is the perpetrator of DA and on the waiting list for a perpetrator programme",
            "{parent} recently fled DV and the ex has breached the non-molestation order",
        ),
        "red": (
            "ex-partner strangled {parent} last night in front of {child}, {child} tried to "
            "intervene and was pushed down the stairs [SAFE-ABUSE]",
            "partner threatened to kill {parent} and the children, has access to weapons "
            "[SAFE-ABUSE]",
            "{child} hurt during a DA incident, cut to the head from a thrown glass [SAFE-ABUSE]",
            "{parent} fled with the children, perpetrator has found the address and threatened "
            "to take and hurt the children [SAFE-ABUSE,HOUSING]",
        ),
        "better": (
            "{parent} has completed the Freedom Programme",
            "no further incidents since the non-molestation order",
            "{parent} feels safe and has a safety plan",
            "no contact with the ex-partner now",
        ),
        "still": (
            "further police callouts since the last review",
            "{parent} back in contact with the perpetrator",
            "ex-partner still harassing {parent}",
            "risk still high, MARAC review pending",
        ),
        "who": (
            "IDVA involved",
            "police aware",
            "DA service outreach worker allocated",
            "safety plan done with {parent}",
        ),
        "brief": (
            "there is also historic DV",
            "{parent} also reports a controlling ex-partner",
            "police DA notification received last month",
        ),
        "ruled_out": ("no DA reported", "{parent} denies any DV", "no DA concerns"),
    },
    "HOUSING": {
        "topic": ("housing", "the housing situation", "the tenancy", "accommodation"),
        "low": (
            "{parent} wants info about moving to a bigger property",
            "family on the housing register for a bigger home, managing for now",
            "damp in the bathroom, {parent} has reported it to the landlord and wants advice",
            "{parent} asked about help with a tenancy question",
        ),
        "mid": (
            "family overcrowded in a 2 bed flat, {child} sharing a room with {n} siblings",
            "damp and mould in the children's bedroom, landlord not responding",
            "{parent} has been served a no-fault eviction notice and needs advice",
            "living with relatives since the relationship ended, sofa surfing at times",
        ),
        "high": (
            "family in temporary accommodation (one room) for {n} months, {child} far from school",
            "facing eviction for rent arrears, court date set [FIN-DEBT]",
            "mould throughout the property and {child}'s asthma getting worse [HEALTH-PHYS]",
            "family made homeless and staying in a B&B with shared facilities",
        ),
        "red": (
            "family evicted today with nowhere to stay tonight, {parent} says they will sleep in "
            "the car with the baby [SAFE-NEGLECT]",
            "no heating or working electrics, baby (3 months) in hospital with a chest infection "
            "[SAFE-NEGLECT]",
            "in temporary accommodation another resident has been going into the children's "
            "room, {child} disclosed being touched [SAFE-ABUSE]",
            "home found unsafe with broken glass, exposed wiring and no food, {child} (2) alone "
            "in the flat [SAFE-NEGLECT]",
        ),
        "better": (
            "family moved into a suitable home",
            "repairs done and the damp sorted",
            "tenancy secure now the arrears plan is agreed",
            "family settled in the new property",
        ),
        "still": (
            "still in temporary accommodation",
            "landlord still not done the repairs",
            "eviction still going ahead",
            "still overcrowded, no offer yet",
        ),
        "who": (
            "housing options team involved",
            "landlord contacted",
            "environmental health asked to inspect",
            "housing support worker allocated",
        ),
        "brief": (
            "housing also an issue, {n} to a bedroom",
            "damp in the property",
            "family are on the housing register",
        ),
        "ruled_out": ("housing stable", "no housing concerns", "family settled in their home"),
    },
    "FIN-DEBT": {
        "topic": ("money", "debts", "the finances", "the UC claim"),
        "low": (
            "{parent} asked about help with the cost of living, e.g. uniform grants",
            "{parent} wants info on free school meals",
            "{parent} wants help to budget better",
            "{parent} asked about the Healthy Start scheme",
        ),
        "mid": (
            "{parent} in rent and council tax arrears",
            "UC sanctioned, {parent} using a food bank",
            "struggling with energy bills, pre-payment meter often empty",
            "debts to catalogues and friends, {parent} not opening post",
        ),
        "high": (
            "UC stopped, {parent} has had no income for {n} wks, using food banks weekly",
            "bailiffs have visited for council tax debt",
            "debts over {n}0k, {parent} borrowing from an unlicensed lender",
            "fuel poverty, no gas for {n} days, children cold",
        ),
        "red": (
            "no food or electricity in the home for days, {child} (2) hungry and cold, {parent} "
            "not seeking help [SAFE-NEGLECT]",
            "loan shark threatened {parent} and said they know where {child} goes to school "
            "[SAFE-ABUSE]",
            "{parent} sent {child} (13) to collect money from a dealer to pay a debt "
            "[SAFE-EXPLOIT]",
            "children going without meals for days, {child} fainted at school from hunger "
            "[SAFE-NEGLECT]",
        ),
        "better": (
            "debts now on a payment plan",
            "UC sorted and paid on time",
            "{parent} managing the budget",
            "no longer using the food bank",
        ),
        "still": (
            "arrears still growing",
            "UC still not sorted",
            "{parent} still using the food bank",
            "{parent} still not opening post",
        ),
        "who": (
            "debt advice referral made",
            "Citizens Advice appt booked",
            "food bank voucher given",
            "help with the UC claim via the job centre",
        ),
        "brief": (
            "money is tight",
            "also some rent arrears",
            "family using the food bank at times",
        ),
        "ruled_out": ("no money worries", "finances stable"),
    },
    "FIN-WORK": {
        "topic": ("employment", "work", "{parent}'s job search"),
        "low": (
            "{parent} wants info on training courses to get back into work",
            "{parent} would like to return to work when {child} starts school",
            "{parent} asked about childcare support to help with working hrs",
            "{parent} working part-time and wants more hours",
        ),
        "mid": (
            "{parent} lost job {n} months ago and is looking for work",
            "{parent} on UC and needs help with CV and interviews",
            "{other}'s hours cut, at risk of redundancy",
            "{parent} has not worked for years and lacks confidence",
        ),
        "high": (
            "both parents out of work for over a yr, no qualifications",
            "{parent} long-term unemployed, {n} jobs lost because of childcare problems",
            "{parent} lost job after sickness absence and has no plan",
            "{parent} sanctioned for missing job centre appts [FIN-DEBT]",
        ),
        "red": (
            "{parent} working night shifts and leaving {child} (5) and the baby alone overnight "
            "[SAFE-NEGLECT]",
            "{parent} has {child} (12) working cash in hand for an adult who has been seen "
            "hitting {child} [SAFE-ABUSE,SAFE-EXPLOIT]",
            "since losing work {parent} has been drinking and hit {child}, bruise seen by school "
            "[SAFE-ABUSE,SUBST-ADULT]",
            "{parent} out working and {child} (6) left alone after school until 8pm [SAFE-NEGLECT]",
        ),
        "better": (
            "{parent} started a new job",
            "{parent} on a training course",
            "{parent} has work {n} days a week",
            "{parent} volunteering to build confidence",
        ),
        "still": (
            "{parent} still out of work",
            "no job applications made",
            "{parent} missed the job centre appt",
            "job search on hold due to childcare",
        ),
        "who": (
            "job centre work coach involved",
            "employment support worker allocated",
            "adult learning course suggested",
            "family hub job club suggested",
        ),
        "brief": ("{parent} also out of work", "{parent} looking for work", "{other} lost job"),
        "ruled_out": ("{parent} in work", "no employment concerns"),
    },
}

# Related issues: a second code often written into the same note.
_RELATED: dict[str, tuple[str, ...]] = {
    "EDU-ATTEND": (
        "HEALTH-CYP-MH",
        "EDU-SEND",
        "FAM-CARER",
        "HEALTH-ADULT-MH",
        "EDU-EXCL",
        "FAM-BEHAVIOUR",
    ),
    "EDU-EXCL": ("FAM-BEHAVIOUR", "EDU-SEND", "EDU-ATTEND", "CRIME-CYP", "HEALTH-CYP-MH"),
    "EDU-SEND": ("EDU-EXCL", "HEALTH-CYP-MH", "FAM-BEHAVIOUR", "EDU-ATTEND", "HEALTH-PHYS"),
    "EDU-NEET": ("HEALTH-CYP-MH", "SUBST-CYP", "CRIME-CYP", "FIN-DEBT", "FAM-BEHAVIOUR"),
    "EY-DEV": ("EY-PARENT", "HEALTH-PHYS", "HEALTH-ADULT-MH", "HOUSING"),
    "EY-PARENT": ("HEALTH-ADULT-MH", "EY-DEV", "FIN-DEBT", "HOUSING", "FAM-CONFLICT"),
    "HEALTH-CYP-MH": ("EDU-ATTEND", "FAM-LOSS", "SAFE-ONLINE", "FAM-CONFLICT", "EDU-SEND"),
    "HEALTH-ADULT-MH": ("FIN-DEBT", "EY-PARENT", "FAM-CARER", "SUBST-ADULT", "DA"),
    "HEALTH-PHYS": ("FAM-CARER", "FIN-DEBT", "HOUSING", "EDU-ATTEND"),
    "SUBST-ADULT": ("HEALTH-ADULT-MH", "DA", "FIN-DEBT", "CRIME-ADULT", "FAM-CONFLICT"),
    "SUBST-CYP": ("CRIME-CYP", "FAM-BEHAVIOUR", "EDU-EXCL", "HEALTH-CYP-MH", "SAFE-EXPLOIT"),
    "FAM-CONFLICT": ("FAM-BEHAVIOUR", "HEALTH-CYP-MH", "FIN-DEBT", "HOUSING"),
    "FAM-BEHAVIOUR": ("EDU-EXCL", "FAM-CPV", "SAFE-ONLINE", "FAM-CONFLICT", "HEALTH-CYP-MH"),
    "FAM-CPV": ("FAM-BEHAVIOUR", "DA", "CRIME-CYP", "EDU-SEND", "SUBST-CYP"),
    "FAM-CARER": ("HEALTH-ADULT-MH", "HEALTH-PHYS", "EDU-ATTEND", "SUBST-ADULT"),
    "FAM-LOSS": ("HEALTH-CYP-MH", "HEALTH-ADULT-MH", "FIN-DEBT", "CRIME-ADULT"),
    "SAFE-ABUSE": ("DA", "FAM-BEHAVIOUR", "SUBST-ADULT", "HEALTH-ADULT-MH"),
    "SAFE-NEGLECT": ("HOUSING", "FIN-DEBT", "SUBST-ADULT", "HEALTH-ADULT-MH", "EDU-ATTEND"),
    "SAFE-EXPLOIT": ("CRIME-CYP", "SUBST-CYP", "EDU-ATTEND", "SAFE-ONLINE", "EDU-EXCL"),
    "SAFE-ONLINE": ("HEALTH-CYP-MH", "FAM-BEHAVIOUR", "EDU-ATTEND"),
    "CRIME-CYP": ("SUBST-CYP", "EDU-EXCL", "SAFE-EXPLOIT", "FAM-BEHAVIOUR"),
    "CRIME-ADULT": ("SUBST-ADULT", "DA", "HOUSING", "FIN-WORK"),
    "DA": ("HEALTH-ADULT-MH", "HOUSING", "FAM-CONFLICT", "HEALTH-CYP-MH", "SUBST-ADULT"),
    "HOUSING": ("FIN-DEBT", "HEALTH-PHYS", "FAM-CONFLICT", "DA"),
    "FIN-DEBT": ("FIN-WORK", "HOUSING", "HEALTH-ADULT-MH"),
    "FIN-WORK": ("FIN-DEBT", "HEALTH-ADULT-MH", "HOUSING"),
}

# ---------------------------------------------------------------------------------------
# Generic parts (they must not describe any issue, so they add no code).
# ---------------------------------------------------------------------------------------

# Openings end with "." (next part starts a sentence), ":" or " -" (it continues).
_OPENINGS: dict[str, tuple[str, ...]] = {
    "assessment": (
        "home visit with {parent}.",
        "discussed at the EHA with {parent} and {child}.",
        "referral from school.",
        "HV referral.",
        "per school DSL:",
        "{parent} self-referred via the Family Support Line.",
        "phone call with {parent} -",
        "seen at the family hub.",
        "EHA mtg at school.",
        "info from GP:",
        "step-down from CSC.",
        "school report:",
        "triage at first visit:",
    ),
    "review": (
        "TAF review.",
        "review mtg with {parent}.",
        "6 wk review:",
        "TAF mtg -",
        "update at review:",
        "reviewed with the family.",
        "since the last TAF:",
        "progress update -",
        "mid-point review with {parent} and school.",
    ),
    "closure": (
        "closure triage.",
        "at closure:",
        "closing summary -",
        "final TAF.",
        "closure review with {parent}.",
        "repeat triage at closure:",
        "end of plan review:",
        "closing visit with {parent}.",
    ),
}

_WHO_GENERIC = (
    "school aware",
    "FSW involved",
    "HV aware",
    "GP aware",
    "school pastoral lead is LP",
    "family hub worker involved",
    "LP is the school SENCo",
    "TA at school is a good support for {child}",
)

_VIEWS: dict[str, dict[str, tuple[str, ...]]] = {
    "assessment": {
        "pos": (
            "{parent} keen for support",
            "{parent} happy with the plan",
            "family engaging well",
            "{parent} open to advice",
            "{parent} feels able to manage with some info",
            "{parent} says this is the main worry for now",
            "{child} happy for school to help",
            "{parent} consented to the EHA and sharing with school",
        ),
        "mixed": (
            "{parent} agrees there is a problem but feels judged",
            "{parent} reluctant but has consented to the EHA",
            "{parent} feels nothing has worked so far",
            "{other} not engaging, {parent} doing it alone",
            "{child} doesn't want to talk about it",
            "{parent} at breaking point",
            "{parent} wants help but struggles to keep appts",
            "{child} says they want things to change at home",
        ),
        "red": (
            "{parent} not told yet on advice from MASH",
            "{parent} minimising the concerns",
            "{parent} upset but cooperating",
            "{child} very frightened",
            "{parent} denies the concerns",
            "{child} says they do not want to go home",
        ),
    },
    "progress": {
        "pos": (
            "{parent} says things feel much better",
            "{parent} feels confident to carry on without us",
            "{parent} pleased with the support",
            "{child} says home is calmer",
            "{parent} agrees with closing",
            "family feel the plan has worked",
            "{child} proud of how things have gone",
        ),
        "mixed": (
            "{parent} feels more support is still needed",
            "{parent} has missed the last {n} visits",
            "{parent} says nothing has changed",
            "{other} still not engaging",
            "{child} not keen on the plan",
            "{parent} finding it hard to keep going with the actions",
        ),
        "red": (
            "{parent} disputes the concerns",
            "{parent} upset but accepts the referral",
            "{child} wants to stay with nan for now",
            "{parent} not yet informed on police advice",
        ),
    },
}

_NEXT: dict[str, dict[str, tuple[str, ...]]] = {
    "assessment": {
        "blue": (
            "signposted to the family hub website",
            "info leaflet given, no further action",
            "{parent} to self-refer if needed",
            "given details of the local drop-in",
            "advice given, family will manage themselves",
            "NFA, info shared with {parent}",
        ),
        "green": (
            "school to monitor and review at half term",
            "HV to follow up at next contact",
            "GP aware, universal support for now",
            "school pastoral to keep an eye",
            "school to check in with {parent} in 4 wks",
            "universal services to support, review next term",
        ),
        "yellow": (
            "FSW allocated for {weeks} wks",
            "EHA opened, plan agreed with {parent}",
            "referral to a parenting course",
            "review in 6 wks",
            "single agency support via school, review at TAF",
            "LP to be the school pastoral lead",
        ),
        "orange": (
            "TAF mtg to be arranged",
            "TSO to work alongside the LP",
            "multi-agency plan agreed",
            "consider step-up if no progress in 6 wks",
            "referral to Targeted Support made",
            "TAF booked for next week with school, health and FSW",
        ),
        "red": (
            "MASH referral made today",
            "DSL informed, referral to MASH",
            "discussed with CSC duty SW, threshold met",
            "police informed and MASH referral submitted",
            "strategy discussion requested",
            "stepping up to CSC",
        ),
    },
    "review": {
        "blue": (
            "plan to end EH at the next review",
            "family to carry on with the strategies",
            "last actions agreed, light touch until the next review",
        ),
        "green": (
            "universal services to continue",
            "plan to step down to school at the next review",
            "school to keep monitoring",
        ),
        "yellow": (
            "continue the plan for another {weeks} wks",
            "actions updated at TAF",
            "FSW to continue weekly visits",
        ),
        "orange": (
            "TAF to meet again in 4 wks",
            "TSO support extended",
            "escalation considered if no change",
            "multi-agency plan revised",
        ),
        "red": (
            "stepped up to CSC",
            "MASH referral made following the review",
            "EH on hold pending strategy discussion",
            "referred to MASH today",
        ),
    },
    "closure": {
        "blue": (
            "closing, family managing themselves now",
            "closed positively, no further EH needed",
            "closing - family know how to get help again",
            "closed, signposting info left with {parent}",
        ),
        "green": (
            "closing to universal services",
            "closing, school and HV will continue to support",
            "closed positively, school to monitor",
            "closing with GP and school support in place",
        ),
        "yellow": (
            "closing with single agency support continuing",
            "closing, outstanding actions passed to school",
            "closing, stepped down to school-led support",
            "closed, {parent} will contact FSL if needed",
        ),
        "orange": (
            "closing as {parent} has disengaged",
            "closing, transferred to a specialist service",
            "closing, stepped down but needs remain",
            "closing, family declined further support",
        ),
        "red": (
            "closing to EH, stepped up to CSC",
            "escalated to MASH, EH closed",
            "EH closed, case transferred to CSC and SW allocated",
            "closing - escalated following strategy discussion",
        ),
    },
}

# Progress wrappers for reviews and closures, by the band the issue is in now.
_WRAP: dict[str, tuple[str, ...]] = {
    "blue": (
        "{parent} now managing {topic} independently",
        "{topic} no longer a worry for the family",
        "family managing {topic} themselves now",
        "no support needed with {topic} now",
        "{parent} feels on top of {topic}",
    ),
    "green": (
        "{topic} much improved, just needs keeping an eye on",
        "{topic} better and sustained for {weeks} wks",
        "good progress with {topic}",
        "{topic} improved, school aware",
    ),
    "yellow": (
        "some progress with {topic} but not consistent yet",
        "{topic} a bit better but still needs work",
        "mixed progress with {topic}",
        "{topic} improving slowly",
    ),
    "orange": (
        "{topic} still a significant concern",
        "little progress with {topic} despite support",
        "{topic} got worse since the last review",
        "{topic} still the main concern",
    ),
}

_RECAP = (
    "originally referred re {topic}",
    "at assessment the main worry was {topic}",
    "{topic} was the focus of the plan",
    "plan set up around {topic}",
)

# Red at review/closure: what has changed.
_RED_LEAD = (
    "new concern since the last review:",
    "concerns escalated -",
    "since the last TAF",
    "new info from school:",
    "",
)

# A safeguarding concern written into a yellow/orange box (about 3% of those).
_SAFE_INSERTS = (
    "{child} disclosed to TA that {parent}'s partner hit {child} with a belt last night, red "
    "marks on the leg [SAFE-ABUSE]",
    "unexplained bruising to {child}'s upper arm seen in PE, {child} would not say how it "
    "happened [SAFE-ABUSE]",
    "{child} said {other} threatened to 'break {child}'s neck' if {child} told anyone about "
    "home [SAFE-ABUSE]",
    "neighbour found {child} (4) alone in the flat in the evening, {parent} out for hours "
    "[SAFE-NEGLECT]",
    "{child} went missing overnight at the weekend and is still not back, phone off [SAFE-EXPLOIT]",
    "{parent} said at the visit 'one day I'll hurt {child}' and would not discuss it [SAFE-ABUSE]",
    "{child} disclosed that an older cousin has been touching {child} when babysitting "
    "[SAFE-ABUSE]",
    "{child} (2) left alone in the bath while {parent} was downstairs, found by a sibling "
    "slipping under [SAFE-NEGLECT]",
)
_SAFE_INSERT_LEADS = ("NB", "of note:", "also at this visit", "", "")
_SAFE_ESCALATIONS = (
    "DSL informed and MASH referral made today",
    "discussed with MASH, police informed",
    "referred to MASH same day, {parent} not told on advice",
    "consulted the duty SW, strategy discussion requested",
)

# Common misspellings and note shorthand.
_TYPOS = (
    ("appointment", "appointmnet"),
    ("received", "recieved"),
    ("separated", "seperated"),
    ("because", "becuase"),
    ("their", "thier"),
    ("school", "shcool"),
    ("support", "suport"),
    ("behaviour", "behaviuor"),
    ("attendance", "attendence"),
    ("concerns", "concenrs"),
    ("family", "famliy"),
    ("referral", "referal"),
    ("struggling", "strugling"),
    ("engaging", "enaging"),
    ("arrears", "arears"),
    ("tired", "tierd"),
    ("worried", "woried"),
    ("review", "reveiw"),
    ("n't", "nt"),
    (" the ", " the the "),  # a doubled word
    ("with", "wiht"),
    ("parents", "parnets"),
)
_SHORTHAND = (
    (" and ", " & "),
    (" with ", " w/ "),
    ("appointment", "appt"),
    (" weeks", " wks"),
    (" meeting", " mtg"),
    (" years", " yrs"),
    (" about ", " re "),
    (" because ", " as "),
    (" hours", " hrs"),
    (" months", " mths"),
)

_NUMBERS = (
    ("{n}", 2, 5),
    ("{weeks}", 2, 8),
    ("{pct_ok}", 96, 99),
    ("{pct_hi}", 90, 95),
    ("{pct_mid}", 80, 89),
    ("{pct_low}", 45, 79),
)

_LEVELS = {"blue": "low", "green": "low", "yellow": "mid", "orange": "high", "red": "red"}
_FRAGMENT_LISTS = ("low", "mid", "high", "red", "better", "still", "brief")
_PLAIN_LISTS = ("topic", "who", "ruled_out")

Fragment = tuple[str, tuple[str, ...]]  # (text, codes it adds)


class _Content(NamedTuple):
    topic: tuple[str, ...]
    low: tuple[Fragment, ...]
    mid: tuple[Fragment, ...]
    high: tuple[Fragment, ...]
    red: tuple[Fragment, ...]
    better: tuple[Fragment, ...]
    still: tuple[Fragment, ...]
    who: tuple[str, ...]
    brief: tuple[Fragment, ...]
    ruled_out: tuple[str, ...]


def _parse(raw: str) -> Fragment:
    if raw.endswith("]") and " [" in raw:
        text, tag = raw[:-1].rsplit(" [", 1)
        codes = tuple(tag.split(","))
        unknown = [c for c in codes if c not in CODES]
        if unknown:
            raise ValueError(f"unknown code {unknown} in fragment {raw!r}")
        return text, codes
    return raw, ()


def _build() -> dict[str, _Content]:
    content: dict[str, _Content] = {}
    for code in CODES:
        raw = _RAW[code]
        fields = {name: tuple(_parse(s) for s in raw[name]) for name in _FRAGMENT_LISTS}
        fields.update({name: raw[name] for name in _PLAIN_LISTS})
        content[code] = _Content(**fields)
    return content


_CONTENT = _build()
_LEVEL_INDEX = {"low": 1, "mid": 2, "high": 3, "red": 4}  # field positions in _Content
_SAFE_INSERTS_PARSED = tuple(_parse(s) for s in _SAFE_INSERTS)


# ---------------------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------------------


def _fill(rng: random.Random, text: str, names: tuple[tuple[str, str], ...]) -> str:
    if "{" not in text:
        return text
    for key, value in names:
        if key in text:
            text = text.replace(key, value)
    if "{" in text:
        for key, low, high in _NUMBERS:
            if key in text:
                text = text.replace(key, str(rng.randint(low, high)))
    return text


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _join(rng: random.Random, opening: str, parts: list[str]) -> str:
    out: list[str] = []
    if opening:
        out.append(_capitalise(opening))
        first = parts[0]
        out.append(" " + (_capitalise(first) if opening[-1] == "." else first))
    else:
        out.append(_capitalise(parts[0]))
    for part in parts[1:]:
        roll = rng.random()
        if roll < 0.6:
            out.append(". " + _capitalise(part))
        elif roll < 0.75:
            out.append("; " + part)
        elif roll < 0.87:
            out.append(" - " + part)
        else:
            out.append(", " + part)
    text = "".join(out)
    if rng.random() < _P_FINAL_STOP:
        text += "."
    return text


def _roughen(rng: random.Random, text: str) -> str:
    """Note-taking habits: shorthand, and now and then a typo."""
    if rng.random() < _P_SHORTHAND:
        start = rng.randrange(len(_SHORTHAND))
        for i in range(len(_SHORTHAND)):
            full, short = _SHORTHAND[(start + i) % len(_SHORTHAND)]
            if full in text:
                text = text.replace(full, short, 1)
                break
    if rng.random() < _P_TYPO:
        start = rng.randrange(len(_TYPOS))
        for i in range(len(_TYPOS)):
            right, wrong = _TYPOS[(start + i) % len(_TYPOS)]
            if right in text:
                text = text.replace(right, wrong, 1)
                break
    return text


def _add(codes: list[str], more: tuple[str, ...]) -> None:
    for code in more:
        if code not in codes:
            codes.append(code)


def _progress(rng: random.Random, content: _Content, band: str) -> list[Fragment]:
    """The need at review or closure, as progress for the band it is in now."""
    if band in ("blue", "green") or (band == "yellow" and rng.random() < 0.5):
        picks = [rng.choice(content.better)]
    else:
        picks = [rng.choice(content.still)]
    if rng.random() < 0.75:
        topic = rng.choice(content.topic)
        wrapper = rng.choice(_WRAP[band])
        if "{parent}" in wrapper:
            topic = topic.replace("{parent}'s ", "their ")
        wrapper = wrapper.replace("{topic}", topic)
        if rng.random() < 0.5:
            picks.append((wrapper, ()))
        else:
            picks.insert(0, (wrapper, ()))
    return picks


def narrative(
    rng: random.Random,
    code: str,
    band: str,
    *,
    stage: str = "assessment",
    child: str = "the child",
    parent: str = "mum",
) -> Narrative:
    """One narrative for an issue code in a band. stage is "assessment", "review" or "closure";
    at closure/review the text describes progress (improved, sustained, or still a concern)
    appropriate to the band it is now in (e.g. closure in blue: family managing themselves
    now). band "red" describes a safeguarding-level concern (and then safeguarding is True);
    occasionally (about 3%) a yellow/orange narrative also contains a safeguarding concern
    written into a low band (safeguarding True, plus SAFE-ABUSE or SAFE-NEGLECT etc. among
    codes)."""
    content = _CONTENT.get(code)
    if content is None:
        raise ValueError(f"unknown issue code {code!r}")
    if band not in _LEVELS:
        raise ValueError(f"unknown band {band!r}: choose one of {', '.join(BANDS)}")
    if stage not in _NEXT:
        raise ValueError(f"unknown stage {stage!r}: choose one of {', '.join(STAGES)}")

    other = "mum" if parent.lower() in ("dad", "father", "stepdad") else "dad"
    names = (("{child}", child), ("{parent}", parent), ("{other}", other))
    codes = [code]
    safeguarding = band == "red"
    assessing = stage == "assessment"

    # The need itself.
    core: list[Fragment] = []
    if band == "red":
        fragment = rng.choice(content.red)
        if not assessing:
            lead = rng.choice(_RED_LEAD)
            if lead:
                fragment = (f"{lead} {fragment[0]}", fragment[1])
            if rng.random() < 0.4:
                core.append(rng.choice(content.still))
        core.append(fragment)
    elif assessing:
        pool = content[_LEVEL_INDEX[_LEVELS[band]]]
        core.append(pool[rng.randrange(len(pool))])
    else:
        if rng.random() < 0.3:
            core.append((rng.choice(_RECAP).replace("{topic}", rng.choice(content.topic)), ()))
        core.extend(_progress(rng, content, band))
    for _, more in core:
        _add(codes, more)
    parts = [_fill(rng, text, names) for text, _ in core]
    need_end = len(parts)

    # A related issue or two in the same note.
    optional: list[str] = []
    if rng.random() < _P_SECONDARY:
        related = _RELATED[code]
        second = related[rng.randrange(len(related))]
        picked = [second]
        if rng.random() < _P_THIRD:
            third = related[rng.randrange(len(related))]
            if third != second:
                picked.append(third)
        for extra in picked:
            text, more = rng.choice(_CONTENT[extra].brief)
            if extra not in codes:
                codes.append(extra)
            _add(codes, more)
            optional.append(_fill(rng, text, names))

    # Who is involved or what has been tried.
    if rng.random() < (_P_WHO if assessing else _P_WHO * 0.6):
        who = rng.choice(content.who) if rng.random() < 0.7 else rng.choice(_WHO_GENERIC)
        optional.append(_fill(rng, who, names))

    # The family's view.
    if rng.random() < _P_VIEW:
        views = _VIEWS["assessment" if assessing else "progress"]
        if band == "red":
            tone = "red"
        elif band in ("blue", "green"):
            tone = "pos"
        elif band == "yellow":
            tone = "pos" if rng.random() < 0.5 else "mixed"
        elif assessing:
            tone = "mixed" if rng.random() < 0.8 else "pos"
        else:
            tone = "mixed"
        optional.append(_fill(rng, rng.choice(views[tone]), names))

    # The next step; or, rarely, a safeguarding concern written into a yellow/orange box.
    if band in ("yellow", "orange") and rng.random() < SAFEGUARDING_IN_LOW_BAND:
        text, more = rng.choice(_SAFE_INSERTS_PARSED)
        lead = rng.choice(_SAFE_INSERT_LEADS)
        if lead:
            text = f"{lead} {text}"
        _add(codes, more)
        safeguarding = True
        escalations = _SAFE_ESCALATIONS if assessing else _NEXT[stage]["red"]
        tail = [_fill(rng, text, names), _fill(rng, rng.choice(escalations), names)]
    else:
        tail = [_fill(rng, rng.choice(_NEXT[stage][band]), names)]

    # An issue named only to rule it out (not coded).
    if rng.random() < _P_RULED_OUT:
        ruled = CODES[rng.randrange(len(CODES))]
        if ruled not in codes:
            text = rng.choice(_CONTENT[ruled].ruled_out)
            optional.insert(rng.randrange(len(optional) + 1), _fill(rng, text, names))

    opening = ""
    if rng.random() < _P_OPENING:
        opening = _fill(rng, rng.choice(_OPENINGS[stage]), names)

    # Keep within the length limits: drop optional parts, or add a view if too short. The
    # margin covers separators, the final stop, shorthand and typos.
    def length() -> int:
        return len(opening) + sum(len(p) + 2 for p in parts + optional + tail)

    while length() > MAX_LENGTH - _LENGTH_MARGIN and optional:
        optional.pop()
    if length() > MAX_LENGTH - _LENGTH_MARGIN:
        opening = ""
    while length() < MIN_LENGTH + _LENGTH_MARGIN:
        views = _VIEWS["assessment" if assessing else "progress"]
        optional.append(_fill(rng, rng.choice(views["red" if band == "red" else "pos"]), names))

    text = _join(rng, opening, parts[:need_end] + optional + tail)
    text = _roughen(rng, text)
    return Narrative(text=text, codes=tuple(codes), safeguarding=safeguarding)


if __name__ == "__main__":
    import time

    generator = random.Random(1)  # noqa: S311 - seeded synthetic data  # nosec B311
    started = time.perf_counter()
    for i in range(100_000):
        narrative(generator, CODES[i % len(CODES)], BANDS[i % len(BANDS)], stage=STAGES[i % 3])
    print(f"100,000 narratives in {time.perf_counter() - started:.2f}s")
