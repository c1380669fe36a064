from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("content", "0008_caption_tracks"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="videoasset",
            name="captions",
        ),
        migrations.RemoveField(
            model_name="videoasset",
            name="captions_language",
        ),
    ]
