"""Pages of residents' requests."""

from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("figures/", views.case_dashboard, name="dashboard"),
    path("new/", views.case_create, name="create"),
    path("new/caller/", views.caller_lookup, name="caller"),
    path("report/", views.case_report, name="report"),
    path("rate/<str:token>/", views.case_rate_link, name="rate_link"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/contact/", views.case_contact, name="contact"),
    path("<int:pk>/step/<str:target>/", views.case_step, name="step"),
]
