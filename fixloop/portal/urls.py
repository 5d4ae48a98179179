from django.urls import path

from fixloop.portal.views import (
    approvals,
    booking_public,
    bookings,
    contact_change,
    details,
    estimates,
    home,
    inspections,
    invitation,
    invoices,
    repairs,
    signed_in_estimates,
    signed_in_inspections,
    signed_in_invoices,
    tracking,
    units,
    unsubscribe,
)

app_name = "portal"


def _pages(prefix: str, names: str, module_prefix: str = "") -> list:
    """The track & trace pages under `prefix`; the embeddable twins are the views named embed_…."""

    def view(name):
        return getattr(tracking, f"{module_prefix}{name}")

    return [
        path(f"{prefix}", view("lookup"), name=f"{names}lookup"),
        path(f"{prefix}t/<str:token>/", view("case"), name=f"{names}case"),
        path(f"{prefix}t/<str:token>/status/", view("case_status"), name=f"{names}case_status"),
        path(f"{prefix}t/<str:token>/files/<int:pk>/", view("case_file"), name=f"{names}case_file"),
        path(f"{prefix}t/<str:token>/contact/", view("case_contact"), name=f"{names}case_contact"),
        path(f"{prefix}t/<str:token>/question/", view("case_question"), name=f"{names}case_question"),
    ]


