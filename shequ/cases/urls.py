"""Pages of residents' requests."""

from django.urls import path

from . import views, views_figures, views_files

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("figures/", views.case_dashboard, name="dashboard"),
    path("figures/export/", views_figures.case_figures_export, name="figures_export"),
    path("public/", views_figures.case_figures_public, name="public"),
    path("mine/", views_figures.case_mine, name="mine"),
    path("mine/<int:pk>/rate/", views_figures.case_mine_rate, name="mine_rate"),
    path("new/", views.case_create, name="create"),
    path("new/caller/", views.caller_lookup, name="caller"),
    path("report/", views.case_report, name="report"),
    path("round/", views.case_round, name="round"),
    path("rate/<str:token>/", views.case_rate_link, name="rate_link"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/contact/", views.case_contact, name="contact"),
    path("<int:pk>/files/", views_files.attachment_upload, name="attachment_upload"),
    path("<int:pk>/files/<int:attachment_pk>/", views_files.attachment_file, name="attachment"),
    path("<int:pk>/step/<str:target>/", views.case_step, name="step"),
]
