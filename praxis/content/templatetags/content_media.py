"""Template tags of the media pipeline: `{% capsule_player content %}` and `{% capsule_status content %}`."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from praxis.content import rules, selectors
from praxis.content.media import STATUS_HELP, media_url
from praxis.content.models import PlaybackPosition, VideoAsset

register = template.Library()


def _asset(content: Any) -> VideoAsset | None:
    try:
        return content.video
    except VideoAsset.DoesNotExist:
        return None


def player_context(request: Any, content: Any) -> dict[str, Any]:
    actor = getattr(request, "actor", None)
    asset = _asset(content)
    allowed = actor is not None and rules.can_view_full_content(actor, content)
    context: dict[str, Any] = {
        "content": content, "asset": asset, "allowed": allowed, "request": request,
        "playable": bool(asset and asset.is_playable),
        "poster_url": media_url(asset.poster) if asset and asset.poster else "",
    }
    if allowed and context["playable"]:
        position = None
        if actor.is_authenticated:
            position = PlaybackPosition.objects.filter(user_id=actor.id, content=content).values_list(
                "seconds", flat=True).first()
        context |= {
            "hls_url": media_url(asset.hls_master),
            "mp4_url": media_url(asset.mp4),
            "tracks": selectors.caption_tracks_for_player(content),
            "resume": f"{position or 0:.1f}",
            "resumes": bool(position and position > 5 and (not asset.duration or position < asset.duration - 5)),
            "position_url": reverse("content:playback_position", kwargs={"content_id": content.pk})
            if actor.is_authenticated else "",
        }
    return context


def status_context(request: Any, content: Any) -> dict[str, Any]:
    actor = getattr(request, "actor", None)
    asset = _asset(content)
    can_edit = actor is not None and rules.can_edit_content(actor, content)
    return {
        "content": content, "asset": asset, "request": request, "can_edit": can_edit,
        "poll": bool(asset and not asset.is_final),
        "help": STATUS_HELP.get(asset.status, "") if asset else "",
        "status_url": reverse("content:capsule_status", kwargs={"content_id": content.pk}),
        "upload_url": reverse("content:capsule_upload", kwargs={"content_id": content.pk}),
        "poster_url": media_url(asset.poster) if asset and asset.poster else "",
    }


@register.filter
def clock(seconds: float | None) -> str:
    """A duration as m:ss (or h:mm:ss)."""
    if seconds is None:
        return ""
    total = round(float(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.inclusion_tag("content/_capsule_player.html", takes_context=True)
def capsule_player(context: template.Context, content: Any) -> dict[str, Any]:
    return player_context(context.get("request"), content)


@register.inclusion_tag("content/_capsule_status.html", takes_context=True)
def capsule_status(context: template.Context, content: Any) -> dict[str, Any]:
    return status_context(context.get("request"), content)