urlpatterns = [
    # One-click unsubscribe of recurring mail (RFC 8058); the only view without CSRF protection.
    path(
        "unsubscribe/<int:customer_id>/<str:kind>/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"
    ),
    # The signed-in customer portal (sign-in pages: fixloop/portal/account_urls.py).
    path("portal/", home.home, name="home"),
    path("portal/invitation/<str:token>/", invitation.invitation, name="invitation"),
    path("portal/contact-change/<str:token>/", contact_change.contact_change, name="contact_change"),
    # Signed in: repairs, estimates, units and the person's details.
    path("portal/repairs/", repairs.repairs, name="repairs"),
    path("portal/repairs/<str:number>/", repairs.repair, name="repair"),
    path("portal/repairs/<str:number>/files/<int:pk>/", repairs.repair_file, name="repair_file"),
    path("portal/estimates/", signed_in_estimates.estimates, name="estimates"),
    path("portal/estimates/<int:pk>/", signed_in_estimates.estimate_detail, name="estimate_detail"),
    path(
        "portal/estimates/<int:pk>/decide/",
        signed_in_estimates.estimate_detail_decide,
        name="estimate_detail_decide",
    ),
    path(
        "portal/estimates/<int:pk>/note/",
        signed_in_estimates.estimate_detail_note,
        name="estimate_detail_note",
    ),
    path(
        "portal/estimates/<int:pk>/estimate.pdf",
        signed_in_estimates.estimate_detail_pdf,
        name="estimate_detail_pdf",
    ),
    path(
        "portal/estimates/approve/<int:customer_id>/",
        signed_in_estimates.estimate_batch,
        name="estimate_batch",
    ),
    path("portal/invoices/", signed_in_invoices.invoices, name="invoices"),
    path("portal/invoices/<int:pk>/", signed_in_invoices.invoice_detail, name="invoice_detail"),
    path(
        "portal/invoices/<int:pk>/authorise/",
        signed_in_invoices.invoice_detail_authorise,
        name="invoice_detail_authorise",
    ),
    path(
        "portal/invoices/<int:pk>/dispute/",
        signed_in_invoices.invoice_detail_dispute,
        name="invoice_detail_dispute",
    ),
    path(
        "portal/invoices/<int:pk>/invoice.pdf",
        signed_in_invoices.invoice_detail_pdf,
        name="invoice_detail_pdf",
    ),
    path("portal/inspections/", signed_in_inspections.inspections, name="inspections"),
    path("portal/inspections/<int:pk>/", signed_in_inspections.inspection_detail, name="inspection_detail"),
    path(
        "portal/inspections/<int:pk>/answer/",
        signed_in_inspections.inspection_detail_answer,
        name="inspection_detail_answer",
    ),
    path(
        "portal/inspections/<int:pk>/media/<int:media>/",
        signed_in_inspections.inspection_detail_media,
        name="inspection_detail_media",
    ),
    path(
        "portal/inspections/<int:pk>/media/<int:media>/thumbnail/",
        signed_in_inspections.inspection_detail_thumbnail,
        name="inspection_detail_thumbnail",
    ),
    path("portal/units/", units.units, name="units"),
    path("portal/units/add/", units.unit_add, name="unit_add"),
    path("portal/details/", details.details, name="details"),
    path("portal/details/name/", details.details_name, name="details_name"),
    path("portal/details/<int:customer_id>/contact/", details.details_contact, name="details_contact"),
    # Booking requests: the signed-in pages, the public request form (embeddable like the look-up),
    # its e-mailed confirmation link, and the week of free times both forms load.
    path("portal/bookings/", bookings.bookings, name="bookings"),
    path("portal/bookings/new/", bookings.booking_new, name="booking_new"),
    path("portal/bookings/<int:pk>/", bookings.booking, name="booking"),
    path("portal/bookings/<int:pk>/state/", bookings.booking_state, name="booking_state"),
    path("portal/bookings/<int:pk>/accept/", bookings.booking_accept, name="booking_accept"),
    path("portal/bookings/<int:pk>/counter/", bookings.booking_counter, name="booking_counter"),
    path("portal/bookings/<int:pk>/withdraw/", bookings.booking_withdraw, name="booking_withdraw"),
    path("portal/bookings/<int:pk>/appointment.ics", bookings.booking_ics, name="booking_ics"),
    path("portal/bookings/<int:pk>/photos/<int:photo>/", bookings.booking_photo, name="booking_photo"),
    path("book/", booking_public.book, name="book"),
    path("embed/book/", booking_public.embed_book, name="embed_book"),
    path("book/slots/", booking_public.book_slots, name="book_slots"),
    path("book/confirm/<str:token>/", booking_public.book_confirm, name="book_confirm"),
    *_pages("track/", ""),
    *_pages("embed/track/", "embed_", module_prefix="embed_"),
    # Estimates: one estimate behind its approval link, and an account's batch-approval page.
    path("estimate/<str:token>/", estimates.estimate, name="estimate"),
    path("estimate/<str:token>/decide/", estimates.estimate_decide, name="estimate_decide"),
    path("estimate/<str:token>/note/", estimates.estimate_note, name="estimate_note"),
    path("estimate/<str:token>/estimate.pdf", estimates.estimate_pdf, name="estimate_pdf"),
    # Invoices: one invoice behind its authorisation link.
    path("invoice/<str:token>/", invoices.invoice, name="invoice"),
    path("invoice/<str:token>/authorise/", invoices.invoice_authorise, name="invoice_authorise"),
    path("invoice/<str:token>/dispute/", invoices.invoice_dispute, name="invoice_dispute"),
    path("invoice/<str:token>/invoice.pdf", invoices.invoice_pdf, name="invoice_pdf"),
    # Inspections (diagnostic overviews): one behind its secret link, its answers and its photos.
    path("inspection/<str:token>/", inspections.inspection, name="inspection"),
    path("inspection/<str:token>/answer/", inspections.inspection_answer, name="inspection_answer"),
    path("inspection/<str:token>/media/<int:media>/", inspections.inspection_media, name="inspection_media"),
    path(
        "inspection/<str:token>/media/<int:media>/thumbnail/",
        inspections.inspection_thumbnail,
        name="inspection_thumbnail",
    ),
    path("approvals/<str:token>/", approvals.approvals, name="approvals"),
    path(
        "approvals/<str:token>/estimates/<int:pk>/",
        approvals.approvals_estimate,
        name="approvals_estimate",
    ),
    path(
        "approvals/<str:token>/estimates/<int:pk>/decide/",
        approvals.approvals_estimate_decide,
        name="approvals_estimate_decide",
    ),
    path(
        "approvals/<str:token>/estimates/<int:pk>/note/",
        approvals.approvals_estimate_note,
        name="approvals_estimate_note",
    ),
    path(
        "approvals/<str:token>/estimates/<int:pk>/estimate.pdf",
        approvals.approvals_estimate_pdf,
        name="approvals_estimate_pdf",
    ),
]
