app_name = "networkers"

urlpatterns: list = []
