"""Who may open each community voice page. Issues are for the programme's networkers and
coordinators; coordinators alone merge, route, resolve, close and hold the agenda; provider
staff see only the routes to their own organisation (test_views.py holds the record-level
cases); a named contact's signed link opens only its own route."""

from bridges.accounts.models import Organisation
from bridges.core.access import EVERYONE, Rule, only
from bridges.voice import services
from bridges.voice.tests.factories import raise_issue

# A named council contact's email: for the programme's coordinators only.
SECRETS = ("matrix.council.contact@example.org",)

MEMBERS = only("networker", "coordinator")
COORDINATORS = only("coordinator")


def build_world(world):
    programme = world["programme"]
    provider = world["memberships"]["provider"]
    if provider.organisation is None:
        provider.organisation = Organisation.objects.create(
            name="Matrix Partner", kind=Organisation.Kind.CHARITY
        )
        provider.save()
    provider.organisation.programmes.add(programme)
    issue = raise_issue(programme, world["users"]["networker"], summary="Matrix voice issue")
    world["voice_issue"] = issue
    world["voice_route"] = services.issue_route(
        issue=issue, by=world["users"]["coordinator"], organisation=provider.organisation
    )
    named = services.issue_route(
        issue=issue,
        by=world["users"]["coordinator"],
        contact_name="Matrix Council Officer",
        contact_email=SECRETS[0],
    )
    world["voice_token"] = services.route_link_token(named)
    secrets = world.setdefault("secrets", {})
    secrets[COORDINATORS] = (*secrets.get(COORDINATORS, ()), *SECRETS)


def _issue(world):
    return {"pk": world["voice_issue"].pk}


def _route(world):
    return {"pk": world["voice_route"].pk}


def _token(world):
    return {"token": world["voice_token"]}


ACCESS = {
    "voice:list": Rule(MEMBERS),
    "voice:export": Rule(COORDINATORS),
    "voice:issue_raise": Rule(MEMBERS),
    "voice:similar": Rule(MEMBERS, data={"summary": "Matrix voice"}),
    "voice:agenda": Rule(COORDINATORS),
    "voice:agenda_download": Rule(COORDINATORS, data={"format": "docx"}),
    "voice:routes": Rule(only("coordinator", "provider")),
    "voice:route_answer": Rule(only("provider"), kwargs=_route),
    "voice:detail": Rule(MEMBERS, kwargs=_issue),
    "voice:support": Rule(MEMBERS, kwargs=_issue),
    "voice:merge": Rule(COORDINATORS, kwargs=_issue),
    "voice:route": Rule(COORDINATORS, kwargs=_issue),
    "voice:resolve": Rule(COORDINATORS, kwargs=_issue),
    "voice:close": Rule(COORDINATORS, kwargs=_issue),
    "voice:answer_by_link": Rule(
        EVERYONE,
        kwargs=_token,
        unscoped_because="the signed single-purpose link is itself the permission",
    ),
    "voice_public:you_said": Rule(EVERYONE),
}
