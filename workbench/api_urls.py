from django.urls import include, path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from api import articles as sources_api
from api import views as api
from api import webhooks as hooks_api


class IdConverter:
    """A database id: at most 18 digits, so that a longer one is a 404, not an overflow."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")

urlpatterns = [
    path("", api.api_root, name="api-root"),
    path("health/", api.health, name="health"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema", template_name="api/redoc.html"), name="redoc"),
    path("articles/", sources_api.ArticleListCreate.as_view(), name="article-list"),
    path("articles/<id:pk>/", sources_api.ArticleDetail.as_view(), name="article-detail"),
    path("fetches/<id:pk>/", sources_api.FetchDetail.as_view(), name="fetch-detail"),
    path("claims/", api.ClaimList.as_view(), name="claim-list"),
    path("claims/<id:pk>/", api.ClaimDetail.as_view(), name="claim-detail"),
    path("checks/", api.CheckList.as_view(), name="check-list"),
    path("checks/<id:pk>/", api.CheckDetail.as_view(), name="check-detail"),
    path("checks/<id:pk>/review/", api.CheckReview.as_view(), name="check-review"),
    path("checks/<id:pk>/claimreview/", api.CheckClaimReview.as_view(), name="check-claimreview"),
    path("claimreview/", api.ClaimReviewFeed.as_view(), name="claimreview-feed"),
    path("claimreview/<id:pk>/", api.ClaimReviewDetail.as_view(), name="claimreview-detail"),
    path("claimreview/<id:pk>/publish/", api.ClaimReviewPublish.as_view(), name="claimreview-publish"),
    path("claimreview/<id:pk>/withdraw/", api.ClaimReviewWithdraw.as_view(), name="claimreview-withdraw"),
    path("facts/", api.FactList.as_view(), name="fact-list"),
    path("facts/<id:pk>/", api.FactDetail.as_view(), name="fact-detail"),
    path("facts/<id:pk>/corrections/", api.FactCorrections.as_view(), name="fact-corrections"),
    path("decisions/", api.DecisionList.as_view(), name="decision-list"),
    path("decisions/<id:pk>/", api.DecisionDetail.as_view(), name="decision-detail"),
    path("decisions/<id:pk>/withdraw/", api.DecisionWithdraw.as_view(), name="decision-withdraw"),
    path("decisions/<id:pk>/claimreview/", api.DecisionClaimReview.as_view(), name="decision-claimreview"),
    path("outlets/", api.OutletList.as_view(), name="outlet-list"),
    path("webhooks/", hooks_api.WebhookList.as_view(), name="webhook-list"),
    path("webhooks/<id:pk>/", hooks_api.WebhookDetail.as_view(), name="webhook-detail"),
    path("webhooks/<id:webhook>/deliveries/", hooks_api.DeliveryList.as_view(), name="webhook-deliveries"),
    path("deliveries/", hooks_api.DeliveryList.as_view(), name="delivery-list"),
    path("deliveries/<id:pk>/", hooks_api.DeliveryDetail.as_view(), name="delivery-detail"),
    # Log in and out of the browsable API (session authentication).
    path("auth/", include("rest_framework.urls")),
    # Anything else under /api/v1/ is a JSON 404.
    re_path(r"^[\s\S]*$", api.not_found),
]
