from django.urls import path

from claims import api
from sources import api as sources_api

urlpatterns = [
    path("health/", api.health, name="health"),
    path("articles/", sources_api.ArticleListCreate.as_view(), name="article-list"),
    path("articles/<int:pk>/", sources_api.ArticleDetail.as_view(), name="article-detail"),
    path("claims/", api.ClaimList.as_view(), name="claim-list"),
    path("checks/", api.CheckList.as_view(), name="check-list"),
    path("facts/", api.FactList.as_view(), name="fact-list"),
]
