"""Staff side of the diagnostic overview (inspection): the inspection section of the work-order page
(start, items by category with their photos, prices and the customer's answers, the note for the
customer, items still open from earlier visits, measurements beside the last visit's, sending to
the customer's addresses, the versions sent, thumbs up / down, the communication log), the
section's polling refresh and the staff view of an item's photo or video.

The section is one unit, `#inspection-area`: every form in it posts with htmx and gets the unit
back (HTTP 422 with the form's messages when the input or the service refused it); without
JavaScript the whole work-order page comes back. Every view calls one service of
inspections/services/. Technicians see the section (amounts only when `sees_prices`); changing
it, sending and authorising are for administrators and service advisors.
"""

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, Sum
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fixloop.backoffice import inspection_view
from fixloop.backoffice.access import sees_prices, staff_required
from fixloop.backoffice.forms import inspections as forms
from fixloop.backoffice.views.shared import INVALID, get_work_order, work_order_page
from fixloop.backoffice.work_order_page import INSPECTION, work_order_url
from fixloop.core.actor import Actor
from fixloop.core.forms import apply_errors
from fixloop.inspections.models import Event, Inspection, InspectionItem, Media
from fixloop.inspections.services import authorising, items, sending
from fixloop.repairs.models import WorkOrder

VIEW = "repairs.view_workorder"  # every staff role: technicians see the inspection
MANAGE = "repairs.change_workorder"  # administrators and service advisors: price, send, authorise
AREA_TEMPLATE = "backoffice/inspections/_area.html"
FORM_NAME = "inspection_form"  # the failed form's name on the whole page (work_order_page.FORM_TABS)


# ----------------------------------------------------------------------------- reading


def stamp_of(work_order: WorkOrder) -> str:
    """What the polling refresh compares: changes with anything the section shows that someone else
    may change meanwhile (the customer opens or answers, a technician adds an item or a photo,
    another advisor authorises)."""
    inspection = Inspection.objects.filter(work_order=work_order).values("pk", "updated_at").first()
    if inspection is None:
        return "none"
    figures = InspectionItem.objects.filter(inspection_id=inspection["pk"]).aggregate(
        count=Count("id"),
        revisions=Sum("revision"),
        removed=Count("id", filter=Q(removed_at__isnull=False)),
        up=Count("id", filter=Q(authorised=True)),
        down=Count("id", filter=Q(authorised=False)),
        decided=Max("authorised_at"),
    )
    media = Media.objects.filter(item__inspection_id=inspection["pk"]).aggregate(
        last=Max("id"), count=Count("id")
    )
    event = Event.objects.filter(inspection_id=inspection["pk"]).aggregate(last=Max("id"))["last"]
    decided = figures["decided"]
    return "-".join(
        str(value)
        for value in (
            inspection["pk"],
            int(inspection["updated_at"].timestamp() * 1_000_000),
            figures["count"],
            figures["revisions"] or 0,
            figures["removed"],
            figures["up"],
            figures["down"],
            int(decided.timestamp() * 1_000_000) if decided else 0,
            media["last"] or 0,
            media["count"],
            event or 0,
        )
    )


def area_context(request, work_order: WorkOrder, failed_form=None) -> dict:
    """Everything the inspection section shows."""
    user = request.user
    return inspection_view.section(
        work_order,
        stamp=stamp_of(work_order),
        can_manage=user.has_perm(MANAGE),
        prices=sees_prices(user),
        failed_form=failed_form,
        show_not_saved=bool(request.htmx),
    )


# ----------------------------------------------------------------------------- the section


def _area(request, work_order: WorkOrder, failed_form=None, status: int = 200):
    return render(
        request,
        AREA_TEMPLATE,
        {"work_order": work_order, "area": area_context(request, work_order, failed_form)},
        status=status,
    )


@staff_required(permission=VIEW)
@require_GET
def inspection_area(request, number):
    """The inspection section. Polled every few seconds with the stamp the page shows: "204 No
    Content" while nothing changed, the section when it did (the customer opened or answered)."""
    work_order = get_work_order(request, number)
    if request.GET.get("stamp") == stamp_of(work_order):
        return HttpResponse(status=204)
    return _area(request, work_order)


def _act(request, work_order: WorkOrder, form, perform, slot=("",)):
    """Parse the form, call one service, answer with the section (or the whole page without htmx)."""
    form.slot = slot  # which form of the section failed, to show it again with its messages
    if form.is_valid():
        try:
            perform(form.cleaned_data, Actor.staff(request))
        except ValidationError as error:
            apply_errors(form, error)
    if form.errors:
        if request.htmx:
            return _area(request, work_order, form, status=INVALID)
        return work_order_page(request, work_order, status=INVALID, **{FORM_NAME: form})
    if not request.htmx:
        return redirect(work_order_url(work_order.number, INSPECTION))
    return _area(request, get_work_order(request, work_order.number))


def _inspection(work_order: WorkOrder) -> Inspection:
    return get_object_or_404(Inspection, work_order=work_order)


def _item(work_order: WorkOrder, pk: int) -> InspectionItem:
    """An item of this work order's inspection, not removed; any other id is "not found"."""
    return get_object_or_404(
        InspectionItem.objects.select_related("inspection"),
        pk=pk,
        inspection__work_order=work_order,
        removed_at__isnull=True,
    )


