"""Demo city: a pathway graph for England, from the programme's fact sheet (checked 2026-11-22).

It holds the classic circle "no address → no bank account → no tenancy → no address", with a
verified way round (a basic bank account opened with non-standard evidence of address, as the
banks' anti-money-laundering guidance allows), and a circle with none known yet (a phone
contract needs a credit history, which needs a credit account), with a networker's proposal
waiting for a coordinator. Requirements link the directory's published services that help.
"""

from datetime import date

from django.db.models import Q

from bridges.accounts.roles import Role
from bridges.core.demo import DemoContext
from bridges.directory.models import Service
from bridges.translations.services import publish_translation

from . import services
from .models import Item

CHECKED = date(2026, 11, 22)

# slug, name, kind, description
ITEMS = [
    ("passport", "Passport or national ID card", "document",
     "Photo ID from the country that issued it. Most people arrive with one."),
    ("home-office-letter", "Home Office decision letter or ARC", "document",
     "The letter giving a decision on an asylum claim or a visa, or an Application Registration "
     "Card. It has been accepted for a Universal Credit claim while an eVisa is delayed."),
    ("phone-number", "A mobile phone number", "account",
     "A pay-as-you-go SIM is enough. Keep the same number: accounts send codes to it."),
    ("email-address", "An email address", "account",
     "Free from many providers. Keep it: the UKVI account and Universal Credit use it."),
    ("any-address", "Somewhere to stay (any address)", "home",
     "Where you are staying now, even for a short time: a friend's home, a hostel, a hotel."),
    ("ukvi-account", "UKVI account (to see your eVisa)", "account",
     "Free at GOV.UK (“Get access to your eVisa”), usually with the “UK Immigration: ID Check” "
     "app and your BRP (an expired one works) or passport. Every person, each child too, needs "
     "their own account. Never pay anyone for it."),
    ("share-code", "Share code", "document",
     "A 9-character code made in the UKVI account, valid for 90 days, for one purpose: W for "
     "work, R for renting, S for other checks (councils, banks, colleges). Make one only when a "
     "checker asks."),
    ("proof-of-address", "Proof of address", "document",
     "A document in your name showing where you live, such as a tenancy agreement or a council "
     "tax bill."),
    ("bank-account", "Basic bank account", "account",
     "A fee-free account the largest banks must offer if you have no other usable account: no "
     "overdraft, a debit card, direct debits. Ask for the “basic bank account” by name."),
    ("tenancy", "Tenancy agreement (private renting)", "home",
     "A rented home in your name. The landlord must check the right to rent of every adult "
     "(18+) before it starts. Deposits are capped at 5 weeks' rent."),
    ("council-tax-bill", "Council tax bill", "document",
     "Sent by the council to the adult who owns or rents the home. Living alone gives 25% off."),
    ("ni-number", "National Insurance number", "account",
     "Apply free online at GOV.UK. You can start work before you have one if you can prove "
     "your right to work; it is not proof of the right to work."),
    ("gp-registration", "Registered with a GP", "registration",
     "Anyone in England may register with a GP for free, whatever their status. No proof of ID, "
     "address or immigration status is required, and lacking them is not a reason to refuse."),
    ("universal-credit", "Universal Credit claim", "benefit",
     "Claim online at GOV.UK and submit within 28 days. The first payment comes about 5 weeks "
     "later; an advance can be asked for. Needs status that allows public funds."),
    ("school-place", "School place for a child", "place",
     "Children of school age in England have a right to a state school place whatever their "
     "nationality or status. Apply through the council (or the school) at any time of year."),
    ("esol-place", "English class (ESOL) place", "place",
     "Free up to Level 2 for many learners. Refugees are eligible at once; people seeking "
     "asylum after 6 months. Check the local rules."),
    ("credit-history", "A UK credit history", "document",
     "A record of borrowing and paying back in the UK, which phone and credit companies check."),
    ("phone-contract", "Monthly phone contract", "account",
     "A monthly contract with a phone, after a credit check."),
]  # fmt: skip

# item: [(label, [alternatives], service name pattern or "", note)]
ISSUED_ELSEWHERE = "Issued by another country or the Home Office: it cannot be applied for here"

