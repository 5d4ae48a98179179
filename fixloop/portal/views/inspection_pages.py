"""One inspection (diagnostic overview) as the customer sees it, shared by its two ways in: its own
secret link (views/inspections.py, /inspection/<token>/) and the signed-in portal
(views/signed_in_inspections.py, /portal/inspections/<id>/). Those modules find the inspection their
way in may see and render in the customer's language; this one shows the page of the current
version (a welcome screen, the items by category with the technician's photos, the answer per item,
a running summary, the name and the send button; after sending, what was chosen), records each
open, carries out the answers, and serves the photos and videos of the items the version shows.

The page is built from the version's frozen content (inspections/presentation.py); what the customer
answered earlier is kept for items that did not change (inspections/queries.py).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from fixloop.core.actor import Actor
from fixloop.core.contact import format_phone
from fixloop.core.formats import money_text
from fixloop.core.forms import apply_errors
from fixloop.inspections import presentation, queries
from fixloop.inspections.models import Category, Choice, Inspection, InspectionVersion, Media
from fixloop.inspections.services import answers as answer_service
from fixloop.portal.forms.inspections import MAX_PHOTOS, AnswersForm, upload_limit
from fixloop.portal.http import INVALID, oversized, private, see_other

CONFLICT = 409
# What answers.submit refuses because the page is no longer the one to answer (409, not the form's fault).
CONFLICTS = {"old_version", "answered", "closed", "not_sent"}
MEDIA_MAX_AGE = 3600
LINK_LAYOUT = "portal/inspections/layout.html"
SIGNED_IN_LAYOUT = "portal/signed_in/inspections/layout.html"


@dataclass(frozen=True)
class InspectionUrls:
    page: str
    back: str = ""  # the signed-in list

    @property
    def answer(self) -> str:
        return f"{self.page}answer/"

    def media(self, pk: int) -> str:
        return f"{self.page}media/{pk}/"

    def thumbnail(self, pk: int) -> str:
        return f"{self.page}media/{pk}/thumbnail/"


@dataclass(frozen=True)
class Page:
    """What a view of one inspection gets. Signed in, the person is who answers (Actor.portal) and
    the form carries Django's CSRF token; by link, whoever types their name."""

    inspection: Inspection
    urls: InspectionUrls
    signed_in: bool = False

    @property
    def layout(self) -> str:
        return SIGNED_IN_LAYOUT if self.signed_in else LINK_LAYOUT

    @property
    def channel(self) -> str:
        return "portal" if self.signed_in else "link"

    def actor(self, request, name: str = "") -> Actor:
        return Actor.portal(request) if self.signed_in else Actor.customer(request, name=name)


def gone(request):
    """Unknown, expired or revoked: one answer for all, and nothing about any inspection."""
    return private(render(request, "portal/inspections/gone.html", status=404))


def current_version(inspection: Inspection) -> InspectionVersion | None:
    if not inspection.version:
        return None
    return inspection.versions.filter(number=inspection.version).first()


def answerable(content: dict) -> list[dict]:
    return [item for item in content["items"] if presentation.choices_for(item["category"])]


# ----------------------------------------------------------------------------- what the page shows


def _cents(value) -> int:
    return int((Decimal(str(value)) * 100).to_integral_value())


def _media(inspection: Inspection, content: dict, urls: InspectionUrls) -> dict[int, dict]:
    ids = [pk for item in content["items"] for pk in item.get("media", [])]
    found = Media.objects.filter(pk__in=ids, item__inspection=inspection, answer=None)
    return {
        media.pk: {
            "pk": media.pk,
            "video": media.is_video,
            "url": urls.media(media.pk),
            "thumbnail": urls.thumbnail(media.pk) if media.thumbnail else "",
        }
        for media in found
    }


