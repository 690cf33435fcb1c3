"""Pages of the people app."""

from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/unmask/", views.person_unmask_view, name="unmask"),
    path("households/<int:pk>/", views.household_detail, name="household"),
    path(
        "households/<int:pk>/members/",
        views.household_add_member_view,
        name="household_add_member",
    ),
]
