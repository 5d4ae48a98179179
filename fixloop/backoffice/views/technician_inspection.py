"""The technician's inspection page (tablet and phone): start the inspection from a checklist, rate
its points green / yellow / red with a note and the point's measurement, add items (free or from a
template), add photos and videos to an item. Views parse, call one service, render.

A rating saves without leaving the page (htmx swaps the point's row and the progress); without
JavaScript every form posts and comes back to the page at its row. Bad input: the page (or the
row) again with the field's message, HTTP 422, nothing written. A point of another checklist, an
item or a photo of another work order: 404. A closed work order's inspection is read only."""

import mimetypes
from decimal import Decimal

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fixloop.backoffice import inspection_sheet
from fixloop.backoffice.access import sees_prices, staff_required
from fixloop.backoffice.forms.technician_inspection import (
    ItemForm,
    MediaForm,
    PointForm,
    StartForm,
    TemplateForm,
)
from fixloop.backoffice.views.shared import INVALID, get_work_order
from fixloop.core.actor import Actor
from fixloop.core.forms import apply_errors
from fixloop.inspections.models import ChecklistPoint, InspectionItem, Media
from fixloop.inspections.services import checklists, items, media

INSPECT = "inspections.add_inspectionitem"
CLOSED = 409  # the work order is closed: its inspection is read only


def page_url(number: str, anchor: str = "") -> str:
    path = reverse("backoffice:technician_inspection", kwargs={"number": number})
    return f"{path}#{anchor}" if anchor else path


def point_form(row, data=None) -> PointForm:
    initial = {}
    if row.item:
        initial["note"] = row.item.technician_note
    if row.measured:
        value = row.measured.value  # 4.80 shown as 4.8, 2.00 as 2
        initial["value"] = (
            value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
        )
    return PointForm(data, point=row.point, initial=initial)


def render_page(request, work_order, *, status=200, bound=None, refused=""):
    """The whole page; `bound` maps ("point" | "media", id) or a form's name to the form that failed."""
    bound = bound or {}
    sheet = inspection_sheet.sheet(work_order)
    for row in sheet.points:
        row.form = bound.get(("point", row.point.pk)) or point_form(row)
    for item in [row.item for row in sheet.points if row.item] + sheet.items:
        item.media_form = bound.get(("media", item.pk)) or MediaForm(item=item)
    prices = sees_prices(request.user)
    context = {
        "work_order": work_order,
        "sheet": sheet,
        "read_only": work_order.is_closed,
        "refused": refused,
        "start_form": bound.get("start") or StartForm(),
        "item_form": bound.get("item") or ItemForm(prices=prices),
        "template_form": bound.get("template") or TemplateForm(),
        "show_prices": prices,
    }
    return render(request, "backoffice/technician_inspection.html", context, status=status)


def closed(request, work_order):
    return render_page(
        request,
        work_order,
        status=CLOSED,
        refused=_("This work order is closed: its inspection can only be read."),
    )


def inspection_or_404(work_order):
    inspection = inspection_sheet.inspection_of(work_order)
    if inspection is None:
        raise Http404
    return inspection


@staff_required(permission=INSPECT)
@require_GET
def inspection_page(request, number):
    return render_page(request, get_work_order(request, number))


@staff_required(permission=INSPECT)
@require_POST
def inspection_start(request, number):
    work_order = get_work_order(request, number)
    if work_order.is_closed:
        return closed(request, work_order)
    form = StartForm(request.POST)
    if form.is_valid():
        try:
            items.start(work_order, by=Actor.staff(request), checklist=form.cleaned_data["checklist"])
        except ValidationError as error:
            apply_errors(form, error)
    if form.errors:
        # started meanwhile (another tablet): the page shows the inspection, and why nothing happened
        started = inspection_sheet.inspection_of(work_order) is not None
        refused = " ".join(form.non_field_errors()) if started else ""
        return render_page(request, work_order, status=INVALID, bound={"start": form}, refused=refused)
    flash.success(request, _("The inspection is started."))
    return redirect(page_url(number))