def _rows(page: Page, version: InspectionVersion, form: AnswersForm | None, answers: dict) -> list[dict]:
    """The version's items in the order the customer reads them, each with what the page shows."""
    content = version.content
    show_prices = content.get("show_prices", True)
    media = _media(page.inspection, content, page.urls)
    rows = []
    for item in content["items"]:
        key = item["id"]
        answer = answers.get(key)
        row = {
            "id": key,
            "category": item["category"],
            "description": item["description"],
            "technician_note": item.get("technician_note", ""),
            "changed": item.get("changed", False),
            "carried": item.get("carried", False),
            "media": [media[pk] for pk in item.get("media", []) if pk in media],
            "answer": answer,
            "answer_label": Choice(answer.choice).label if answer is not None else "",
            "fields": None,
        }
        if show_prices:
            amounts = item["amounts"]
            row["gross"] = money_text(amounts["gross"])
            row["gross_cents"] = _cents(amounts["gross"])
            row["vat_cents"] = _cents(amounts["vat"])
        if form is not None and item["category"] != Category.OK:
            row["fields"] = {
                "choice": form[f"item_{key}"],
                "comment": form[f"comment_{key}"],
                "photos": form[f"photos_{key}"],
            }
        rows.append(row)
    return rows


def _groups(version: InspectionVersion, rows: list[dict]) -> list[dict]:
    by_id = {row["id"]: row for row in rows}
    return [
        {"category": category, "label": label, "items": [by_id[entry["id"]] for entry in entries]}
        for category, label, entries in presentation.grouped(version.content)
    ]


def _choices(form: AnswersForm | None, answers: dict) -> dict[int, str]:
    """The choices the summary adds up: what the form holds (posted or preselected), else the answers."""
    if form is None:
        return {key: answer.choice for key, answer in answers.items()}
    choices = {}
    for item in form.items:
        value = form[f"item_{item['id']}"].value()
        if value in {choice for choice, _label in form.fields[f"item_{item['id']}"].choices}:
            choices[item["id"]] = value
    return choices


def kept_answers(inspection: Inspection, version: InspectionVersion) -> dict:
    """{item id: Answer} an earlier version's answers to items that did not change since."""
    revisions = {item["id"]: item["revision"] for item in version.content["items"]}
    return {
        key: answer
        for key, answer in queries.current_answers(inspection).items()
        if revisions.get(key) == answer.item_revision
    }


def answers_form(page: Page, version: InspectionVersion, data=None, files=None) -> AnswersForm:
    initial = {"version": version.number}
    if data is None:
        for key, answer in kept_answers(page.inspection, version).items():
            initial[f"item_{key}"] = answer.choice
    return AnswersForm(
        data, files, items=answerable(version.content), ask_name=not page.signed_in, initial=initial
    )


def summary_view(content: dict, choices: dict[int, str]) -> dict:
    """The running summary (presentation.summary) as the page writes it: three parts with each item's
    amount incl. VAT, the total VAT and the total."""
    result = presentation.summary(content, choices)
    labels = {
        "scheduled": _("Scheduled services"),
        "additional": _("Additional repairs"),
        "contact": _("We will contact you about"),
    }
    parts = []
    for key, label in labels.items():
        part = getattr(result, key)
        items = [
            {"description": entry["description"], "gross": money_text(entry["amounts"]["gross"])}
            for entry in part.items
        ]
        parts.append({"key": key, "label": label, "items": items})
    total = result.total
    return {"parts": parts, "gross": money_text(total.gross), "vat": money_text(total.vat)}


def separators() -> tuple[str, str]:
    """The grouping and decimal marks of amounts in the active language, for the page's script."""
    sample = money_text(Decimal("1000.00"))
    return sample[1], sample[-3]


def _page(request, page: Page, *, form: AnswersForm | None = None, conflict=None, status: int = 200):
    inspection = page.inspection
    version = current_version(inspection)
    if version is None:
        raise Http404
    content = version.content
    answered = version.answered_at is not None
    if answered:
        form = None
        answers = {answer.item_id: answer for answer in version.answers.all()}
    else:
        answers = kept_answers(inspection, version)
        if form is None:
            form = answers_form(page, version)
    rows = _rows(page, version, form, answers)
    groups = _groups(version, rows)
    work_order = inspection.work_order
    location = work_order.location
    group_mark, decimal_mark = separators()
    context = {
        "inspection": inspection,
        "version": version,
        "content": content,
        "show_prices": content.get("show_prices", True),
        "currency": content.get("currency", ""),
        "work_order": work_order,
        "unit": work_order.unit,
        "location": location,
        "location_phone": format_phone(location.phone),
        "groups": groups,
        "checked": len(rows),
        "summary": summary_view(content, _choices(form, answers)),
        "form": form,
        "answered": answered,
        "changed": any(row["changed"] for row in rows),
        "conflict": conflict or [],
        "urls": page.urls,
        "layout": page.layout,
        "signed_in": page.signed_in,
        "max_photos": MAX_PHOTOS,
        "photo_limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
        "group_mark": group_mark,
        "decimal_mark": decimal_mark,
        "started": status != 200 or answered or request.GET.get("done") == "answered",
    }
    return render(request, "portal/inspections/inspection.html", context, status=status)


