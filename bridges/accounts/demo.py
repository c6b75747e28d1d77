"""Demo city: programmes, partner organisations and a sign-in for every role."""

import base64
import hashlib

from allauth.mfa.totp.internal.auth import TOTP

from bridges.core.demo import DemoContext, invented_name
from bridges.core.models import Area, Language

from .models import Organisation, Programme, User
from .roles import STAFF_ROLES, Role
from .services import membership_grant

DEMO_DOMAIN = "demo.bridges.example"  # .example is reserved: no real mailbox receives these

ORGANISATIONS = [
    ("Riverton City Council", Organisation.Kind.COUNCIL),
    ("Riverton Refugee and Migrant Forum", Organisation.Kind.CHARITY),
    ("Northgate Advice Centre", Organisation.Kind.PROVIDER),
    ("Riverton Women's Network", Organisation.Kind.COMMUNITY),
    ("Westfield Health Partnership", Organisation.Kind.HEALTH),
    ("Riverton College ESOL Department", Organisation.Kind.EDUCATION),
    ("Hillside Housing Association", Organisation.Kind.PROVIDER),
    ("Riverton Food Partnership", Organisation.Kind.CHARITY),
]


def _secret(seed: int, email: str) -> str:
    digest = hashlib.sha256(f"{seed}:{email}".encode()).digest()[:20]
    return base64.b32encode(digest).decode()


def _password(seed: int, email: str) -> str:
    return "Demo-" + hashlib.sha256(f"pw:{seed}:{email}".encode()).hexdigest()[:12]


def demo_user(context: DemoContext, *, email: str, name: str, role: str, label: str = "") -> User:
    """A demo sign-in, recorded for var/demo-accounts.json. Staff get a TOTP authenticator."""
    password = _password(context.seed, email)
    user = User.objects.create_user(email=email, password=password, display_name=name)
    record = {"role": label or role, "email": email, "password": password, "name": name}
    if role in STAFF_ROLES:
        secret = _secret(context.seed, email)
        TOTP.activate(user, secret)
        record["totp_secret"] = secret
    context.accounts.append(record)
    return user


def seed(context: DemoContext) -> None:
    rng = context.rng
    leeds = Area.objects.filter(code="E08000035").first()
    bradford = Area.objects.filter(code="E08000032").first()
    programme = Programme.objects.create(
        name="Riverton Migrant Access Project",
        slug="riverton",
        local_authority=leeds,
        contact_email=f"map@{DEMO_DOMAIN}",
        contact_phone="0113 496 0000",  # Ofcom's range for drama: rings nobody
        address="Riverton Civic Hall, 1 Market Street, Riverton",
    )
    other = Programme.objects.create(
        name="Eastbrook Migrant Access Project",
        slug="eastbrook",
        local_authority=bradford,
        contact_email=f"eastbrook@{DEMO_DOMAIN}",
    )
    programme.languages.set(Language.objects.filter(common=True))
    organisations = []
    for name, kind in ORGANISATIONS:
        organisation = Organisation.objects.create(name=name, kind=kind)
        organisation.programmes.add(programme)
        organisations.append(organisation)

    users: dict[str, list[User]] = {role: [] for role in Role.values}
    admin = demo_user(context, email=f"admin@{DEMO_DOMAIN}", name="Platform Admin", role=Role.ADMIN)
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    users[Role.ADMIN].append(admin)
    for role, email, organisation in [
        (Role.COORDINATOR, "coordinator", organisations[1]),
        (Role.COORDINATOR, "coordinator2", organisations[0]),
        (Role.PROVIDER, "provider", organisations[2]),
        (Role.SAFEGUARDING, "safeguarding", organisations[0]),
        (Role.ANALYST, "analyst", organisations[0]),
    ]:
        user = demo_user(
            context, email=f"{email}@{DEMO_DOMAIN}", name=invented_name(rng), role=role
        )
        membership_grant(user=user, programme=programme, role=role, organisation=organisation)
        users[role].append(user)
    # The analyst works across the region: both programmes.
    membership_grant(user=users[Role.ANALYST][0], programme=other, role=Role.ANALYST)
    other_coordinator = demo_user(
        context,
        email=f"coordinator@eastbrook.{DEMO_DOMAIN}",
        name=invented_name(rng),
        role=Role.COORDINATOR,
        label="coordinator-eastbrook",
    )
    membership_grant(user=other_coordinator, programme=other, role=Role.COORDINATOR)

    # About 90 volunteer networkers; the networkers app gives them languages and profiles.
    for number in range(1, 91):
        user = demo_user(
            context,
            email=f"networker{number}@{DEMO_DOMAIN}",
            name=invented_name(rng),
            role=Role.NETWORKER,
        )
        membership_grant(user=user, programme=programme, role=Role.NETWORKER)
        users[Role.NETWORKER].append(user)

    context.data.update(
        programme=programme,
        other_programme=other,
        organisations=organisations,
        users=users,
    )
