"""Template tags of the media pipeline: `{% capsule_player content %}` and `{% capsule_status content %}`."""

from django import template

register = template.Library()


@register.inclusion_tag("content/_capsule_player.html", takes_context=True)
def capsule_player(context: template.Context, content: object) -> dict:
    return {"content": content, "request": context.get("request")}


@register.inclusion_tag("content/_capsule_status.html", takes_context=True)
def capsule_status(context: template.Context, content: object) -> dict:
    return {"content": content, "request": context.get("request")}
