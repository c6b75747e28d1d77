from bridges.core.access import EVERYONE, Rule

ACCESS = {
    "core:home": Rule(EVERYONE),
    "healthz": Rule(EVERYONE),
    "language_switch": Rule(
        EVERYONE,
        kwargs=lambda world: {"code": "ar"},
        unscoped_because="a language code, not a record",
    ),
}
