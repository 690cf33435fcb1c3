"""Pages of task admission."""

from django.urls import path

from . import views

app_name = "admission"
urlpatterns = [
    path("", views.work_item_list, name="list"),
    path("export/", views.work_item_export, name="export"),
    path("new/", views.work_item_create, name="create"),
    path("in-force/", views.work_item_in_force, name="in_force"),
    path("workload/", views.workload, name="workload"),
    path("<int:pk>/", views.work_item_detail, name="detail"),
    path("<int:pk>/step/<str:target>/", views.work_item_step, name="step"),
]
