# ruff: noqa: E501  (service texts are data: long lines read better unwrapped)
"""Demo directory for Riverton: about 170 services with invented names and fictional addresses.

The kinds of service, and what they do and do not do, follow how services work in England
(facts checked against the project's UK fact sheet, last checked 2026-11-22): anyone may register
with a GP without proof of address or immigration status; A&E and NHS 111 are free for everyone;
NHS services provide interpreters free; council homelessness help is a public fund, so people
with No Recourse to Public Funds are directed to the council's NRPF / Children Act s17 route;
only regulated (IAA-registered or solicitor) advisers may give immigration advice.
Phone numbers are in Ofcom's drama range (0113 496 0xxx); postcodes use the made-up "RV" area.
"""

import datetime

from django.utils import timezone

from bridges.core.demo import DemoContext
from bridges.core.models import Area, Language

from .models import (
    ListingReport,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceChange,
    TaxonomyTerm,
)
from .services import service_index

PLACES = [
    "Northgate",
    "Westfield",
    "Hillside",
    "Brookside",
    "Eastmoor",
    "Canalside",
    "Oakfield",
    "Marsh Lane",
    "Kirkby Vale",
    "Ashgrove",
    "Stonebridge",
    "Fernley",
    "Moorview",
    "Highcross",
    "Elmwood",
    "Larkfield",
    "Thornbury",
    "Greenbank",
    "Cobden",
    "Wharfside",
    "Saltmarsh",
    "Beckside",
    "Rookwood",
    "Foxhill",
]
STREETS = [
    "Canal Street",
    "Millbank Road",
    "Weaver's Row",
    "Foundry Lane",
    "Riverside Walk",
    "Kestrel Avenue",
    "Orchard Way",
    "Chapel Hill",
    "Tannery Yard",
    "Beacon Road",
    "Hawthorn Street",
    "Station Parade",
    "Linden Grove",
    "Copper Lane",
    "Mill Race Road",
    "Bridge End",
    "Quarry Street",
    "Sycamore Close",
]
WEEKDAYS = "MO,TU,WE,TH,FR"
GP_COMPLAINTS = (
    "Speak to the practice manager first. If that does not resolve it, complain to the NHS West "
    "Riverton Integrated Care Board. Healthwatch Riverton can help you complain."
)
COUNCIL_COMPLAINTS = (
    "Use the council's complaints procedure (online, by phone or at the Civic Hall). If you are "
    "still unhappy, you can go to the Local Government and Social Care Ombudsman."
)
CHARITY_COMPLAINTS = "Ask for the complaints policy; every organisation listed here has one."

