"""Forms of the client-notification pages: a region's settings and one event's rule with its own
wording per language."""

from django import forms
from django.utils.translation import gettext_lazy

from fixloop.messaging import rendering, rules
from fixloop.messaging.models import Channel, Event, NotificationRule, RegionNotifications

LANGUAGE_NAMES = {"en": gettext_lazy("English"), "de": gettext_lazy("German")}


class HttpsURLField(forms.URLField):
    """An address typed without a scheme is read as https://."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class RegionSettingsForm(forms.ModelForm):
    class Meta:
        model = RegionNotifications
        fields = ["active", "reply_to", "portal_url", "flip_flop_hours"]
        widgets = {"reply_to": forms.EmailInput()}
        field_classes = {"portal_url": HttpsURLField}


class RuleForm(forms.ModelForm):
    class Meta:
        model = NotificationRule
        fields = ["active", "statuses", "attach_report", "follow_up_days", *rules.WORDING_FIELDS]
        widgets = {
            "statuses": forms.CheckboxSelectMultiple(),
            **{
                f"{part}_{language}": forms.Textarea(attrs={"rows": 8 if part == "body" else 3})
                for part in ("body", "sms")
                for language in rules.LANGUAGES
            },
        }

    def __init__(self, *args, event: str, **kwargs):
        super().__init__(*args, **kwargs)
        if event != Event.STATUS_CHANGED:
            del self.fields["statuses"]
        else:
            self.fields["statuses"].queryset = rules.notifiable_statuses()
        if event != Event.WORK_ORDER_CLOSED:
            del self.fields["attach_report"]
        if event != Event.FOLLOW_UP:
            del self.fields["follow_up_days"]
        else:
            self.fields["follow_up_days"].min_value = 1
        for language in rules.LANGUAGES:
            subject, body = rendering.template_source(event, Channel.EMAIL, language)
            self.fields[f"subject_{language}"].widget.attrs["placeholder"] = subject
            self.fields[f"body_{language}"].widget.attrs["placeholder"] = body
            self.fields[f"sms_{language}"].widget.attrs["placeholder"] = rendering.template_source(
                event, Channel.SMS, language
            )[1]

    def wording_fields(self):
        """[(language name, [bound fields])] for the template."""
        return [
            (LANGUAGE_NAMES[language], [self[f"{part}_{language}"] for part in ("subject", "body", "sms")])
            for language in rules.LANGUAGES
        ]

    def setting_fields(self):
        return [self[name] for name in ("active", "attach_report", "follow_up_days") if name in self.fields]

    def status_field(self):
        return self["statuses"] if "statuses" in self.fields else None
