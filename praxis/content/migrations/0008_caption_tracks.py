"""Captions become one track per language (CaptionTrack), kept as cues. The single WebVTT file a capsule could have
had is read from the storage and carried over; a file that is missing or no longer parses is left out (logged)."""

import logging

import django.db.models.deletion
from django.db import migrations, models

log = logging.getLogger(__name__)


def carry_over(apps, schema_editor):
    from django.core.files.storage import default_storage
    from django.core.exceptions import ValidationError

    from praxis.content.media.captions import parse_captions

    VideoAsset = apps.get_model("content", "VideoAsset")
    CaptionTrack = apps.get_model("content", "CaptionTrack")
    for asset in VideoAsset.objects.exclude(captions="").iterator():
        try:
            with default_storage.open(asset.captions, "rb") as handle:
                source_format, cues = parse_captions(handle.read())
        except (OSError, ValidationError) as error:
            log.warning("captions of content %s not carried over: %s", asset.content_id, error)
            continue
        CaptionTrack.objects.get_or_create(
            content_id=asset.content_id, language=(asset.captions_language or "fr")[:5],
            defaults={"source_format": source_format, "cues": [
                {"start": cue.start, "end": cue.end, "text": cue.text, **({"settings": cue.settings}
                                                                          if cue.settings else {})}
                for cue in cues]})


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0007_theme_names'),
    ]

    operations = [
        migrations.CreateModel(
            name='CaptionTrack',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(choices=[('fr', 'French'), ('nl', 'Dutch'), ('en', 'English'), ('de', 'German')], max_length=5, verbose_name='language')),
                ('cues', models.JSONField(default=list, verbose_name='cues')),
                ('source_format', models.CharField(choices=[('vtt', 'WebVTT'), ('srt', 'SRT')], max_length=3, verbose_name='format of the file sent')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('content', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='caption_tracks', to='content.content', verbose_name='content')),
            ],
            options={
                'verbose_name': 'captions track',
                'verbose_name_plural': 'captions tracks',
                'ordering': ['content', 'language'],
                'constraints': [models.UniqueConstraint(fields=('content', 'language'), name='content_caption_track_one_per_language')],
            },
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
    ]
