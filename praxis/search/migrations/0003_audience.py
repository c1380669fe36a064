"""Each entry's audience, so that search filters visibility in the same scan as the words (see registry.py).

Existing entries of contents and questions get their content's audience here; events and verified institutions are
public. Job offers keep "" (their selector decides). Whatever this misses is "" too, which is always correct (the
selector decides), only slower until the next re-index."""

from django.db import migrations, models

_CONTENT_AUDIENCE = """
    SELECT CASE c.visibility
        WHEN 'institution' THEN 'institution:' || CAST(c.institution_id AS TEXT)
        WHEN 'community' THEN 'community:' || CAST(c.community_id AS TEXT)
        ELSE c.visibility END
    FROM content_content c WHERE c.id = {content_id}
"""

FILL = [
    "UPDATE search_searchentry SET audience = COALESCE(("
    + _CONTENT_AUDIENCE.format(content_id="search_searchentry.object_id") + "), '') WHERE kind = 'content'",
    "UPDATE search_searchentry SET audience = COALESCE(("
    + _CONTENT_AUDIENCE.format(content_id="(SELECT q.content_id FROM discussions_question q "
                                          "WHERE q.id = search_searchentry.object_id)")
    + "), '') WHERE kind = 'question'",
    "UPDATE search_searchentry SET audience = 'public' WHERE kind IN ('event', 'institution')",
]


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0002_fulltext"),
        ("content", "0004_upload_videoasset_playbackposition"),
        ("discussions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="audience",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        *(migrations.RunSQL(sql, migrations.RunSQL.noop) for sql in FILL),
    ]
