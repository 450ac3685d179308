"""The question bank in the database: immutable versions loaded from surveys/question_banks/."""

from django.db import models


class QuestionBank(models.Model):
    version = models.PositiveIntegerField(unique=True)
    name = models.CharField(max_length=200)
    content_hash = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class BankRole(models.Model):
    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="roles")
    key = models.CharField(max_length=50)
    title = models.CharField(max_length=100)
    description = models.TextField()
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["bank", "key"], name="unique_role_key_per_bank")]

    def __str__(self) -> str:
        return self.title


class BankMode(models.Model):
    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="modes")
    key = models.CharField(max_length=50)
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=50)
    description = models.TextField()
    source = models.TextField()
    recommendations = models.JSONField(default=list)
    # Questions for a team talking about its results (bank version 2 on; empty before).
    discussion = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["bank", "key"], name="unique_mode_key_per_bank")]

    def __str__(self) -> str:
        return self.title


class BankQuestion(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", "Agreement scale"
        TEXT = "text", "Free text"

    class Polarity(models.TextChoices):
        POSITIVE = "positive", "Agreeing means healthy"
        NEGATIVE = "negative", "Agreeing means at risk"

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    key = models.CharField(max_length=80)
    role = models.CharField(max_length=50)
    mode = models.CharField(max_length=50)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Null, not empty, for text questions: the exports show their polarity as null.
    polarity = models.CharField(max_length=10, choices=Polarity.choices, null=True, blank=True)  # noqa: DJ001
    # The id shared by the statements that ask one fact of each role (bank version 2 on).
    mirror = models.CharField(max_length=80, blank=True, default="")
    text = models.TextField()
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["bank", "key"], name="unique_question_key_per_bank")]

    def __str__(self) -> str:
        return self.key
