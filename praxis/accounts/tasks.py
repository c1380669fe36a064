from praxis.core.mail import send_templated
from praxis.core.tasks import durable_task

from .models import User


@durable_task
def send_verification_decision(user_id: int, decision: str, message: str = "") -> None:
    """Tell a member what a moderator decided about their professional number."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:  # account deleted since: nothing to tell
        return
    send_templated(
        to=user.email,
        template=f"accounts/email/verification_{decision}",
        context={"member": user, "message": message},
        language=user.preferred_language,
    )
