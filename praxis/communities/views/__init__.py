"""Views of communities of practice: membership (list, home, joining, members) and the community's private life."""

from .cases import *  # noqa: F403
from .meetings import *  # noqa: F403
from .membership import *  # noqa: F403
from .networks import *  # noqa: F403
from .resources import *  # noqa: F403
from .templates import *  # noqa: F403
from .tools import *  # noqa: F403