@staff_required(permission=INSPECT)
@require_POST
def inspection_point(request, number, point):
    work_order = get_work_order(request, number)
    inspection = inspection_or_404(work_order)
    point = get_object_or_404(ChecklistPoint, pk=point, checklist_id=inspection.checklist_id)
    if work_order.is_closed:
        return closed(request, work_order)
    form = PointForm(request.POST, point=point)
    if form.is_valid():
        try:
            checklists.rate_point(
                inspection,
                point,
                form.cleaned_data["rating"],
                by=Actor.staff(request),
                note=form.cleaned_data["note"],
                value=form.cleaned_data.get("value"),
            )
        except ValidationError as error:
            apply_errors(form, error)
    status = INVALID if form.errors else 200
    if request.htmx:
        row = inspection_sheet.point_row(inspection, point)
        row.form = form if form.errors else point_form(row)
        if row.item:
            row.item.media_form = MediaForm(item=row.item)
        context = {
            "row": row,
            "work_order": work_order,
            "sheet": {
                "rated": inspection_sheet.rated_count(inspection),
                "total": point.checklist.points.count(),
            },
            "swap_progress": True,
        }
        return render(request, "backoffice/technician_inspection_point.html", context, status=status)
    if form.errors:
        return render_page(request, work_order, status=INVALID, bound={("point", point.pk): form})
    return redirect(page_url(number, f"point-{point.pk}"))


@staff_required(permission=INSPECT)
@require_POST
def inspection_item(request, number):
    work_order = get_work_order(request, number)
    inspection = inspection_or_404(work_order)
    if work_order.is_closed:
        return closed(request, work_order)
    form = ItemForm(request.POST, prices=sees_prices(request.user))
    if form.is_valid():
        try:
            item = items.add_item(inspection, by=Actor.staff(request), **form.item_fields())
        except ValidationError as error:
            apply_errors(form, error)
    if form.errors:
        return render_page(request, work_order, status=INVALID, bound={"item": form})
    flash.success(request, _("“%(item)s” is added.") % {"item": item.description})
    return redirect(page_url(number, f"item-{item.pk}"))


@staff_required(permission=INSPECT)
@require_POST
def inspection_template(request, number):
    work_order = get_work_order(request, number)
    inspection = inspection_or_404(work_order)
    if work_order.is_closed:
        return closed(request, work_order)
    form = TemplateForm(request.POST)
    if form.is_valid():
        try:
            item = items.add_from_template(inspection, form.cleaned_data["template"], by=Actor.staff(request))
        except ValidationError as error:
            apply_errors(form, error)
    if form.errors:
        return render_page(request, work_order, status=INVALID, bound={"template": form})
    flash.success(request, _("“%(item)s” is added.") % {"item": item.description})
    return redirect(page_url(number, f"item-{item.pk}"))


@staff_required(permission=INSPECT)
@require_POST
def inspection_media(request, number, item):
    work_order = get_work_order(request, number)
    inspection = inspection_or_404(work_order)
    item = get_object_or_404(InspectionItem, pk=item, inspection=inspection, removed_at__isnull=True)
    if work_order.is_closed:
        return closed(request, work_order)
    form = MediaForm(request.POST, request.FILES, item=item)
    if form.is_valid():
        try:
            media.add_media(item, form.cleaned_data["file"], by=Actor.staff(request))
        except ValidationError as error:
            apply_errors(form, error)
    if form.errors:
        return render_page(request, work_order, status=INVALID, bound={("media", item.pk): form})
    flash.success(request, _("The photo or video is added to “%(item)s”.") % {"item": item.description})
    anchor = f"point-{item.checklist_point_id}" if item.checklist_point_id else f"item-{item.pk}"
    return redirect(page_url(number, anchor))


@staff_required(permission=INSPECT)
@require_GET
def inspection_file(request, number, pk, thumbnail=False):
    """A photo or video of this work order's inspection (or its thumbnail), shown in the page."""
    found = get_object_or_404(Media, pk=pk, item__inspection__work_order__number=number)
    stored = found.thumbnail if thumbnail else found.file
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing from storage.")) from None
    content_type = (mimetypes.guess_type(stored.name)[0] or "image/jpeg") if thumbnail else found.content_type
    response = FileResponse(handle, filename=found.name, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
