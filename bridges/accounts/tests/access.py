from bridges.core.access import MEMBERS, SIGNED_IN, Rule, only

COORDINATORS = only("coordinator", "admin")

ACCESS = {
    "accounts:dashboard": Rule(SIGNED_IN),
    "accounts:programme_home": Rule(MEMBERS),
    "accounts:people": Rule(COORDINATORS),
    "accounts:membership_revoke": Rule(
        COORDINATORS, kwargs=lambda world: {"membership_id": world["memberships"]["networker"].pk}
    ),
    "accounts:invitation_create": Rule(COORDINATORS),
    # Anyone holding the link may accept; the token is the permission.
    "accounts:invitation_accept": Rule(
        only("anonymous", "outsider", *MEMBERS),
        kwargs=lambda world: {"token": world["token"]},
        unscoped_because="the secret token is the permission; the invitee has no role yet",
    ),
    "accounts:audit_log": Rule(only("admin")),
}
