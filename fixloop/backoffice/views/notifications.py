"""Staff pages of client notifications: the regions, a region's settings and events, one event's
rule with its own wording."""

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from fixloop.backoffice.access import staff_required
from fixloop.backoffice.forms.notifications import RegionSettingsForm, RuleForm
from fixloop.backoffice.views.shared import INVALID
from fixloop.core.forms import apply_errors
from fixloop.messaging import rules
from fixloop.messaging.kinds import KINDS
from fixloop.messaging.models import Event, NotificationRule
from fixloop.shop.models import Region

VIEW = "messaging.view_regionnotifications"
CHANGE = "messaging.change_regionnotifications"


def _region(code: str) -> Region:
    return get_object_or_404(Region, code=code)


def _summary(rule: NotificationRule) -> str:
    if rule.event == Event.STATUS_CHANGED:
        names = [status.name() for status in rule.statuses.all()] if rule.pk else []
        return _("Statuses: %(names)s") % {"names": ", ".join(names)} if names else _("No status chosen")
    if rule.event == Event.WORK_ORDER_CLOSED:
        return _("With the work-order report (PDF)") if rule.attach_report else _("Without the report")
    if rule.event == Event.FOLLOW_UP:
        days = rule.follow_up_days
        return ngettext("%(days)d day after closing", "%(days)d days after closing", days) % {"days": days}
    return ""


def _own_languages(rule: NotificationRule) -> list[str]:
    return [
        language.upper()
        for language in rules.LANGUAGES
        if any(getattr(rule, f"{part}_{language}").strip() for part in ("body", "sms"))
    ]


# ----------------------------------------------------------------------------- regions


@staff_required(permission=VIEW)
@require_GET
def region_list(request):
    regions = Region.objects.annotate(
        customer_count=Count("customers", distinct=True),
        active_events=Count(
            "notifications__rules", filter=Q(notifications__rules__active=True), distinct=True
        ),
    ).select_related("notifications")
    rows = []
    for region in regions.order_by("name"):
        region_settings = getattr(region, "notifications", None)
        rows.append({"region": region, "settings": region_settings})
    return render(request, "backoffice/notifications/regions.html", {"rows": rows, "nav": "messages"})


def _region_page(request, region, form, status=200):
    region_settings = rules.settings_of(region)
    rows = [
        {
            "rule": rule,
            "label": Event(rule.event).label,
            "summary": _summary(rule),
            "own": _own_languages(rule),
        }
        for rule in rules.rules_of(region_settings)
    ]
    return render(
        request,
        "backoffice/notifications/region.html",
        {
            "region": region,
            "settings": region_settings,
            "form": form,
            "rows": rows,
            "customer_count": region.customers.count(),
            "can_edit": request.user.has_perm(CHANGE),
            "nav": "messages",
        },
        status=status,
    )


@staff_required(permission=VIEW)
def region_detail(request, code):
    region = _region(code)
    if request.method != "POST":
        return _region_page(request, region, RegionSettingsForm(instance=rules.settings_of(region)))
    if not request.user.has_perm(CHANGE):
        raise PermissionDenied
    form = RegionSettingsForm(request.POST, instance=rules.settings_of(region))
    if form.is_valid():
        try:
            rules.save_settings(
                region,
                by=request.user,
                **{name: form.cleaned_data[name] for name in RegionSettingsForm.Meta.fields},
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash.success(
                request, _("The client notifications of %(region)s are saved.") % {"region": region}
            )
            return redirect("backoffice:notification_region", code=region.code)
    return _region_page(request, region, form, status=INVALID)


# ----------------------------------------------------------------------------- one event's rule


def _rule_page(request, region, event, form, status=200):
    return render(
        request,
        "backoffice/notifications/rule.html",
        {
            "region": region,
            "event": event,
            "event_label": Event(event).label,
            "form": form,
            "placeholders": KINDS[event].all_placeholders,
            "region_active": rules.settings_of(region).active,
            "can_edit": request.user.has_perm(CHANGE),
            "nav": "messages",
        },
        status=status,
    )


@staff_required(permission=VIEW)
def rule_edit(request, code, event):
    region = _region(code)
    if event not in Event.values:
        raise Http404
    rule = rules.rule_of(rules.settings_of(region), event)
    if request.method != "POST":
        initial = {"statuses": list(rule.statuses.all())} if rule.pk else {}
        return _rule_page(request, region, event, RuleForm(instance=rule, event=event, initial=initial))
    if not request.user.has_perm(CHANGE):
        raise PermissionDenied
    form = RuleForm(request.POST, instance=rule, event=event)
    if form.is_valid():
        data = form.cleaned_data
        try:
            rules.save_rule(
                region,
                event,
                active=data["active"],
                statuses=data.get("statuses") or [],
                attach_report=data.get("attach_report", False),
                follow_up_days=data.get("follow_up_days") or rule.follow_up_days,
                wording={field: data.get(field, "") for field in rules.WORDING_FIELDS},
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash.success(
                request,
                _("“%(event)s” is saved for %(region)s.") % {"event": Event(event).label, "region": region},
            )
            return redirect("backoffice:notification_region", code=region.code)
    return _rule_page(request, region, event, form, status=INVALID)
