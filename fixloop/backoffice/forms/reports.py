"""Forms of the status-report pages: the schedule and an account's report settings."""

from django import forms

from fixloop.reports.models import ReportSchedule, ReportSubscription


class SubscriptionForm(forms.ModelForm):
    class Meta:
        model = ReportSubscription
        fields = ["active", "methods", "prioritise", "custom_message", "include_closed_days"]
        widgets = {"custom_message": forms.Textarea(attrs={"rows": 4})}


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = ReportSchedule
        fields = ["active", "time_of_day", "weekdays", "weekends"]
        widgets = {"time_of_day": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
