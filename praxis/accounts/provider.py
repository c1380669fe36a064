"""allauth finds providers in each installed app's `provider` module: the e-ID provider lives in `eid/`."""

from .eid.provider import provider_classes

__all__ = ["provider_classes"]