def _fresh(page: Page) -> Page:
    inspection = Inspection.objects.select_related("work_order__location", "work_order__unit").get(
        pk=page.inspection.pk
    )
    return Page(inspection, page.urls, page.signed_in)


# ----------------------------------------------------------------------------- its actions


def show(request, page: Page):
    """GET: the page; each time it is opened is recorded (not its photos)."""
    if current_version(page.inspection) is None:
        raise Http404
    answer_service.record_open(page.inspection, by=page.actor(request), channel=page.channel)
    return _page(request, _fresh(page))


def too_large(request, page: Page):
    """A body over its limit (413), told before it is read (the estimates' page, in this frame)."""
    limit_mb = max(1, settings.ATTACHMENT_MAX_BYTES // (1024 * 1024))
    context = {"back": page.urls.page, "layout": page.layout, "limit_mb": limit_mb}
    return render(request, "portal/estimates/too_large.html", context, status=413)


def answer(request, page: Page):
    """POST: the customer's answers to the current version."""
    version = current_version(page.inspection)
    if version is None:
        raise Http404
    if oversized(request, upload_limit(len(answerable(version.content)))):
        return too_large(request, page)
    form = answers_form(page, version, request.POST, request.FILES)
    if not form.is_valid():
        # A page answered or changed meanwhile is told so before any field message of this one.
        if version.answered_at is not None:
            return _page(
                request, page, conflict=[_("This overview has been answered already.")], status=CONFLICT
            )
        if form.posted_version_text != str(version.number):
            message = _(
                "The shop has changed this overview since you opened it. Please look at the new version."
            )
            return _page(request, page, conflict=[message], status=CONFLICT)
        return _page(request, page, form=form, status=INVALID)
    by = page.actor(request, form.cleaned_data.get("name", "").strip())
    try:
        answer_service.submit(
            page.inspection,
            version_number=form.posted_version,
            answers=form.answers(),
            photos=form.photos(),
            by=by,
            name=by.name,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict") and error.code in CONFLICTS:
            # Out of date, answered meanwhile, or the repair is finished: the page as it is now.
            return _page(request, _fresh(page), conflict=error.messages, status=CONFLICT)
        apply_errors(form, error)
        return _page(request, _fresh(page), form=form, status=INVALID)
    return see_other(f"{page.urls.page}?done=answered#thanks")


def media_file(request, page: Page, pk: int, *, thumbnail: bool):
    """A photo or video of an item the current version shows (the technician's), or one the customer
    added to their own answers: served inline with its checked type, never sniffed."""
    version = current_version(page.inspection)
    if version is None:
        raise Http404
    items = version.content["items"]
    shown = {item["id"] for item in items}
    technicians = {media_pk for item in items for media_pk in item.get("media", [])}
    visible = Q(answer=None, pk__in=technicians) | Q(answer__version__inspection=page.inspection)
    media = Media.objects.filter(visible, pk=pk, item__inspection=page.inspection, item_id__in=shown).first()
    if media is None:
        raise Http404
    stored = media.thumbnail if thumbnail else media.file
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = "image/jpeg" if thumbnail else media.content_type
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    # A stored photo never changes: the customer's own browser may keep it for the page's next open
    # (shared caches may not, and robots do not index it).
    response["Cache-Control"] = f"private, max-age={MEDIA_MAX_AGE}"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def page_views(way_in):
    """The four views of an inspection page — show, answer, a photo and its thumbnail — with
    `way_in` the decorator that finds the inspection and makes the Page."""

    def full(request, page, media):
        return media_file(request, page, media, thumbnail=False)

    def thumbnail(request, page, media):
        return media_file(request, page, media, thumbnail=True)

    return (
        require_GET(way_in(show)),
        require_POST(way_in(answer)),
        require_GET(way_in(full)),
        require_GET(way_in(thumbnail)),
    )


def link_page_views(way_in):
    """As page_views, for a secret link: the link is the credential (no session), so the forms carry
    no CSRF token."""
    return tuple(csrf_exempt(view) for view in page_views(way_in))