@staff_required(permission=MANAGE)
@require_POST
def inspection_start(request, number):
    work_order = get_work_order(request, number)
    return _act(
        request,
        work_order,
        forms.StartForm(request.POST),
        lambda data, by: items.start(work_order, by=by, checklist=data["checklist"]),
        slot=("start",),
    )


@staff_required(permission=MANAGE)
@require_POST
def inspection_item_add(request, number):
    work_order = get_work_order(request, number)
    inspection = _inspection(work_order)
    form = forms.ItemForm(request.POST, work_order=work_order)
    return _act(
        request,
        work_order,
        form,
        lambda data, by: items.add_item(inspection, by=by, **form.service_arguments()),
        slot=("add",),
    )


@staff_required(permission=MANAGE)
@require_POST
def inspection_item_edit(request, number, pk):
    work_order = get_work_order(request, number)
    item = _item(work_order, pk)
    form = forms.ItemForm(request.POST, work_order=work_order, item=item)
    return _act(
        request,
        work_order,
        form,
        lambda data, by: items.change_item(item, by=by, **form.service_arguments()),
        slot=("item", item.pk),
    )


@staff_required(permission=MANAGE)
@require_POST
def inspection_item_visibility(request, number, pk):
    """The eye toggle: the item shown to the customer or not."""
    work_order = get_work_order(request, number)
    item = _item(work_order, pk)
    return _act(
        request,
        work_order,
        forms.VisibilityForm(request.POST),
        lambda data, by: items.change_item(item, by=by, visible_to_customer=data["visible"]),
        slot=("visibility", item.pk),
    )


@staff_required(permission=MANAGE)
@require_POST
def inspection_item_remove(request, number, pk):
    work_order = get_work_order(request, number)
    item = _item(work_order, pk)
    return _act(
        request,
        work_order,
        forms.ConfirmForm(request.POST),
        lambda data, by: items.remove_item(item, by=by),
        slot=("remove", item.pk),
    )


@staff_required(permission=MANAGE)
@require_POST
def inspection_item_authorise(request, number, pk):
    """Thumbs up (authorised: work required), thumbs down (not authorised) or undecided."""
    work_order = get_work_order(request, number)
    item = _item(work_order, pk)
    form = forms.AuthoriseForm(request.POST)
    return _act(
        request,
        work_order,
        form,
        lambda data, by: authorising.authorise(item, by=by, authorised=form.authorised),
        slot=("authorise", item.pk),
    )


@staff_required(permission=MANAGE)
@require_POST
def inspection_note(request, number):
    work_order = get_work_order(request, number)
    inspection = _inspection(work_order)
    return _act(
        request,
        work_order,
        forms.NoteForm(request.POST),
        lambda data, by: items.set_note_for_customer(inspection, data["note_for_customer"], by=by),
        slot=("note",),
    )


@staff_required(permission=MANAGE)
@require_POST
def inspection_offer_again(request, number, pk):
    """An item declined (or "contact me") at an earlier visit of the same unit, offered again."""
    work_order = get_work_order(request, number)
    inspection = _inspection(work_order)
    earlier = inspection_view.earlier_items(work_order, inspection)
    item = next((found for found in earlier if found.pk == pk), None)
    if item is None:
        raise Http404
    return _act(
        request,
        work_order,
        forms.ConfirmForm(request.POST),
        lambda data, by: items.add_item(
            inspection,
            by=by,
            category=item.category,
            description=item.description,
            technician_note=item.technician_note,
            labour=item.labour,
            parts=item.parts,
            vat_rate=item.vat_rate
            if item.vat_rate and item.vat_rate.location_id == work_order.location_id
            else None,
            carried_from=item,
        ),
        slot=("offer", item.pk),
    )


@staff_required(permission=MANAGE)
@require_POST
def inspection_send(request, number):
    work_order = get_work_order(request, number)
    inspection = _inspection(work_order)
    return _act(
        request,
        work_order,
        forms.SendForm(request.POST, customer=work_order.customer),
        lambda data, by: sending.send(inspection, by=by, emails=data["emails"], phones=data["phones"]),
        slot=("send",),
    )


# ----------------------------------------------------------------------------- photos and videos

IMAGE_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF8", "image/gif"),
)


def thumbnail_type(head: bytes) -> str | None:
    """The content type of a stored thumbnail, read from its first bytes."""
    for signature, content_type in IMAGE_SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


@staff_required(permission=VIEW)
@require_GET
def inspection_media(request, number, pk):
    """A photo or video of an item of this work order's inspection (the technician's or the
    customer's), or its thumbnail (`?thumbnail=1`), with the content type checked when it was
    uploaded; the browser is told not to guess another."""
    media = get_object_or_404(Media, pk=pk, item__inspection__work_order__number=number)
    if request.GET.get("thumbnail") and media.thumbnail:
        stored, name = media.thumbnail, f"thumbnail-{media.pk}"
        try:
            handle = stored.open("rb")
        except FileNotFoundError:
            raise Http404(_("The file is missing from storage.")) from None
        content_type = thumbnail_type(handle.read(16))
        handle.seek(0)
        if content_type is None:
            handle.close()
            raise Http404(_("The file is missing from storage."))
    else:
        try:
            handle = media.file.open("rb")
        except FileNotFoundError:
            raise Http404(_("The file is missing from storage.")) from None
        content_type, name = media.content_type, media.name
    response = FileResponse(handle, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
