"""The back office's URLs, grouped by feature under their common prefix. `include()` of a plain
list adds no namespace, so every name stays `backoffice:…`."""

from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse

from fixloop.backoffice.access import is_technician_only
from fixloop.backoffice.forms.sign_in import StaffAuthenticationForm
from fixloop.backoffice.views import (
    alerts,
    board,
    customer_notes,
    customers,
    estimates,
    inspections,
    integrations,
    invoice_links,
    invoices,
    menu,
    message_templates,
    messages,
    notifications,
    portal_access,
    reports,
    service_requests,
    technician_inspection,
    tracking,
    two_factor,
    webhooks,
    work_orders,
)

app_name = "backoffice"

webhook_patterns = [
    path("", webhooks.endpoint_list, name="webhooks"),
    path("new/", webhooks.endpoint_new, name="webhook_new"),
    path("<int:pk>/", webhooks.endpoint_detail, name="webhook"),
    path("<int:pk>/edit/", webhooks.endpoint_edit, name="webhook_edit"),
    path("<int:pk>/rotate/", webhooks.endpoint_rotate, name="webhook_rotate"),
    path(
        "<int:pk>/deliveries/<int:delivery_pk>/send-again/",
        webhooks.delivery_send_again,
        name="webhook_send_again",
    ),
]


class StaffLoginView(auth_views.LoginView):
    """Technicians land on their jobs, everyone else on the work orders."""

    def get_default_redirect_url(self):
        if is_technician_only(self.request.user):
            return reverse("backoffice:technician")
        return super().get_default_redirect_url()


estimate_patterns = [
    path("", estimates.estimate_area, name="estimate_area"),
    path("start/", estimates.estimate_start, name="estimate_start"),
    path("note/", estimates.estimate_note, name="estimate_note"),
    path("jobs/", estimates.estimate_job_add, name="estimate_job_add"),
    path("jobs/<int:pk>/", estimates.estimate_job_edit, name="estimate_job_edit"),
    path("jobs/<int:pk>/remove/", estimates.estimate_job_remove, name="estimate_job_remove"),
    path("parts/", estimates.estimate_part_add, name="estimate_part_add"),
    path("parts/<int:pk>/", estimates.estimate_part_edit, name="estimate_part_edit"),
    path("parts/<int:pk>/remove/", estimates.estimate_part_remove, name="estimate_part_remove"),
    path("send/", estimates.estimate_submit, name="estimate_submit"),
    path("extend/", estimates.estimate_extend, name="estimate_extend"),
    path("link/revoke/", estimates.estimate_link_revoke, name="estimate_link_revoke"),
    path("decision/", estimates.estimate_decision, name="estimate_decision"),
    path("dispute/acknowledge/", estimates.estimate_acknowledge, name="estimate_acknowledge"),
    path("dispute/reply/", estimates.estimate_reply, name="estimate_reply"),
    path("versions/<int:version>/estimate.pdf", estimates.estimate_pdf, name="estimate_pdf"),
]

inspection_patterns = [
    path("", inspections.inspection_area, name="inspection_area"),
    path("start/", inspections.inspection_start, name="inspection_start"),
    path("note/", inspections.inspection_note, name="inspection_note"),
    path("send/", inspections.inspection_send, name="inspection_send"),
    path("items/", inspections.inspection_item_add, name="inspection_item_add"),
    path("items/<int:pk>/", inspections.inspection_item_edit, name="inspection_item_edit"),
    path(
        "items/<int:pk>/visible/", inspections.inspection_item_visibility, name="inspection_item_visibility"
    ),
    path("items/<int:pk>/remove/", inspections.inspection_item_remove, name="inspection_item_remove"),
    path(
        "items/<int:pk>/authorise/", inspections.inspection_item_authorise, name="inspection_item_authorise"
    ),
    path("earlier/<int:pk>/offer/", inspections.inspection_offer_again, name="inspection_offer_again"),
    path("media/<int:pk>/", inspections.inspection_media, name="inspection_media"),
]