# (need, how many, organisation name pattern, service name pattern, details)
KINDS: list[tuple[str, int, str, str, dict]] = [
    (
        "gp",
        20,
        "{place} Medical Practice",
        "{place} Medical Practice — registering as a patient",
        {
            "description": "A GP (family doctor) practice. GPs, nurses and pharmacists see patients for "
            "most health problems and refer you to hospital when needed. Registering is free.",
            "eligibility": "Anyone living in the practice area, whatever their nationality or "
            "immigration status. You can register using a temporary address or the practice address if "
            "you are homeless.",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "Nothing is required. If you have them, bring any ID, your NHS number and "
            "a list of your medicines. Not having proof of address or immigration status is not a "
            "reason to refuse you.",
            "does_not_do": "It does not check or report your immigration status, and it does not "
            "charge for GP appointments. It is not for emergencies: call 999 or go to A&E.",
            "complaints": GP_COMPLAINTS,
            "free": True,
            "interpreters": True,
            "hours": [(WEEKDAYS, "08:00", "18:30")],
            "translations": {
                "ar": (
                    "عيادة {place} الطبية — التسجيل كمريض",
                    "عيادة طبيب عام. التسجيل مجاني ولا يحتاج إلى إثبات عنوان أو وضع الهجرة.",
                ),
                "pl": (
                    "Przychodnia {place} — rejestracja pacjenta",
                    "Przychodnia lekarza rodzinnego (GP). Rejestracja jest bezpłatna i nie wymaga dowodu adresu ani statusu imigracyjnego.",
                ),
                "fa": (
                    "مطب پزشکی {place} — ثبت نام بیمار",
                    "مطب پزشک عمومی. ثبت نام رایگان است و به مدرک آدرس یا وضعیت اقامتی نیاز ندارد.",
                ),
            },
        },
    ),
    (
        "dentist",
        10,
        "{place} Dental Care",
        "{place} Dental Care — NHS dentist",
        {
            "description": "An NHS dental practice taking NHS patients when it has space. NHS dental "
            "treatment is charged in three bands unless you are exempt.",
            "eligibility": "Anyone can ask to be seen. Children, pregnant women and people on some "
            "benefits or with an HC2 certificate get free NHS dental care.",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "Proof of any exemption (for example an HC2 certificate or maternity "
            "exemption certificate), and a list of your medicines.",
            "does_not_do": "Dentists do not have to register you permanently: you join for a course of "
            "treatment. It does not give free treatment to adults who are not exempt.",
            "complaints": GP_COMPLAINTS,
            "free": False,
            "fees": "NHS charges (band 1, 2 or 3) unless you are exempt.",
            "interpreters": True,
            "hours": [(WEEKDAYS, "09:00", "17:00")],
        },
    ),
    (
        "pharmacy",
        15,
        "{place} Pharmacy",
        "{place} Pharmacy",
        {
            "description": "A community pharmacy. Pharmacists give free advice on minor illnesses, "
            "dispense prescriptions, and can treat some conditions through Pharmacy First.",
            "eligibility": "Anyone. No appointment needed.",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "Your prescription, and proof of exemption if you do not pay charges.",
            "does_not_do": "It cannot register you with a GP or give you prescription-only medicines "
            "without a prescription (except through Pharmacy First).",
            "complaints": GP_COMPLAINTS,
            "free": True,
            "fees": "Advice is free; prescription charges apply unless you are exempt.",
            "interpreters": False,
            "hours": [(WEEKDAYS, "09:00", "18:00"), ("SA", "09:00", "13:00")],
        },
    ),
    (
        "urgent-care",
        3,
        "Riverton Teaching Hospitals NHS Trust",
        "{place} Urgent Treatment Centre",
        {
            "description": "Urgent treatment for injuries and illnesses that are not life-threatening. "
            "For life-threatening emergencies call 999 or go to A&E at Riverton General Hospital.",
            "eligibility": "Anyone. Treatment in A&E and urgent treatment centres is free for everyone, "
            "whatever their immigration status.",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "A list of your medicines if you have one.",
            "does_not_do": "It is not a GP and does not give routine appointments. Being treated here "
            "does not register you with a GP.",
            "complaints": "Contact the trust's Patient Advice and Liaison Service (PALS).",
            "free": True,
            "interpreters": True,
            "hours": [("MO,TU,WE,TH,FR,SA,SU", "08:00", "22:00")],
        },
    ),
    (
        "nhs-111",
        1,
        "NHS 111",
        "NHS 111 — urgent health advice by phone or online",
        {
            "description": "Call 111 or use 111 online when you need medical help fast but it is not a "
            "999 emergency. Free from landlines and mobiles, 24 hours a day.",
            "eligibility": "Anyone in England.",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "Say which language you need: 111 can connect a free interpreter.",
            "does_not_do": "It is not for life-threatening emergencies: call 999.",
            "complaints": "Contact the NHS 111 provider's patient experience team.",
            "free": True,
            "interpreters": True,
            "hours": [("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")],
            "phone": "111",
        },
    ),
    (
        "sexual-health",
        2,
        "Riverton Sexual Health Service",
        "{place} Sexual Health Clinic",
        {
            "description": "Free, confidential testing and treatment for sexually transmitted "
            "infections, and contraception.",
            "eligibility": "Anyone of any age and any immigration status. Sexual health services are "
            "free to everyone.",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "Nothing. You do not need to give your real name.",
            "does_not_do": "It does not tell your GP or anyone else without your permission.",
            "complaints": "Contact the clinic manager or the trust's PALS.",
            "free": True,
            "interpreters": True,
            "hours": [(WEEKDAYS, "09:30", "16:30")],
        },
    ),
    (
        "mental-health",
        6,
        "{place} Wellbeing Hub",
        "{place} talking therapies and wellbeing",
        {
            "description": "Free NHS talking therapies and drop-in wellbeing support for stress, low "
            "mood, anxiety and trauma. You can refer yourself.",
            "eligibility": "Adults registered with a Riverton GP (you can register with a GP first).",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "Your GP practice name.",
            "does_not_do": "It is not a crisis service. In a crisis call 111 and choose the mental "
            "health option, or 999.",
            "complaints": "Contact the service manager or PALS.",
            "free": True,
            "interpreters": True,
            "referral": Service.Referral.SELF_OR_REFERRAL,
            "referral_how": "Refer yourself online or by phone, or ask your GP.",
            "hours": [(WEEKDAYS, "09:00", "17:00")],
        },
    ),
    (
        "maternity",
        3,
        "Riverton Teaching Hospitals NHS Trust",
        "{place} Maternity and Midwives",
        {
            "description": "Care from midwives during pregnancy, birth and after. Contact the midwives "
            "as soon as you know you are pregnant.",
            "eligibility": "Anyone who is pregnant. Maternity care is never refused or delayed because "
            "a person cannot pay, even when charges may apply.",
            "recourse": Service.Recourse.ASK,
            "what_to_bring": "Any pregnancy test results and notes, and a list of your medicines.",
            "does_not_do": "It does not refuse care if you cannot pay. Staff may ask about your "
            "immigration status because some people are charged for hospital care.",
            "complaints": "Contact PALS at the hospital.",
            "free": False,
            "fees": "Free for most people; some overseas visitors are charged later.",
            "interpreters": True,
            "referral": Service.Referral.SELF_OR_REFERRAL,
            "referral_how": "Refer yourself by phone or online; you do not need to see a GP first.",
            "hours": [(WEEKDAYS, "08:30", "17:00")],
        },
    ),
    (
        "school-admissions",
        2,
        "Riverton City Council",
        "School admissions — {place} office",
        {
            "description": "Apply for a school place for a child of school age, including in-year "
            "applications when you arrive in Riverton.",
            "eligibility": "Every child of compulsory school age (5 to 16) living in Riverton, "
            "whatever their immigration status.",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "The child's date of birth and your address. You do not need to show "
            "immigration documents.",
            "does_not_do": "It does not check immigration status, and state schools are free. It cannot "
            "guarantee a place at a particular school.",
            "complaints": COUNCIL_COMPLAINTS,
            "free": True,
            "interpreters": True,
            "hours": [(WEEKDAYS, "09:00", "16:30")],
        },
    ),
    (
        "esol",
        10,
        "{place} Community Learning",
        "{place} English classes (ESOL)",
        {
            "description": "English for Speakers of Other Languages classes, from beginner to "
            "Level 2, with an assessment to find the right class.",
            "eligibility": "Adults 19 and over. Fees depend on your immigration status and income; "
            "many people study free.",
            "recourse": Service.Recourse.ASK,
            "what_to_bring": "ID and proof of your immigration status and any benefits, to check if "
            "the course is free for you.",
            "does_not_do": "It does not provide childcare at every class, and it is not a citizenship "
            "test centre.",
            "complaints": CHARITY_COMPLAINTS,
            "free": False,
            "fees": "Free for many learners; ask about fees.",
            "interpreters": False,
            "hours": [("MO,WE", "10:00", "12:00"), ("TU,TH", "18:00", "20:00")],
        },
    ),
    (
        "library",
        8,
        "Riverton Libraries",
        "{place} Library",
        {
            "description": "Free library with computers, wifi, printing, books in many languages, "
            "and help to get online.",
            "eligibility": "Anyone. Joining is free.",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "Something with your name and address to join (ask staff if you have "
            "nothing: they can help).",
            "does_not_do": "Staff cannot fill in immigration or benefit forms for you.",
            "complaints": COUNCIL_COMPLAINTS,
            "free": True,
            "interpreters": False,
            "hours": [("MO,TU,TH,FR", "09:30", "17:30"), ("SA", "10:00", "16:00")],
        },
    ),
    (
        "food-bank",
        12,
        "{place} Community Pantry",
        "{place} food bank",
        {
            "description": "Emergency food parcels and a weekly community meal. Some sessions offer "
            "halal and vegetarian food.",
            "eligibility": "Anyone in food crisis, including people with No Recourse to Public Funds.",
            "recourse": Service.Recourse.NRPF_OK,
            "what_to_bring": "A food bank voucher if you have one; on drop-in days, just come.",
            "does_not_do": "It does not check immigration status and does not give cash.",
            "complaints": CHARITY_COMPLAINTS,
            "free": True,
            "interpreters": False,
            "referral": Service.Referral.SELF_OR_REFERRAL,
            "referral_how": "Vouchers come from advice centres, GPs and networkers; drop-in days need none.",
            "hours": [("TU,FR", "11:00", "14:00")],
            "translations": {
                "ar": ("بنك الطعام في {place}", "طرود غذائية طارئة ووجبة مجتمعية أسبوعية."),
                "pl": (
                    "Bank żywności {place}",
                    "Paczki żywnościowe w nagłych sytuacjach i cotygodniowy wspólny posiłek.",
                ),
            },
        },
    ),
    (
        "housing",
        3,
        "Riverton City Council",
        "Housing Options — {place}",
        {
            "description": "The council's homelessness and housing advice service. If you are homeless "
            "or may become homeless within 56 days, the council must assess your situation.",
            "eligibility": "People at risk of homelessness. Help with accommodation depends on "
            "immigration status: homelessness assistance is a public fund.",
            "recourse": Service.Recourse.NRPF_NOT,
            "what_to_bring": "ID, your tenancy agreement or any eviction notice, and proof of income "
            "if you have them.",
            "does_not_do": "It does not give housing to people with NRPF; families with children and "
            "NRPF should ask the council's NRPF team about Children Act section 17 support.",
            "complaints": COUNCIL_COMPLAINTS,
            "free": True,
            "interpreters": True,
            "hours": [(WEEKDAYS, "09:00", "17:00")],
        },
    ),
    (
        "housing",
        4,
        "{place} Night Shelter Trust",
        "{place} day centre for people sleeping rough",
        {
            "description": "Hot food, showers, laundry and advice for people who are homeless, with "
            "help to find somewhere to stay.",
            "eligibility": "Anyone who is homeless, including people with No Recourse to Public Funds.",
            "recourse": Service.Recourse.NRPF_OK,
            "what_to_bring": "Nothing.",
            "does_not_do": "It is not the council and cannot decide homelessness applications.",
            "complaints": CHARITY_COMPLAINTS,
            "free": True,
            "interpreters": False,
            "hours": [("MO,TU,WE,TH,FR,SA,SU", "08:00", "14:00")],
        },
    ),
    (
        "general-advice",
        6,
        "{place} Advice Centre",
        "{place} benefits and general advice",
        {
            "description": "Free, independent advice on benefits, housing, work, consumer problems and "
            "letters you do not understand.",
            "eligibility": "Anyone living in Riverton.",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "Letters about your problem, ID, and details of income and rent.",
            "does_not_do": "It does not give immigration advice unless the adviser is regulated; it "
            "will refer you to a regulated immigration adviser.",
            "complaints": CHARITY_COMPLAINTS,
            "free": True,
            "interpreters": True,
            "hours": [("MO,WE,FR", "10:00", "15:00")],
        },
    ),
    (
        "immigration-advice",
        5,
        "{place} Migrant Legal Project",
        "{place} immigration advice (IAA-registered)",
        {
            "description": "Free immigration advice from advisers registered with the Immigration "
            "Advice Authority (IAA), including asylum, family and EU Settlement Scheme cases.",
            "eligibility": "People on a low income. Cases are taken on by appointment.",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "Passport or ID, any Home Office letters, your eVisa share code if you "
            "have one.",
            "does_not_do": "It cannot speed up Home Office decisions, and it does not give advice on "
            "the phone without an appointment.",
            "complaints": "Complain to the project first; then to the Immigration Advice Authority.",
            "free": True,
            "interpreters": True,
            "referral": Service.Referral.SELF_OR_REFERRAL,
            "referral_how": "Book an appointment by phone; networkers and advice centres can refer.",
            "hours": [("TU,TH", "10:00", "16:00")],
        },
    ),
    (
        "legal-aid",
        4,
        "{place} Law Centre",
        "{place} legal aid solicitors",
        {
            "description": "Solicitors offering legal aid for housing, family, and asylum cases.",
            "eligibility": "Legal aid depends on the kind of case, your income and savings.",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "All letters and documents about the case, and proof of income.",
            "does_not_do": "It cannot take every case; it will tell you if you are eligible.",
            "complaints": "Complain to the firm; then to the Legal Ombudsman.",
            "free": True,
            "interpreters": True,
            "hours": [(WEEKDAYS, "09:30", "17:00")],
        },
    ),
    (
        "jobcentre",
        3,
        "Jobcentre Plus",
        "{place} Jobcentre",
        {
            "description": "Claims for Universal Credit and other benefits, help to find work, and "
            "National Insurance number appointments.",
            "eligibility": "People who can claim benefits, and jobseekers.",
            "recourse": Service.Recourse.NRPF_NOT,
            "what_to_bring": "ID, proof of address, bank details, and your eVisa share code.",
            "does_not_do": "It cannot pay Universal Credit to people with No Recourse to Public Funds; "
            "claiming without entitlement can harm an immigration application.",
            "complaints": "Use the DWP complaints process.",
            "free": True,
            "interpreters": True,
            "hours": [(WEEKDAYS, "09:00", "17:00")],
        },
    ),
    (
        "employment-support",
        5,
        "{place} Works",
        "{place} employment and CV support",
        {
            "description": "Help with CVs, job applications, interviews, volunteering and training.",
            "eligibility": "Adults with the right to work in the UK.",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "Your CV if you have one, and proof of your right to work.",
            "does_not_do": "It is not an employment agency and does not guarantee a job.",
            "complaints": CHARITY_COMPLAINTS,
            "free": True,
            "interpreters": False,
            "hours": [("MO,WE", "09:30", "15:30")],
        },
    ),
    (
        "debt-advice",
        4,
        "{place} Money Advice",
        "{place} debt advice",
        {
            "description": "Free, confidential debt advice: budgets, priority bills, council tax "
            "arrears, and talking to creditors.",
            "eligibility": "Anyone living in Riverton.",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "Letters from creditors, bank statements, and details of income.",
            "does_not_do": "It does not lend money.",
            "complaints": CHARITY_COMPLAINTS,
            "free": True,
            "interpreters": True,
            "hours": [("TU,TH", "09:30", "16:30")],
        },
    ),
    (
        "domestic-abuse",
        3,
        "{place} Women's Aid",
        "{place} domestic abuse support",
        {
            "description": "Confidential support, safety planning and refuge for anyone experiencing "
            "domestic abuse. In an emergency call 999.",
            "eligibility": "Anyone experiencing domestic abuse, including people with No Recourse to "
            "Public Funds (ask about the Migrant Victims of Domestic Abuse Concession).",
            "recourse": Service.Recourse.NRPF_OK,
            "what_to_bring": "Nothing. If safe, bring ID and important documents.",
            "does_not_do": "It does not share your information with the person harming you or the "
            "Home Office.",
            "complaints": CHARITY_COMPLAINTS,
            "free": True,
            "interpreters": True,
            "hours": [("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")],
        },
    ),
    (
        "refugee-migrant",
        6,
        "{place} Refugee and Migrant Welcome",
        "{place} welcome and drop-in for new arrivals",
        {
            "description": "A weekly drop-in for refugees, asylum seekers and other migrants: "
            "signposting, clothes, conversation practice and a hot drink.",
            "eligibility": "Anyone new to the country, whatever their status.",
            "recourse": Service.Recourse.NRPF_OK,
            "what_to_bring": "Nothing.",
            "does_not_do": "Volunteers do not give immigration advice; they refer to regulated "
            "advisers.",
            "complaints": CHARITY_COMPLAINTS,
            "free": True,
            "interpreters": True,
            "hours": [("WE", "10:00", "14:00")],
        },
    ),
    (
        "faith-community",
        10,
        "{place} Community Association",
        "{place} community centre",
        {
            "description": "Community groups, women's groups, children's activities and festivals, "
            "run by local faith and community groups.",
            "eligibility": "Everyone welcome.",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "Nothing.",
            "does_not_do": "It does not give advice on immigration, benefits or housing.",
            "complaints": CHARITY_COMPLAINTS,
            "free": True,
            "interpreters": False,
            "hours": [("SA", "10:00", "16:00")],
        },
    ),
    (
        "youth",
        6,
        "{place} Youth Project",
        "{place} youth club",
        {
            "description": "Youth club and homework help for young people aged 11 to 18.",
            "eligibility": "Young people aged 11 to 18.",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "A consent form signed by a parent or carer (ask staff).",
            "does_not_do": "It is not childcare for under-11s.",
            "complaints": CHARITY_COMPLAINTS,
            "free": True,
            "interpreters": False,
            "hours": [("TU,TH", "16:00", "20:00")],
            "ages": (11, 18),
        },
    ),
    (
        "older-people",
        5,
        "{place} Age Well",
        "{place} older people's lunch club",
        {
            "description": "Lunch club, befriending and advice for people over 60.",
            "eligibility": "People aged 60 and over.",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "Nothing.",
            "does_not_do": "It does not provide personal care at home.",
            "complaints": CHARITY_COMPLAINTS,
            "free": False,
            "fees": "£3 for lunch.",
            "interpreters": False,
            "hours": [("TH", "11:30", "14:00")],
            "ages": (60, None),
        },
    ),
    (
        "disability",
        4,
        "{place} Disability Forum",
        "{place} disability advice and support",
        {
            "description": "Advice for disabled people and carers: adaptations, care assessments and "
            "accessible transport.",
            "eligibility": "Disabled people and their carers.",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "Any letters about care or benefits.",
            "does_not_do": "It does not carry out the council's care assessments itself.",
            "complaints": CHARITY_COMPLAINTS,
            "free": True,
            "interpreters": True,
            "hours": [("MO,TH", "10:00", "15:00")],
        },
    ),
    (
        "bank-account",
        3,
        "{place} Credit Union",
        "{place} bank account help",
        {
            "description": "Help to open a basic bank account or credit union account, including for "
            "people without a fixed address.",
            "eligibility": "Anyone living in Riverton.",
            "recourse": Service.Recourse.ANY,
            "what_to_bring": "Any ID and anything with your name and address (a letter from a hostel "
            "or GP can be accepted).",
            "does_not_do": "It cannot open an account with a bank for you or guarantee approval.",
            "complaints": "Complain to the credit union; then to the Financial Ombudsman Service.",
            "free": True,
            "interpreters": False,
            "hours": [("WE,FR", "10:00", "15:00")],
        },
    ),
]

