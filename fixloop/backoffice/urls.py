from django.contrib.auth import views as auth_views
from django.urls import path

from fixloop.backoffice.views import (
    customer_notes,
    customers,
    estimates,
    message_templates,
    messages,
    notifications,
    reports,
    service_requests,
    tracking,
    work_orders,
)

app_name = "backoffice"

urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="backoffice/sign_in.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", work_orders.work_order_list, name="work_orders"),
    path("work-orders/<str:number>/", work_orders.work_order_detail, name="work_order"),
    path("work-orders/<str:number>/timeline/", work_orders.work_order_timeline, name="work_order_timeline"),
    path("work-orders/<str:number>/status/", work_orders.work_order_status, name="work_order_status"),
    path("work-orders/<str:number>/comment/", work_orders.work_order_comment, name="work_order_comment"),
    path("work-orders/<str:number>/files/", work_orders.work_order_attach, name="work_order_attach"),
    path("work-orders/<str:number>/files/<int:pk>/", work_orders.work_order_file, name="work_order_file"),
    path("work-orders/<str:number>/close/", work_orders.work_order_close, name="work_order_close"),
    path("work-orders/<str:number>/reopen/", work_orders.work_order_reopen, name="work_order_reopen"),
    path("work-orders/<str:number>/details/", work_orders.work_order_details, name="work_order_details"),
    path("customers/", customers.customer_list, name="customers"),
    path("customers/new/", customers.customer_edit, name="customer_new"),
    path("customers/<str:number>/", customers.customer_detail, name="customer"),
    path("customers/<str:number>/edit/", customers.customer_edit, name="customer_edit"),
    path("customers/<str:number>/units/new/", customers.unit_add, name="unit_add"),
    path("customers/<str:number>/work-orders/new/", work_orders.work_order_new, name="work_order_new"),
    path(
        "work-orders/<str:number>/messages/",
        work_orders.work_order_send_message,
        name="work_order_send_message",
    ),
    path("messages/", messages.message_list, name="messages"),
    path("messages/last-24-hours/", messages.message_stats, name="message_stats"),
    path("messages/<int:pk>/", messages.message_detail, name="message"),
    path(
        "messages/<int:pk>/attachments/<int:attachment_pk>/",
        messages.message_attachment,
        name="message_attachment",
    ),
    path("messages/<int:pk>/resend/", messages.message_resend, name="message_resend"),
    path("messages/<int:pk>/cancel/", messages.message_cancel, name="message_cancel"),
    path("status-reports/", reports.report_run_list, name="report_runs"),
    path("status-reports/<int:pk>/", reports.report_run_detail, name="report_run"),
    path("status-reports/schedule/", reports.report_schedule, name="report_schedule"),
    path("status-reports/run/", reports.report_run_now, name="report_run_now"),
    path("customers/<str:number>/status-report/", reports.report_subscription, name="report_subscription"),
    path("templates/", message_templates.template_list, name="templates"),
    path(
        "templates/<str:kind>/<str:channel>/<str:language>/", message_templates.template_edit, name="template"
    ),
    path(
        "templates/<str:kind>/<str:channel>/<str:language>/preview/",
        message_templates.template_preview,
        name="template_preview",
    ),
    path(
        "templates/<str:kind>/<str:channel>/<str:language>/reset/",
        message_templates.template_reset,
        name="template_reset",
    ),
    path("service-requests/", service_requests.service_request_list, name="service_requests"),
    path("service-requests/<int:pk>/", service_requests.service_request_detail, name="service_request"),
    path(
        "service-requests/<int:pk>/accept/",
        service_requests.service_request_accept,
        name="service_request_accept",
    ),
    path(
        "service-requests/<int:pk>/reject/",
        service_requests.service_request_reject,
        name="service_request_reject",
    ),
    path(
        "work-orders/<str:number>/tracking/issue/",
        tracking.tracking_issue,
        name="work_order_tracking_issue",
    ),
    path(
        "work-orders/<str:number>/tracking/revoke/",
        tracking.tracking_revoke,
        name="work_order_tracking_revoke",
    ),
    path(
        "work-orders/<str:number>/tracking/expiry/",
        tracking.tracking_expiry,
        name="work_order_tracking_expiry",
    ),
    path("customer-messages/", customer_notes.customer_note_list, name="customer_notes"),
    path("customer-messages/<int:pk>/read/", customer_notes.customer_note_read, name="customer_note_read"),
    path("notifications/", notifications.region_list, name="notification_regions"),
    path("notifications/<slug:code>/", notifications.region_detail, name="notification_region"),
    path("notifications/<slug:code>/<str:event>/", notifications.rule_edit, name="notification_rule"),
    path(
        "work-orders/<str:number>/report.pdf",
        work_orders.work_order_report_pdf,
        name="work_order_report",
    ),
    path("estimates/", estimates.estimate_list, name="estimates"),
    path("work-orders/<str:number>/estimate/", estimates.estimate_area, name="estimate_area"),
    path("work-orders/<str:number>/estimate/start/", estimates.estimate_start, name="estimate_start"),
    path("work-orders/<str:number>/estimate/note/", estimates.estimate_note, name="estimate_note"),
    path("work-orders/<str:number>/estimate/jobs/", estimates.estimate_job_add, name="estimate_job_add"),
    path(
        "work-orders/<str:number>/estimate/jobs/<int:pk>/",
        estimates.estimate_job_edit,
        name="estimate_job_edit",
    ),
    path(
        "work-orders/<str:number>/estimate/jobs/<int:pk>/remove/",
        estimates.estimate_job_remove,
        name="estimate_job_remove",
    ),
    path("work-orders/<str:number>/estimate/parts/", estimates.estimate_part_add, name="estimate_part_add"),
    path(
        "work-orders/<str:number>/estimate/parts/<int:pk>/",
        estimates.estimate_part_edit,
        name="estimate_part_edit",
    ),
    path(
        "work-orders/<str:number>/estimate/parts/<int:pk>/remove/",
        estimates.estimate_part_remove,
        name="estimate_part_remove",
    ),
    path("work-orders/<str:number>/estimate/send/", estimates.estimate_submit, name="estimate_submit"),
    path("work-orders/<str:number>/estimate/extend/", estimates.estimate_extend, name="estimate_extend"),
    path(
        "work-orders/<str:number>/estimate/link/revoke/",
        estimates.estimate_link_revoke,
        name="estimate_link_revoke",
    ),
    path(
        "work-orders/<str:number>/estimate/decision/",
        estimates.estimate_decision,
        name="estimate_decision",
    ),
    path(
        "work-orders/<str:number>/estimate/dispute/acknowledge/",
        estimates.estimate_acknowledge,
        name="estimate_acknowledge",
    ),
    path(
        "work-orders/<str:number>/estimate/dispute/reply/",
        estimates.estimate_reply,
        name="estimate_reply",
    ),
    path(
        "work-orders/<str:number>/estimate/versions/<int:version>/estimate.pdf",
        estimates.estimate_pdf,
        name="estimate_pdf",
    ),
]
