"""Pages of spreadsheet import and export."""

from django.urls import path

from . import views

app_name = "sheets"
urlpatterns = [
    path("", views.index, name="index"),
    path("template/<slug:kind>.xlsx", views.template_download, name="template"),
    path("import/new/", views.import_new, name="import_new"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/map/", views.import_map, name="import_map"),
    path("import/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("import/<int:pk>/resume/", views.import_resume, name="import_resume"),
    path("import/<int:pk>/errors/", views.import_errors, name="import_errors"),
    path("export/new/", views.export_new, name="export_new"),
    path("export/<int:pk>/", views.export_detail, name="export_detail"),
    path("export/<int:pk>/progress/", views.export_progress, name="export_progress"),
    path("export/<int:pk>/download/", views.export_download, name="export_download"),
]
