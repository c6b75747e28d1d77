from allauth.account.adapter import DefaultAccountAdapter


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: accounts come from invitations (accounts:invitation_accept).
    Volunteers apply through the public networker application instead."""

    def is_open_for_signup(self, request) -> bool:
        return False
