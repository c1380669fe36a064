"""The "Programme coordinators" group: its members see the aggregated screening figures."""

from django.db import migrations

PERMISSION = "view_screening_figures"


def create_group(apps, schema_editor):  # noqa: ANN001, ANN201
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _created = ContentType.objects.get_or_create(app_label="prevention", model="screening")
    permission, _created = Permission.objects.get_or_create(
        codename=PERMISSION, content_type=content_type,
        defaults={"name": "Can see the aggregated screening figures"})
    group, _created = Group.objects.get_or_create(name="Programme coordinators")
    group.permissions.add(permission)


def remove_group(apps, schema_editor):  # noqa: ANN001, ANN201
    apps.get_model("auth", "Group").objects.filter(name="Programme coordinators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("prevention", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_group, remove_group)]
