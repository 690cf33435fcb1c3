"""Pages of the territory app."""

app_name = "territory"
urlpatterns: list = []