work_order_patterns = [
    path("", work_orders.work_order_detail, name="work_order"),
    path("timeline/", work_orders.work_order_timeline, name="work_order_timeline"),
    path("status/", work_orders.work_order_status, name="work_order_status"),
    path("comment/", work_orders.work_order_comment, name="work_order_comment"),
    path("files/", work_orders.work_order_attach, name="work_order_attach"),
    path("files/<int:pk>/", work_orders.work_order_file, name="work_order_file"),
    path("close/", work_orders.work_order_close, name="work_order_close"),
    path("reopen/", work_orders.work_order_reopen, name="work_order_reopen"),
    path("details/", work_orders.work_order_details, name="work_order_details"),
    path("messages/", work_orders.work_order_send_message, name="work_order_send_message"),
    path("report.pdf", work_orders.work_order_report_pdf, name="work_order_report"),
    path("tracking/issue/", tracking.tracking_issue, name="work_order_tracking_issue"),
    path("tracking/revoke/", tracking.tracking_revoke, name="work_order_tracking_revoke"),
    path("tracking/expiry/", tracking.tracking_expiry, name="work_order_tracking_expiry"),
    path("estimate/", include(estimate_patterns)),
    path("inspection/", include(inspection_patterns)),
    path("invoice/", invoices.invoice_area, name="invoice_area"),
    path("invoice/create/", invoices.invoice_create, name="invoice_create"),
]

invoice_patterns = [
    path("", invoices.invoice_list, name="invoices"),
    path("report/", invoices.invoice_report, name="invoice_report"),
    path("<int:pk>/lines/", invoices.invoice_line_add, name="invoice_line_add"),
    path("<int:pk>/lines/<int:line>/", invoices.invoice_line_edit, name="invoice_line_edit"),
    path("<int:pk>/lines/<int:line>/remove/", invoices.invoice_line_remove, name="invoice_line_remove"),
    path("<int:pk>/submit/", invoices.invoice_submit, name="invoice_submit"),
    path("<int:pk>/finalise/", invoices.invoice_finalise, name="invoice_finalise"),
    path("<int:pk>/cancel/", invoices.invoice_cancel, name="invoice_cancel"),
    path("<int:pk>/revise/", invoices.invoice_revise, name="invoice_revise"),
    path("<int:pk>/reply/", invoices.invoice_reply, name="invoice_reply"),
    path("<int:pk>/send/", invoices.invoice_send, name="invoice_send"),
    path("<int:pk>/credit-note/", invoices.invoice_credit, name="invoice_credit"),
    path("<int:pk>/document.pdf", invoices.invoice_pdf, name="invoice_pdf"),
    path("<int:pk>/link/expiry/", invoice_links.invoice_link_expiry, name="invoice_link_expiry"),
    path("<int:pk>/link/revoke/", invoice_links.invoice_link_revoke, name="invoice_link_revoke"),
]

template_slot_patterns = [
    path("", message_templates.template_edit, name="template"),
    path("preview/", message_templates.template_preview, name="template_preview"),
    path("reset/", message_templates.template_reset, name="template_reset"),
]

template_patterns = [
    path("", message_templates.template_list, name="templates"),
    path("<str:kind>/<str:channel>/<str:language>/", include(template_slot_patterns)),
]

customer_patterns = [
    path("", customers.customer_list, name="customers"),
    # before "<str:number>/", which "new" would match
    path("new/", customers.customer_edit, name="customer_new"),
    path("<str:number>/", customers.customer_detail, name="customer"),
    path("<str:number>/edit/", customers.customer_edit, name="customer_edit"),
    path("<str:number>/units/new/", customers.unit_add, name="unit_add"),
    path(
        "<str:number>/email-confirmed/", customers.customer_email_confirmed, name="customer_email_confirmed"
    ),
    path("<str:number>/portal/invite/", portal_access.portal_invite, name="portal_invite"),
    path("<str:number>/portal/<int:pk>/revoke/", portal_access.portal_revoke, name="portal_revoke"),
    path("<str:number>/work-orders/new/", work_orders.work_order_new, name="work_order_new"),
    path("<str:number>/status-report/", reports.report_subscription, name="report_subscription"),
]

message_patterns = [
    path("", messages.message_list, name="messages"),
    path("last-24-hours/", messages.message_stats, name="message_stats"),
    path("delivery-rates/", messages.delivery_rate_list, name="delivery_rates"),
    path("<int:pk>/", messages.message_detail, name="message"),
    path("<int:pk>/attachments/<int:attachment_pk>/", messages.message_attachment, name="message_attachment"),
    path("<int:pk>/resend/", messages.message_resend, name="message_resend"),
    path("<int:pk>/cancel/", messages.message_cancel, name="message_cancel"),
]