# Partner organisations (from the accounts demo) that run some directory organisations, so
# their provider staff can edit those services.
PARTNER_OF_NEED = {
    "general-advice": "Northgate Advice Centre",
    "food-bank": "Riverton Food Partnership",
    "esol": "Riverton College ESOL Department",
    "gp": "Westfield Health Partnership",
    "housing": "Hillside Housing Association",
}


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def _point(ward) -> tuple[float | None, float | None]:
    if ward is None or not ward.boundary:
        return None, None
    from shapely.geometry import shape

    point = shape(ward.boundary).representative_point()
    return round(point.y, 5), round(point.x, 5)


def seed(context: DemoContext) -> None:
    rng = context.rng
    programme = context.data["programme"]
    partners = {o.name: o for o in context.data.get("organisations", [])}
    wards = list(Area.objects.of_kind("ward").within("E08000035").order_by("code"))
    languages = {language.code: language for language in Language.objects.all()}
    common = sorted(code for code, language in languages.items() if language.common)
    terms = {term.code: term for term in TaxonomyTerm.objects.all()}
    verifier = (context.data.get("users", {}).get("coordinator") or [None])[0]
    now = timezone.now()
    organisations: dict[str, Organization] = {}
    services: list[Service] = []
    places = list(PLACES)
    phone = 100
    translated: list[tuple[Service, str, str, dict]] = []
    for need, count, org_pattern, name_pattern, details in KINDS:
        chosen = rng.sample(places, count) if count <= len(places) else places[:count]
        for index, place in enumerate(chosen):
            org_name = org_pattern.format(place=place)
            organization = organisations.get(org_name)
            if organization is None:
                partner = None
                if index == 0 and need in PARTNER_OF_NEED and "{place}" in org_pattern:
                    partner = partners.get(PARTNER_OF_NEED[need])
                organization = Organization.objects.create(
                    programme=programme,
                    name=org_name,
                    description=f"{org_name} serves people in and around {place}, Riverton.",
                    partner=partner,
                )
                organisations[org_name] = organization
            ward = rng.choice(wards) if wards else None
            latitude, longitude = _point(ward)
            location = Location.objects.create(
                programme=programme,
                name=name_pattern.format(place=place).split(" — ")[0],
                address_1=f"{rng.randint(1, 180)} {rng.choice(STREETS)}, {place}",
                city="Riverton",
                postal_code=f"RV{rng.randint(1, 12)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                area=ward,
                latitude=latitude,
                longitude=longitude,
                description=rng.choice(
                    [
                        "Buses 12 and 34 stop outside.",
                        "Ten minutes' walk from Riverton bus station.",
                        "Step-free entrance at the side of the building.",
                        "Near the tram stop; ring the bell at the front door.",
                    ]
                ),
                accessibility=rng.choice(
                    [
                        "Step-free access and an accessible toilet.",
                        "Hearing loop at reception.",
                        "Ground floor only; no lift.",
                    ]
                ),
            )
            verified_days = rng.choice([5, 20, 40, 90, 120, 200, 400])
            ages = details.get("ages", (None, None))
            service = Service.objects.create(
                programme=programme,
                organization=organization,
                name=name_pattern.format(place=place),
                description=details["description"],
                eligibility=details["eligibility"],
                recourse=details["recourse"],
                what_to_bring=details["what_to_bring"],
                does_not_do=details["does_not_do"],
                complaints=details["complaints"],
                free=details["free"],
                fees=details.get("fees", ""),
                interpreters=details["interpreters"],
                referral=details.get("referral", Service.Referral.NONE),
                referral_how=details.get("referral_how", ""),
                minimum_age=ages[0],
                maximum_age=ages[1],
                email=f"hello@{org_name.lower().replace(' ', '').replace("'", '')[:30]}.example",
                last_verified_at=now - datetime.timedelta(days=verified_days),
                last_verified_by=verifier,
            )
            ServiceAtLocation.objects.create(service=service, location=location)
            Phone.objects.create(
                service=service,
                number=details.get("phone") or f"0113 496 0{phone:03d}",
                description="Main line",
            )
            phone += 1
            for byday, opens, closes in details["hours"]:
                Schedule.objects.create(
                    service=service, byday=byday, opens_at=_time(opens), closes_at=_time(closes)
                )
            spoken = ["en", *rng.sample(common, min(len(common), rng.randint(1, 4)))]
            service.languages.set([languages[c] for c in spoken if c in languages])
            term = terms.get(need)
            if term:
                service.taxonomy_terms.add(term)
            if ward is not None:
                service.areas.add(ward)
            translated.extend(
                (
                    service,
                    need,
                    language,
                    {"name": t_name.format(place=place), "description": t_desc},
                )
                for language, (t_name, t_desc) in details.get("translations", {}).items()
            )
            services.append(service)
    service_index(service_ids=[s.pk for s in services])
    _workflow_examples(context, services)
    _translation_examples(programme, translated)
    context.data["directory_services"] = services


