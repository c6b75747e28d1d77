"""How django-axes finds the account a sign-in attempt was for.

allauth authenticates with `email=`, while its form posts `login`; axes needs the same key in
both places so that failures count against the address that was typed, known or not.

What was typed is never stored: axes keys its attempts on a keyed hash of it
(`bridges.core.privacy.keyed_hash`), and the audit log records failures and lock-outs under the
same hash, so the three can be matched without anyone reading the address back.
"""

from bridges.core.privacy import keyed_hash

PURPOSE = "sign-in"


def sign_in_key(login: str) -> str:
    """The keyed hash under which failed sign-ins for `login` are counted and audited."""
    return keyed_hash(login, purpose=PURPOSE)


def typed_login(request, credentials: dict | None = None) -> str:
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None:
        data = getattr(request, "data", None) or request.POST
        value = data.get("login", "")
    return str(value or "")


def attempted_login(request, credentials: dict | None = None) -> str:
    return sign_in_key(typed_login(request, credentials))
