"""A staff member's "My alerts" page: which customer actions e-mail them (messaging/staff_alerts.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fixloop.backoffice.access import staff_required
from fixloop.backoffice.forms.alerts import AlertsForm
from fixloop.backoffice.views.shared import INVALID
from fixloop.core.forms import apply_errors
from fixloop.messaging import staff_alerts
from fixloop.shop.models import ShopProfile


@staff_required
def my_alerts(request):
    shop_language = ShopProfile.get().default_language
    if request.method == "POST":
        form = AlertsForm(request.POST, shop_language=shop_language)
        if form.is_valid():
            try:
                staff_alerts.save_choices(
                    request.user, form.cleaned_data["events"], form.cleaned_data["language"]
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Your alerts are saved."))
                return redirect("backoffice:my_alerts")
        status = INVALID
    else:
        events, language = staff_alerts.choices_of(request.user)
        form = AlertsForm(
            initial={"events": sorted(events), "language": language}, shop_language=shop_language
        )
        status = 200
    return render(request, "backoffice/alerts/edit.html", {"form": form}, status=status)