def _translation_examples(programme, translated: list[tuple[Service, str, str, dict]]) -> None:
    """Listings in every state of the content-translation workflow, so the coverage page shows
    each: published (approved by two speakers), out of date (the English changed after), a
    draft being improved, and a translation waiting for review. Deterministic: the first
    listings in the order they were made."""
    from bridges.core import providers
    from bridges.translations.models import State, Translation
    from bridges.translations.services import (
        publish_translation,
        translation_save,
        translations_source_changed,
    )

    codes = sorted({language for _s, _n, language, _t in translated})
    speakers = providers.speakers.get().speakers_by_language(
        programme=programme, language_codes=codes
    )
    for service, _need, language, segments in translated:
        people = speakers.get(language, [])
        publish_translation(
            service,
            language,
            segments,
            translator=people[0] if people else None,
            reviewer=people[1] if len(people) > 1 else None,
            note="demo",
        )

    def listings(need: str, code: str) -> list[Service]:
        return [s for s, n, language, _t in translated if n == need and language == code]

    with_arabic = listings("gp", "ar")
    arabic = speakers.get("ar", [])
    if len(with_arabic) >= 2 and arabic:
        # Out of date: the English listing gained an alert after its translations were approved.
        changed = with_arabic[0]
        changed.alert = "Closed on bank holidays."
        changed.save(update_fields=["alert", "updated_at"])
        translations_source_changed(changed)
        # A draft: an Arabic speaker adding "who it is for" to the published name and summary.
        improving = with_arabic[1]
        current = dict(
            Translation.objects.get(
                kind="directory.service", object_id=str(improving.pk), language="ar"
            ).published_segments
        )
        current["eligibility"] = "أي شخص يعيش في منطقة العيادة، مهما كانت جنسيته أو وضع الهجرة."
        translation_save(
            obj=improving, language="ar", segments=current, by=arabic[0], programme=programme
        )
    with_polish = listings("food-bank", "pl")
    polish = speakers.get("pl", [])
    if with_polish and polish:
        # Waiting for review: a second speaker is needed before readers see the change.
        waiting = with_polish[0]
        current = dict(
            Translation.objects.get(
                kind="directory.service", object_id=str(waiting.pk), language="pl"
            ).published_segments
        )
        current["eligibility"] = (
            "Każdy, kto jest w kryzysie żywnościowym, także osoby bez prawa do świadczeń "
            "publicznych (No Recourse to Public Funds)."
        )
        row = translation_save(
            obj=waiting, language="pl", segments=current, by=polish[0], programme=programme
        )
        Translation.objects.filter(pk=row.pk).update(state=State.REVIEW)


def _workflow_examples(context: DemoContext, services: list[Service]) -> None:
    """A proposed change waiting for approval and two "listing is wrong" reports."""
    provider = (context.data.get("users", {}).get("provider") or [None])[0]
    owned = [s for s in services if s.organization.partner_id]
    if provider and owned:
        service = owned[0]
        ServiceChange.objects.create(
            programme=service.programme,
            service=service,
            original={"alert": service.alert},
            proposed={"alert": "Closed on Friday 18 December for staff training."},
            created_by=provider,
            updated_by=provider,
        )
    for index, (problem, details) in enumerate(
        [
            ("times", "They now open at 9:30, not 9:00, on Wednesdays."),
            ("contact", "The phone number rings out; the reception uses a new number."),
        ]
    ):
        ListingReport.objects.create(
            programme=services[index * 7].programme,
            service=services[index * 7],
            problem=problem,
            details=details,
            token=f"demo-report-{index}",
        )
