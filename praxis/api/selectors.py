"""Reads of personal access tokens."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet

from praxis.core.actor import Actor

from . import rules
from .models import AccessToken


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_by_secret(raw: str) -> AccessToken | None:
    """The token a request presents, with its member (one query); whether it may still be used is the rule's call."""
    return AccessToken.objects.select_related("user").filter(token_hash=hash_token(raw)).first()


def tokens_of(actor: Actor) -> QuerySet[AccessToken]:
    """The member's tokens, newest first, revoked ones too (their page shows when each was revoked)."""
    return rules.tokens_visible_to(actor).order_by("-created_at", "-pk")


def token_for(actor: Actor, token_id: int) -> AccessToken | None:
    return rules.tokens_visible_to(actor).filter(pk=token_id).first()
