"""Questions and answers under content items, "useful" votes, bookmarks and playlists.

Threads are one level deep: a question and its answers. Answers are read by key, (created_at, id), never by offset,
so the last page of a 5,000-answer thread costs what the first one costs.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _


class PostState(models.TextChoices):
    """A question or an answer stays in its thread when it goes: a placeholder keeps the thread readable."""

    VISIBLE = "visible", _("visible")
    DELETED = "deleted", _("deleted by its author")
    HIDDEN = "hidden", _("hidden by a moderator")


class Post(models.Model):
    """What questions and answers share: the state, the version an edit must start from, the "edited" mark."""

    state = models.CharField(_("state"), max_length=10, choices=PostState, default=PostState.VISIBLE)
    # Raised by every edit: an edit sent from an older version is a conflict, never a silent overwrite.
    version = models.PositiveIntegerField(_("version"), default=1)
    edited_at = models.DateTimeField(_("edited on"), null=True, blank=True)
    # Members' flags (review.Flag's generic target): they go with the post.
    flags = GenericRelation("review.Flag", content_type_field="target_type", object_id_field="target_id")

    class Meta:
        abstract = True

    @property
    def is_visible(self) -> bool:
        return self.state == PostState.VISIBLE


class Question(Post):
    content = models.ForeignKey(
        "content.Content", on_delete=models.CASCADE, related_name="questions", verbose_name=_("content")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questions", verbose_name=_("author")
    )
    # Asked "anonymously to peers": members do not see the name; moderators do (rules.can_see_identity).
    is_anonymous = models.BooleanField(_("anonymous to peers"), default=False)
    body = models.TextField(_("question"), max_length=5000)
    answer_count = models.PositiveIntegerField(default=0)
    accepted_answer = models.ForeignKey(
        "Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("accepted answer")
    )
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content", "-created_at", "-id"])]

    def __str__(self) -> str:
        return self.body[:60]


class Answer(Post):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answers", verbose_name=_("author")
    )
    body = models.TextField(_("answer"), max_length=5000)
    useful_count = models.PositiveIntegerField(_("useful votes"), default=0)
    created_at = models.DateTimeField(_("answered on"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "id"]
        # The keyset: WHERE question = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT n.
        indexes = [models.Index(fields=["question", "created_at", "id"], name="discussions_answer_keyset")]

    def __str__(self) -> str:
        return self.body[:60]


class ContentVote(models.Model):
    """A member found a content item useful (one per member, toggled)."""

    content = models.ForeignKey("content.Content", on_delete=models.CASCADE, related_name="useful_votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("useful vote on content")
        verbose_name_plural = _("useful votes on content")
        constraints = [models.UniqueConstraint(fields=["content", "user"], name="discussions_one_content_vote")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.content_id}"


class AnswerVote(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("useful vote on an answer")
        verbose_name_plural = _("useful votes on answers")
        constraints = [models.UniqueConstraint(fields=["answer", "user"], name="discussions_one_answer_vote")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.answer_id}"


class Bookmark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    content = models.ForeignKey("content.Content", on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(_("bookmarked on"), auto_now_add=True)

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "content"], name="discussions_one_bookmark")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.content_id}"


class Playlist(models.Model):
    """A member's named, ordered list of content items (private to its owner)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="playlists",
                              verbose_name=_("owner"))
    name = models.CharField(_("name"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("playlist")
        verbose_name_plural = _("playlists")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="discussions_playlist_name_unique")]

    def __str__(self) -> str:
        return self.name


class PlaylistItem(models.Model):
    playlist = models.ForeignKey(Playlist, on_delete=models.CASCADE, related_name="items")
    content = models.ForeignKey("content.Content", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["playlist", "content"], name="discussions_playlist_item_unique")]

    def __str__(self) -> str:
        return f"{self.playlist_id} · {self.content_id}"


class PostRevision(models.Model):
    """The text of a question or an answer before an edit (moderators read the versions)."""

    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("text"))
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("replaced by"))
    by_moderator = models.BooleanField(_("edited by a moderator"), default=False)
    replaced_at = models.DateTimeField(_("replaced on"), auto_now_add=True)

    class Meta:
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")
        ordering = ["-version", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(question__isnull=False, answer__isnull=True)
                | models.Q(question__isnull=True, answer__isnull=False),
                name="discussions_revision_of_one_post",
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.version} · {self.body[:40]}"
