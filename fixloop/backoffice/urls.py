from django.contrib.auth import views as auth_views
from django.urls import path

from fixloop.backoffice import (
    estimate_views,
    message_views,
    notification_views,
    report_views,
    tracking_views,
    views,
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
    path("", views.work_order_list, name="work_orders"),
    path("work-orders/<str:number>/", views.work_order_detail, name="work_order"),
    path("work-orders/<str:number>/timeline/", views.work_order_timeline, name="work_order_timeline"),
    path("work-orders/<str:number>/status/", views.work_order_status, name="work_order_status"),
    path("work-orders/<str:number>/comment/", views.work_order_comment, name="work_order_comment"),
    path("work-orders/<str:number>/files/", views.work_order_attach, name="work_order_attach"),
    path("work-orders/<str:number>/files/<int:pk>/", views.work_order_file, name="work_order_file"),
    path("work-orders/<str:number>/close/", views.work_order_close, name="work_order_close"),
    path("work-orders/<str:number>/reopen/", views.work_order_reopen, name="work_order_reopen"),
    path("work-orders/<str:number>/details/", views.work_order_details, name="work_order_details"),
    path("customers/", views.customer_list, name="customers"),
    path("customers/new/", views.customer_edit, name="customer_new"),
    path("customers/<str:number>/", views.customer_detail, name="customer"),
    path("customers/<str:number>/edit/", views.customer_edit, name="customer_edit"),
    path("customers/<str:number>/units/new/", views.unit_add, name="unit_add"),
    path("customers/<str:number>/work-orders/new/", views.work_order_new, name="work_order_new"),
    path("work-orders/<str:number>/messages/", views.work_order_send_message, name="work_order_send_message"),
    path("messages/", message_views.message_list, name="messages"),
    path("messages/last-24-hours/", message_views.message_stats, name="message_stats"),
    path("messages/<int:pk>/", message_views.message_detail, name="message"),
    path(
        "messages/<int:pk>/attachments/<int:attachment_pk>/",
        message_views.message_attachment,
        name="message_attachment",
    ),
    path("messages/<int:pk>/resend/", message_views.message_resend, name="message_resend"),
    path("messages/<int:pk>/cancel/", message_views.message_cancel, name="message_cancel"),
    path("status-reports/", report_views.report_run_list, name="report_runs"),
    path("status-reports/<int:pk>/", report_views.report_run_detail, name="report_run"),
    path("status-reports/schedule/", report_views.report_schedule, name="report_schedule"),
    path("status-reports/run/", report_views.report_run_now, name="report_run_now"),
    path(
        "customers/<str:number>/status-report/", report_views.report_subscription, name="report_subscription"
    ),
    path("templates/", message_views.template_list, name="templates"),
    path("templates/<str:kind>/<str:channel>/<str:language>/", message_views.template_edit, name="template"),
    path(
        "templates/<str:kind>/<str:channel>/<str:language>/preview/",
        message_views.template_preview,
        name="template_preview",
    ),
    path(
        "templates/<str:kind>/<str:channel>/<str:language>/reset/",
        message_views.template_reset,
        name="template_reset",
    ),
    path("service-requests/", views.service_request_list, name="service_requests"),
    path("service-requests/<int:pk>/", views.service_request_detail, name="service_request"),
    path("service-requests/<int:pk>/accept/", views.service_request_accept, name="service_request_accept"),
    path("service-requests/<int:pk>/reject/", views.service_request_reject, name="service_request_reject"),
    path(
        "work-orders/<str:number>/tracking/issue/",
        tracking_views.tracking_issue,
        name="work_order_tracking_issue",
    ),
    path(
        "work-orders/<str:number>/tracking/revoke/",
        tracking_views.tracking_revoke,
        name="work_order_tracking_revoke",
    ),
    path(
        "work-orders/<str:number>/tracking/expiry/",
        tracking_views.tracking_expiry,
        name="work_order_tracking_expiry",
    ),
    path("customer-messages/", tracking_views.customer_note_list, name="customer_notes"),
    path("customer-messages/<int:pk>/read/", tracking_views.customer_note_read, name="customer_note_read"),
    path("notifications/", notification_views.region_list, name="notification_regions"),
    path("notifications/<slug:code>/", notification_views.region_detail, name="notification_region"),
    path("notifications/<slug:code>/<str:event>/", notification_views.rule_edit, name="notification_rule"),
    path(
        "work-orders/<str:number>/report.pdf",
        notification_views.work_order_report_pdf,
        name="work_order_report",
    ),
    path("estimates/", estimate_views.estimate_list, name="estimates"),
    path("work-orders/<str:number>/estimate/", estimate_views.estimate_area, name="estimate_area"),
    path("work-orders/<str:number>/estimate/start/", estimate_views.estimate_start, name="estimate_start"),
    path("work-orders/<str:number>/estimate/note/", estimate_views.estimate_note, name="estimate_note"),
    path("work-orders/<str:number>/estimate/jobs/", estimate_views.estimate_job_add, name="estimate_job_add"),
    path(
        "work-orders/<str:number>/estimate/jobs/<int:pk>/",
        estimate_views.estimate_job_edit,
        name="estimate_job_edit",
    ),
    path(
        "work-orders/<str:number>/estimate/jobs/<int:pk>/remove/",
        estimate_views.estimate_job_remove,
        name="estimate_job_remove",
    ),
    path(
        "work-orders/<str:number>/estimate/parts/", estimate_views.estimate_part_add, name="estimate_part_add"
    ),
    path(
        "work-orders/<str:number>/estimate/parts/<int:pk>/",
        estimate_views.estimate_part_edit,
        name="estimate_part_edit",
    ),
    path(
        "work-orders/<str:number>/estimate/parts/<int:pk>/remove/",
        estimate_views.estimate_part_remove,
        name="estimate_part_remove",
    ),
    path("work-orders/<str:number>/estimate/send/", estimate_views.estimate_submit, name="estimate_submit"),
    path("work-orders/<str:number>/estimate/extend/", estimate_views.estimate_extend, name="estimate_extend"),
    path(
        "work-orders/<str:number>/estimate/link/revoke/",
        estimate_views.estimate_link_revoke,
        name="estimate_link_revoke",
    ),
    path(
        "work-orders/<str:number>/estimate/decision/",
        estimate_views.estimate_decision,
        name="estimate_decision",
    ),
    path(
        "work-orders/<str:number>/estimate/dispute/acknowledge/",
        estimate_views.estimate_acknowledge,
        name="estimate_acknowledge",
    ),
    path(
        "work-orders/<str:number>/estimate/dispute/reply/",
        estimate_views.estimate_reply,
        name="estimate_reply",
    ),
    path(
        "work-orders/<str:number>/estimate/versions/<int:version>/estimate.pdf",
        estimate_views.estimate_pdf,
        name="estimate_pdf",
    ),
]
