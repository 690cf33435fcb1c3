"""Pages of the territory app."""

from django.urls import path

from . import views

app_name = "territory"
urlpatterns = [
    path("", views.node_index, name="index"),
    path("<int:pk>/", views.node_detail, name="detail"),
    path("<int:pk>/rename/", views.node_rename_view, name="rename"),
    path("<int:pk>/move/", views.node_move_view, name="move"),
]
