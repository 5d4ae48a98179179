"""Repair status listing reports: the schedule, each account's subscription, and the runs."""

from datetime import time

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fixloop.customers.models import CustomerAccount
from fixloop.messaging.models import Channel


class ReportSchedule(models.Model):
    """When the reports go out, in the shop's time zone. There is one row (pk=1)."""

    active = models.BooleanField(_("send reports on schedule"), default=False)
    time_of_day = models.TimeField(_("time of day"), default=time(7, 0))
    weekdays = models.BooleanField(_("on weekdays"), default=True)
    weekends = models.BooleanField(_("on weekends"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedule")

    def __str__(self) -> str:
        return str(_("Status report schedule"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def get(cls) -> "ReportSchedule":
        schedule, _created = cls.objects.get_or_create(pk=1)
        return schedule


class ReportSubscription(models.Model):
    """Whether and how one customer account receives the report."""

    class Methods(models.TextChoices):
        EMAIL = "email", _("E-mail")
        FAX = "fax", _("Fax")
        BOTH = "both", _("E-mail and fax")

    customer = models.OneToOneField(
        CustomerAccount,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="report_subscription",
    )
    active = models.BooleanField(_("receive the status report"), default=False)
    methods = models.CharField(_("send by"), max_length=5, choices=Methods.choices, default=Methods.EMAIL)
    prioritise = models.BooleanField(
        _("fax only when e-mail is impossible"),
        default=False,
        help_text=_("With both methods: send the fax only if the report cannot go by e-mail."),
    )
    custom_message = models.TextField(
        _("custom message"), blank=True, max_length=2000, help_text=_("Plain text, included in the message.")
    )
    include_closed_days = models.PositiveSmallIntegerField(
        _("include repairs closed in the last (days)"), default=0, validators=[MaxValueValidator(365)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("status report subscription")
        verbose_name_plural = _("status report subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(include_closed_days__lte=365), name="report_closed_days_at_most_365"
            )
        ]

    def __str__(self) -> str:
        return str(self.customer)


class ReportRun(models.Model):
    """One sending of the reports for one local date. `key` is unique: a second run for the same date
    needs force (which gives it a key of its own)."""

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    report_date = models.DateField(_("report date"))
    key = models.CharField(max_length=80, unique=True)
    forced = models.BooleanField(_("forced"), default=False)
    trigger = models.CharField(_("started by"), max_length=20, default="manual")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.RUNNING)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    sent = models.PositiveIntegerField(_("sent"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-started_at", "-id"]
        # "Run now" in the back office (administrators by default; the CLI needs no permission).
        permissions = [("start_report_run", _("Can start a status report run by hand"))]

    def __str__(self) -> str:
        return f"{self.report_date} ({self.get_state_display()})"

    @staticmethod
    def key_for(report_date) -> str:
        return f"schedule:{report_date.isoformat()}"


class ReportRunItem(models.Model):
    """What a run did for one account: sent (by which methods), skipped (why) or failed (the error)."""

    class Outcome(models.TextChoices):
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped")
        FAILED = "failed", _("Failed")

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="items")
    customer = models.ForeignKey(CustomerAccount, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    method = models.CharField(_("sent by"), max_length=10, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    message = models.ForeignKey(
        "messaging.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    fax_message = models.ForeignKey(
        "messaging.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("report run item")
        verbose_name_plural = _("report run items")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "customer"], name="report_run_item_once_per_customer")
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.get_outcome_display()}"

    @property
    def method_label(self) -> str:
        """How the report went, as staff read it: "E-mail", "E-mail and fax" ("" when not sent)."""
        names = [str(Channel(method).label) for method in self.method.split("+") if method]
        return str(_(" and ")).join(names)
