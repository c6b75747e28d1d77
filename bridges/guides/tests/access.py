"""Who may open each guides page: the programme's coordinators (and platform admins) write and
publish; everyone reads published guides, whose public addresses name the city (the
programme's slug) and the guide's own slug. tests/test_public.py checks that a draft, or a
guide asked for under another city, answers 404."""

from bridges.core.access import EVERYONE, Rule, only

EDITORS = only("coordinator", "admin")


def build_world(world):
    from .factories import make_guide

    programme = world["programme"]
    world["guides"] = {
        "guide": make_guide(programme, slug="matrix-guide", title="Matrix guide"),
        "spare": make_guide(programme, slug="matrix-spare", title="Matrix spare"),
    }


def _guide(world):
    return {"guide_id": world["guides"]["guide"].pk}


def _public(world):
    guide = world["guides"]["guide"]
    return {"city": guide.programme.slug, "slug": guide.slug}


PUBLIC = "a published guide is public; the city's slug in its address names its programme"


ACCESS = {
    "guides:list": Rule(EDITORS),
    "guides:download": Rule(EDITORS),
    "guides:create": Rule(EDITORS),
    "guides:readability": Rule(EDITORS, method="post", data={"summary": "A short text."}),
    "guides:edit": Rule(EDITORS, kwargs=_guide),
    "guides:status": Rule(EDITORS, kwargs=_guide, method="post", data={"status": "published"}),
    "guides:delete": Rule(EDITORS, kwargs=_guide),
    "guides_public:list": Rule(EVERYONE),
    "guides_public:detail": Rule(EVERYONE, kwargs=_public, unscoped_because=PUBLIC),
    "guides_public:print": Rule(EVERYONE, kwargs=_public, unscoped_because=PUBLIC),
    "guides_public:pdf": Rule(EVERYONE, kwargs=_public, unscoped_because=PUBLIC),
}
