from bridges.pathways import services
from bridges.pathways.models import Item, Requirement, Workaround


def item(programme, slug: str, name: str | None = None, **fields) -> Item:
    return services.item_create(
        programme=programme, slug=slug, name=name or slug.replace("-", " ").capitalize(), **fields
    )


def requirement(of: Item, label: str, alternatives=(), **fields) -> Requirement:
    return services.requirement_create(
        item=of, label=label, alternatives=list(alternatives), **fields
    )


def workaround(of: Requirement, text: str = "Ask in a branch", *, verified=False, by=None):
    found, _ = services.workaround_propose(requirement=of, text=text, proposed_by=by)
    if verified:
        services.workaround_decide(workaround=found, verified=True, decided_by=by)
    return Workaround.objects.get(pk=found.pk)


def circle(programme, prefix: str = "") -> dict:
    """The classic circle: proof of address needs a tenancy, which needs a bank account, which
    needs proof of address. Returns the records by name."""
    address = item(programme, f"{prefix}proof-of-address", "Proof of address")
    bank = item(programme, f"{prefix}bank-account", "Bank account")
    tenancy = item(programme, f"{prefix}tenancy", "Tenancy")
    credit = item(programme, f"{prefix}universal-credit", "Universal Credit")
    needs_address = requirement(bank, "Proof of address", [address])
    requirement(address, "A document with your address", [tenancy])
    requirement(tenancy, "A bank account", [bank])
    requirement(credit, "A bank account", [bank])
    return {
        "address": address,
        "bank": bank,
        "tenancy": tenancy,
        "credit": credit,
        "needs_address": needs_address,
    }