report_patterns = [
    path("", reports.report_run_list, name="report_runs"),
    path("<int:pk>/", reports.report_run_detail, name="report_run"),
    path("schedule/", reports.report_schedule, name="report_schedule"),
    path("run/", reports.report_run_now, name="report_run_now"),
]

# Booking requests: accept/ confirms a booking and reject/ declines one (the names of the first version).
service_request_patterns = [
    path("", service_requests.service_request_list, name="service_requests"),
    path("<int:pk>/", service_requests.service_request_detail, name="service_request"),
    path("<int:pk>/accept/", service_requests.service_request_accept, name="service_request_accept"),
    path("<int:pk>/reject/", service_requests.service_request_reject, name="service_request_reject"),
    path("<int:pk>/suggest/", service_requests.service_request_suggest, name="service_request_suggest"),
    path("<int:pk>/changed/", service_requests.service_request_changed, name="service_request_changed"),
    path(
        "<int:pk>/photos/<int:photo_pk>/",
        service_requests.service_request_photo,
        name="service_request_photo",
    ),
]

board_patterns = [
    path("", board.service_board, name="board"),
    path("<slug:column>/", board.board_column, name="board_column"),
]

technician_inspection_patterns = [
    path("", technician_inspection.inspection_page, name="technician_inspection"),
    path("start/", technician_inspection.inspection_start, name="technician_inspection_start"),
    path("points/<int:point>/", technician_inspection.inspection_point, name="technician_inspection_point"),
    path("items/", technician_inspection.inspection_item, name="technician_inspection_item"),
    path("items/template/", technician_inspection.inspection_template, name="technician_inspection_template"),
    path(
        "items/<int:item>/media/", technician_inspection.inspection_media, name="technician_inspection_media"
    ),
    path("media/<int:pk>/", technician_inspection.inspection_file, name="technician_inspection_file"),
    path(
        "media/<int:pk>/thumbnail/",
        technician_inspection.inspection_file,
        {"thumbnail": True},
        name="technician_inspection_thumbnail",
    ),
]

technician_patterns = [
    path("", board.technician_home, name="technician"),
    path("<str:number>/clock-on/", board.technician_clock_on, name="technician_clock_on"),
    path("<str:number>/clock-off/", board.technician_clock_off, name="technician_clock_off"),
    path("<str:number>/ready/", board.technician_ready, name="technician_ready"),
    path("<str:number>/note/", board.technician_note, name="technician_note"),
    path("<str:number>/inspection/", include(technician_inspection_patterns)),
]

customer_note_patterns = [
    path("", customer_notes.customer_note_list, name="customer_notes"),
    path("<int:pk>/technician/", board.customer_note_technician, name="customer_note_technician"),
    path("<int:pk>/read/", customer_notes.customer_note_read, name="customer_note_read"),
]

notification_patterns = [
    path("", notifications.region_list, name="notification_regions"),
    path("<slug:code>/", notifications.region_detail, name="notification_region"),
    path("<slug:code>/<str:event>/", notifications.rule_edit, name="notification_rule"),
]

urlpatterns = [
    path(
        "sign-in/",
        StaffLoginView.as_view(
            template_name="backoffice/sign_in.html",
            redirect_authenticated_user=True,
            authentication_form=StaffAuthenticationForm,
        ),
        name="login",
    ),
    path("sign-in/code/", two_factor.sign_in_code, name="sign_in_code"),
    path("two-factor/", two_factor.two_factor, name="two_factor"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", work_orders.work_order_list, name="work_orders"),
    path("work-orders/<str:number>/", include(work_order_patterns)),
    path("customers/", include(customer_patterns)),
    path("messages/", include(message_patterns)),
    path("status-reports/", include(report_patterns)),
    path("templates/", include(template_patterns)),
    path("service-requests/", include(service_request_patterns)),
    path("integrations/webhooks/", include(webhook_patterns)),
    path("customer-messages/", include(customer_note_patterns)),
    path("notifications/", include(notification_patterns)),
    path("integrations/tokens/", integrations.token_list, name="api_tokens"),
    path("integrations/tokens/<int:pk>/revoke/", integrations.token_revoke, name="api_token_revoke"),
    path("estimates/", estimates.estimate_list, name="estimates"),
    path("board/", include(board_patterns)),
    path("technician/", include(technician_patterns)),
    path("invoices/", include(invoice_patterns)),
    path("my-alerts/", alerts.my_alerts, name="my_alerts"),
    path("menu-counts/", menu.nav_counts, name="nav_counts"),
]
