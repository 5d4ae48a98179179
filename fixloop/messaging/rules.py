"""Setting up client notifications: a region's settings and its rule per event.

These are the only functions that change them. Each validates everything first and raises a
ValidationError naming the field (a Reply-To that is not an e-mail address, a follow-up outside
1–365 days, wording that does not render or names an unknown placeholder …); nothing is written
then.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fixloop.messaging import rendering
from fixloop.messaging.models import Channel, Event, NotificationRule, RegionNotifications
from fixloop.repairs.models import FINISHED_PHASES, Status
from fixloop.shop.models import Region

LANGUAGES = ("en", "de")
WORDING_FIELDS = tuple(f"{part}_{language}" for language in LANGUAGES for part in ("subject", "body", "sms"))


def notifiable_statuses():
    """The statuses a region may choose for 'status changed': in use, shown to customers, and not
    a closing status (closing is its own event)."""
    return Status.objects.filter(active=True, visible_to_customers=True).exclude(phase__in=FINISHED_PHASES)


def settings_of(region: Region) -> RegionNotifications:
    """The region's settings, or unsaved defaults (everything off) when it has none yet."""
    return RegionNotifications.objects.filter(region=region).first() or RegionNotifications(region=region)


def rules_of(region_settings: RegionNotifications) -> list[NotificationRule]:
    """One rule per event, in the order of Event; unsaved defaults (off) for events never set."""
    saved = {}
    if region_settings.pk:
        saved = {
            rule.event: rule for rule in region_settings.rules.prefetch_related("statuses").order_by("pk")
        }
    return [
        saved.get(event) or NotificationRule(region_notifications=region_settings, event=event)
        for event in Event.values
    ]


def rule_of(region_settings: RegionNotifications, event: str) -> NotificationRule:
    return next(rule for rule in rules_of(region_settings) if rule.event == event)


def _message_dict(error: ValidationError) -> dict:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


@transaction.atomic
def save_settings(
    region: Region, *, active: bool, reply_to: str, portal_url: str, flip_flop_hours: int, by
) -> RegionNotifications:
    region_settings = RegionNotifications.objects.select_for_update().filter(
        region=region
    ).first() or RegionNotifications(region=region)
    region_settings.active = active
    region_settings.reply_to = (reply_to or "").strip()
    region_settings.portal_url = (portal_url or "").strip()
    region_settings.flip_flop_hours = flip_flop_hours
    region_settings.updated_by = by
    region_settings.full_clean(exclude=["region", "updated_by"])
    region_settings.save()
    return region_settings


def check_wording(event: str, wording: dict) -> None:
    """The region's own wording of an event: each filled-in template must pass the same checks as
    the shop's templates (syntax, known placeholders, allowed filters) and render with sample data."""
    errors: dict[str, list[str]] = {}
    sample = rendering.sample_context(event)
    for language in LANGUAGES:
        subject = wording.get(f"subject_{language}", "") or ""
        body = wording.get(f"body_{language}", "") or ""
        sms = wording.get(f"sms_{language}", "") or ""
        slots = []
        if subject.strip() or body.strip():
            slots.append(
                (Channel.EMAIL, subject, body, {"subject": f"subject_{language}", "body": f"body_{language}"})
            )
        if sms.strip():
            slots.append((Channel.SMS, "", sms, {"subject": f"sms_{language}", "body": f"sms_{language}"}))
        for channel, subject_source, body_source, fields in slots:
            try:
                rendering.check_template(event, channel, subject_source, body_source)
                rendering.render(event, channel, language, sample, subject=subject_source, body=body_source)
            except ValidationError as error:
                for field, messages in _message_dict(error).items():
                    errors.setdefault(fields.get(field, fields["body"]), []).extend(messages)
            except Exception as error:  # anything else that stops it from rendering
                errors.setdefault(fields["body"], []).append(
                    _("The template could not be rendered: %(error)s") % {"error": error}
                )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_rule(
    region: Region,
    event: str,
    *,
    active: bool,
    statuses=(),
    attach_report: bool = False,
    follow_up_days: int = 7,
    wording: dict | None = None,
    by,
) -> NotificationRule:
    if event not in Event.values:
        raise ValidationError(_("Unknown event."))
    wording = {field: ((wording or {}).get(field) or "").strip() for field in WORDING_FIELDS}
    statuses = list(statuses) if event == Event.STATUS_CHANGED else []
    errors: dict[str, list[str]] = {}
    try:
        check_wording(event, wording)
    except ValidationError as error:
        errors.update(error.message_dict)
    if event == Event.STATUS_CHANGED:
        allowed = set(notifiable_statuses().values_list("pk", flat=True))
        if any(status.pk not in allowed for status in statuses):
            errors["statuses"] = [_("Choose statuses that are in use and shown to customers.")]
        elif active and not statuses:
            errors["statuses"] = [_("Choose at least one status, or switch the event off.")]

    region_settings = RegionNotifications.objects.select_for_update().filter(
        region=region
    ).first() or RegionNotifications(region=region)
    rule = (
        NotificationRule.objects.filter(region_notifications=region_settings, event=event).first()
        if region_settings.pk
        else None
    ) or NotificationRule(region_notifications=region_settings, event=event)
    rule.active = active
    rule.attach_report = attach_report if event == Event.WORK_ORDER_CLOSED else False
    if event == Event.FOLLOW_UP:
        rule.follow_up_days = follow_up_days
    for field, value in wording.items():
        setattr(rule, field, value)
    rule.updated_by = by
    try:
        rule.full_clean(exclude=["region_notifications", "updated_by", "statuses"], validate_unique=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)

    if region_settings.pk is None:
        region_settings.updated_by = by
        region_settings.save()
        rule.region_notifications = region_settings
    rule.save()
    rule.statuses.set(statuses)
    return rule
