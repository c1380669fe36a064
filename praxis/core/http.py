"""The request as Praxis's middleware leaves it, for the type checker: views take `request: PraxisRequest`."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .actor import Actor


class PraxisRequest(HttpRequest):
    actor: Actor  # ActorMiddleware
    htmx: HtmxDetails  # django_htmx's middleware
