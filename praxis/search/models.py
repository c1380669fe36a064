"""One search index for every kind of object. The full-text part lives beside this table, per backend:

- PostgreSQL: `vector` and `title_words` tsvector columns on this table, with GIN indexes (see migrations);
- SQLite: the FTS5 table `search_fts` whose rowid is this table's id.
"""

from django.db import models


class SearchEntry(models.Model):
    kind = models.CharField(max_length=30)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    language = models.CharField(max_length=5, default="fr")
    url = models.CharField(max_length=500, blank=True)
    date = models.DateTimeField(null=True, blank=True)
    # Facets stored as "|a|b|" so that one `contains "|a|"` filter works the same on both backends.
    themes = models.CharField(max_length=1000, blank=True, default="")
    professions = models.CharField(max_length=500, blank=True, default="")
    country = models.CharField(max_length=2, blank=True)
    is_reviewed = models.BooleanField(default=False)
    popularity = models.PositiveIntegerField(default=0)
    # Who the object reaches ("public", "verified", "institution:12", "community:3"), filtered in the same scan as
    # the words; "" when the kind's selector must decide (see registry.py).
    audience = models.CharField(max_length=40, blank=True, default="")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object")]
        indexes = [models.Index(fields=["-date"], name="search_entry_date")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"

    @property
    def theme_list(self) -> list[str]:
        return [value for value in self.themes.split("|") if value]

    @property
    def profession_list(self) -> list[str]:
        return [value for value in self.professions.split("|") if value]


class IndexWatermark(models.Model):
    """How far the periodic catch-up has indexed each kind (by the objects' `updated_at`)."""

    kind = models.CharField(max_length=30, unique=True)
    indexed_until = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.kind} until {self.indexed_until:%Y-%m-%d %H:%M}"