REQUIREMENTS = {
    "passport": [(ISSUED_ELSEWHERE, [], "", "")],
    "home-office-letter": [(ISSUED_ELSEWHERE, [], "", "")],
    "ukvi-account": [
        ("Photo ID", ["passport", "home-office-letter"], "", ""),
        ("A phone number you will keep", ["phone-number"], "Library", ""),
        ("An email address you will keep", ["email-address"], "Library", ""),
    ],
    "share-code": [("A UKVI account", ["ukvi-account"], "", "")],
    "proof-of-address": [
        ("A document with your address", ["tenancy", "council-tax-bill"], "", ""),
    ],
    "bank-account": [
        ("Photo ID", ["passport"], "", "With an eVisa, the bank may also ask for a share code."),
        ("Proof of address", ["proof-of-address"], "",
         "Banks often accept more kinds of document in a branch than online."),
    ],
    "tenancy": [
        ("Right to rent check", ["share-code", "passport"], "Housing Options",
         "People with an eVisa give an R share code; British and Irish citizens show a passport."),
        ("A bank account to pay rent and deposit", ["bank-account"], "", ""),
    ],
    "council-tax-bill": [("A home in your name", ["tenancy"], "", "")],
    "ni-number": [
        ("Right to work", ["share-code"], "Jobcentre", "A W share code."),
        ("Proof of identity", ["passport", "home-office-letter"], "", ""),
    ],
    "universal-credit": [
        ("A bank account", ["bank-account"], "Jobcentre", ""),
        ("An email address", ["email-address"], "", ""),
        ("A phone", ["phone-number"], "", ""),
        ("Proof of status", ["ukvi-account", "home-office-letter"], "Jobcentre",
         "The status must allow public funds."),
    ],
    "school-place": [("An address to apply from", ["any-address"], "", "")],
    "esol-place": [
        ("Proof of ID and immigration status", ["share-code", "home-office-letter"],
         "English classes", "Bring income evidence too, such as payslips or benefit letters."),
    ],
    "gp-registration": [],
    "phone-contract": [("A UK credit history", ["credit-history"], "", "")],
    "credit-history": [("A credit account", ["phone-contract"], "", "")],
}  # fmt: skip

# Demo translations of the item names (a networker's first draft, published for the demo).
ARABIC_NAMES = {
    "passport": "جواز السفر أو بطاقة الهوية الوطنية",
    "home-office-letter": "رسالة قرار وزارة الداخلية أو بطاقة ARC",
    "phone-number": "رقم هاتف محمول",
    "email-address": "عنوان بريد إلكتروني",
    "any-address": "مكان للإقامة (أي عنوان)",
    "ukvi-account": "حساب UKVI (لرؤية التأشيرة الإلكترونية)",
    "share-code": "رمز المشاركة",
    "proof-of-address": "إثبات العنوان",
    "bank-account": "حساب مصرفي أساسي",
    "tenancy": "عقد إيجار (سكن خاص)",
    "council-tax-bill": "فاتورة ضريبة المجلس",
    "ni-number": "رقم التأمين الوطني",
    "gp-registration": "التسجيل لدى طبيب عام",
    "universal-credit": "طلب الائتمان الشامل",
    "school-place": "مقعد مدرسي لطفل",
    "esol-place": "مقعد في دروس اللغة الإنجليزية (ESOL)",
    "credit-history": "سجل ائتماني في المملكة المتحدة",
    "phone-contract": "عقد هاتف شهري",
}

BANK_WORKAROUND = (
    "Ask a bank on the government's list for a basic bank account by name, in a branch. The "
    "banks' anti-money-laundering guidance lets them accept other evidence of address: a letter "
    "from a recognised support organisation, a hostel manager or an employer, a DWP or HMRC "
    "benefit letter, or a Home Office letter (with an ARC). If refused, complain to the bank, "
    "then to the Financial Ombudsman Service."
)
PHONE_PROPOSAL = (
    "Use a pay-as-you-go SIM first: it needs no credit check. Some people build a history with "
    "a credit-builder card."
)


def seed(context: DemoContext) -> None:
    programme = context.data["programme"]
    coordinator = (context.data.get("users", {}).get(Role.COORDINATOR) or [None])[0]
    networker = (context.data.get("users", {}).get(Role.NETWORKER) or [None])[0]
    items: dict[str, Item] = {}
    for slug, name, kind, description in ITEMS:
        items[slug] = services.item_create(
            programme=programme,
            created_by=coordinator,
            slug=slug,
            name=name,
            kind=kind,
            description=description,
            last_checked=CHECKED,
        )
    published = Service.objects.for_programme(programme).published().order_by("name")
    requirements = {}
    for slug, groups in REQUIREMENTS.items():
        for position, (label, alternatives, pattern, note) in enumerate(groups, start=1):
            helping = list(published.filter(Q(name__icontains=pattern))[:2]) if pattern else []
            requirements[(slug, label)] = services.requirement_create(
                item=items[slug],
                label=label,
                alternatives=[items[a] for a in alternatives],
                services=helping,
                note=note,
                position=position,
                created_by=coordinator,
            )
    gp = list(published.filter(name__icontains="Medical Practice")[:2])
    if gp:
        services.requirement_create(
            item=items["gp-registration"],
            label="A practice that covers where you stay",
            alternatives=[items["any-address"]],
            services=gp,
            note="A temporary address, a day centre or the practice's own address will do.",
            position=1,
            created_by=coordinator,
        )
    way, _ = services.workaround_propose(
        requirement=requirements[("bank-account", "Proof of address")],
        text=BANK_WORKAROUND,
        proposed_by=networker,
    )
    services.workaround_decide(
        workaround=way,
        verified=True,
        decided_by=coordinator,
        note="Checked against the banks' guidance and GOV.UK's basic bank account list.",
    )
    services.workaround_propose(
        requirement=requirements[("phone-contract", "A UK credit history")],
        text=PHONE_PROPOSAL,
        proposed_by=networker,
    )
    for slug, name in ARABIC_NAMES.items():
        publish_translation(items[slug], "ar", {"name": name}, note="demo")
    context.data["pathway_items"] = items
