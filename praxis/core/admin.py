from django.contrib import admin, messages
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from praxis.core.http import PraxisRequest

from . import rules
from .models import AuditEntry, TaskRun
from .tasks import _send

# The admin obeys the same rule as everything else: platform admins only (with their mandatory second factor).
admin.site.has_permission = lambda request: request.user.is_active and rules.can_use_admin(request.actor)  # type: ignore[method-assign]
admin.site.site_header = _("Praxis administration")
admin.site.site_title = "Praxis"


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["created_at", "action", "actor", "target_type", "target_id"]
    list_filter = ["action"]
    search_fields = ["action", "actor__email"]
    list_select_related = ["actor", "target_type"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request: PraxisRequest) -> bool:
        return False

    def has_change_permission(self, request: PraxisRequest, obj: object = None) -> bool:
        return False


@admin.register(TaskRun)
class TaskRunAdmin(admin.ModelAdmin[TaskRun]):
    list_display = ["id", "task_path", "status", "attempts", "max_attempts", "available_at", "finished_at", "worker"]
    list_filter = ["status", "task_path"]
    readonly_fields = [f.name for f in TaskRun._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request: PraxisRequest) -> bool:
        return False

    @admin.action(description=_("Run the selected failed jobs again"))
    def retry(self, request: PraxisRequest, queryset: QuerySet[TaskRun]) -> None:
        ids = list(queryset.filter(status=TaskRun.Status.FAILED).values_list("pk", flat=True))
        queryset.filter(pk__in=ids).update(status=TaskRun.Status.QUEUED, attempts=0)
        for run_id in ids:
            _send(run_id)
        self.message_user(request, _("%(count)d job(s) queued again.") % {"count": len(ids)}, messages.SUCCESS)
