"""The full-text side of the index, per database vendor.

PostgreSQL: the `unaccent` extension, text search configurations `praxis_fr`, `praxis_nl`, `praxis_en` (accents
removed, then the Snowball stemmer of the language, with its stop words) and `praxis_simple` (accents removed, no
stemming: autocomplete prefixes); two stored tsvector columns with GIN indexes.
SQLite: an FTS5 table (`unicode61 remove_diacritics 2`) holding stems computed in Python (FTS5 has no French stemmer).
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    *[
        f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'praxis_{code}') THEN
            CREATE TEXT SEARCH CONFIGURATION praxis_{code} ( COPY = {base} );
            ALTER TEXT SEARCH CONFIGURATION praxis_{code}
              ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary};
          END IF;
        END $$;
        """
        for code, base, dictionary in [
            ("fr", "french", "french_stem"), ("nl", "dutch", "dutch_stem"), ("en", "english", "english_stem"),
            ("simple", "simple", "simple"),
        ]
    ],
    "ALTER TABLE search_searchentry ADD COLUMN vector tsvector",
    "ALTER TABLE search_searchentry ADD COLUMN title_words tsvector",
    "CREATE INDEX search_entry_vector ON search_searchentry USING GIN (vector)",
    "CREATE INDEX search_entry_title_words ON search_searchentry USING GIN (title_words)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_title_words",
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_words",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vector",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, body, title_words, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]


def _run(statements_by_vendor: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
