"""How django-axes finds the account a sign-in attempt was for.

allauth authenticates with `email=`, while its form posts `login`; axes needs the same key in
both places so that failures count against the address that was typed, known or not.
"""


def attempted_login(request, credentials: dict | None = None) -> str:
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None:
        data = getattr(request, "data", None) or request.POST
        value = data.get("login", "")
    return str(value or "").strip().lower()
