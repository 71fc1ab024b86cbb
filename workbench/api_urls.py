from django.urls import path

from claims import api

urlpatterns = [
    path("health/", api.health, name="health"),
    path("claims/", api.ClaimList.as_view(), name="claim-list"),
    path("checks/", api.CheckList.as_view(), name="check-list"),
]
