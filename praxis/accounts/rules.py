"""Who may do what with members' accounts. Views and templates use nothing else."""

from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from praxis.core.actor import Actor

from .models import ProofDocument, User, VerificationStatus


def can_verify_members(actor: Actor) -> bool:
    """Moderators (and platform admins) check professional numbers."""
    return actor.is_moderator


def can_verify_member(actor: Actor, member: User) -> bool:
    """Nobody verifies their own number."""
    return can_verify_members(actor) and actor.user != member


def check_verify_member(actor: Actor, member: User) -> None:
    if not can_verify_member(actor, member):
        raise PermissionDenied


def check_view_verification_queue(actor: Actor) -> None:
    if not can_verify_members(actor):
        raise PermissionDenied


def members_to_verify_visible_to(actor: Actor) -> QuerySet[User]:
    if not can_verify_members(actor) or actor.id is None:
        return User.objects.none()
    return User.objects.exclude(pk=actor.id)


def can_edit_profile(actor: Actor, member: User) -> bool:
    return actor.is_authenticated and actor.user == member


def check_edit_profile(actor: Actor, member: User) -> None:
    if not can_edit_profile(actor, member):
        raise PermissionDenied


def can_upload_proof(actor: Actor, member: User) -> bool:
    """A member sends proof for themselves, until they are verified."""
    return (
        actor.is_authenticated and actor.user == member and member.verification_status != VerificationStatus.VERIFIED
    )


def check_upload_proof(actor: Actor, member: User) -> None:
    if not can_upload_proof(actor, member):
        raise PermissionDenied


def can_manage_own_account(actor: Actor, member: User) -> bool:
    """Exporting one's data and deleting one's account: the member themself, nobody else (not even an admin)."""
    return actor.is_authenticated and actor.user == member


def check_manage_own_account(actor: Actor, member: User) -> None:
    if not can_manage_own_account(actor, member):
        raise PermissionDenied


def can_view_proof(actor: Actor, proof: ProofDocument) -> bool:
    return actor.is_authenticated and (actor.user == proof.user or can_verify_member(actor, proof.user))


def check_view_proof(actor: Actor, proof: ProofDocument) -> None:
    if not can_view_proof(actor, proof):
        raise PermissionDenied


def can_link_identity(actor: Actor, member: User) -> bool:
    """A member links an e-ID to their own account only, once signed in as that account."""
    return actor.is_authenticated and actor.user == member


def check_link_identity(actor: Actor, member: User) -> None:
    if not can_link_identity(actor, member):
        raise PermissionDenied


def can_unlink_identity(actor: Actor, account: SocialAccount) -> bool:
    """Only one's own e-IDs, and never the last way to sign in: a password or another e-ID must remain."""
    if not (actor.is_authenticated and actor.id == account.user_id):
        return False
    member = account.user
    others = SocialAccount.objects.filter(user_id=account.user_id).exclude(id=account.id).exists()
    return member.has_usable_password() or others


def check_unlink_identity(actor: Actor, account: SocialAccount) -> None:
    if not can_unlink_identity(actor, account):
        raise PermissionDenied


def can_view_access_log(actor: Actor) -> bool:
    """The log of reads of private data: moderators and platform admins (members see the reads of their own data)."""
    return actor.is_authenticated and (actor.is_moderator or actor.is_platform_admin)


def check_view_access_log(actor: Actor) -> None:
    if not can_view_access_log(actor):
        raise PermissionDenied
