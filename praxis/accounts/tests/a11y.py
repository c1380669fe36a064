"""States and pages of the accessibility walk for accounts (see praxis/testing/a11y.py): allauth's pages, which are
not Praxis routes of the permission matrix, and the forms in their error state."""

from praxis.testing.a11y import State

STATES = [
    State("account_login", "sign-in page", persona="anonymous"),
    State("account_login", "sign-in errors", persona="anonymous", submit="main form"),
    State("account_signup", "sign-up page", persona="anonymous"),
    State("account_signup", "sign-up errors", persona="anonymous", submit="main form"),
    State("account_reset_password", "password reset", persona="anonymous"),
    State("account_reset_password", "password reset errors", persona="anonymous", submit="main form"),
    State("account_reset_password_done", "password reset sent", persona="anonymous"),
    State("account_email_verification_sent", "verification e-mail sent", persona="anonymous"),
    State("site:home", "home page, signed out", persona="anonymous"),
    State("account_logout", "sign out", persona="verified_gp"),
    State("account_email", "e-mail addresses", persona="verified_gp"),
    State("account_change_password", "change password", persona="verified_gp"),
    State("account_change_password", "change password errors", persona="verified_gp", submit="main form"),
    State("mfa_index", "two-factor", persona="verified_gp"),
    State("mfa_activate_totp", "authenticator app", persona="verified_gp"),
    State("usersessions_list", "sessions", persona="verified_gp"),
    State("accounts:profile_edit", "profile errors", persona="verified_gp",
          fill={"#id_first_name": ""}, submit="main form"),
    State("accounts:profile", "unverified profile", persona="unverified_member"),
]
