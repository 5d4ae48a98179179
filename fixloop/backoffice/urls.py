from django.contrib.auth import views as auth_views
from django.urls import path

from fixloop.backoffice import views

app_name = "backoffice"

urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(template_name="backoffice/sign_in.html", redirect_authenticated_user=True),
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
    path("service-requests/", views.service_request_list, name="service_requests"),
    path("service-requests/<int:pk>/", views.service_request_detail, name="service_request"),
    path("service-requests/<int:pk>/accept/", views.service_request_accept, name="service_request_accept"),
    path("service-requests/<int:pk>/reject/", views.service_request_reject, name="service_request_reject"),
]
