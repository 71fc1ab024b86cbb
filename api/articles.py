"""Article endpoints: submit (text or HTML with metadata), list, detail with processing status."""
from django.db.models import Count
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from api.filters import ArticleFilter
from api.serializers import ArticleClaimsPageSerializer
from claims.serializers import ArticleDetailSerializer, ArticleSerializer
from sources.models import Article
from sources.selectors import fetches_visible
from sources.serializers import ArticleSubmitSerializer, FetchSerializer
from sources.services import IngestError, article_ingest, fetch_submit
from workbench.platform.filters import StrictFilterBackend
from workbench.platform.models import ApiClient


@extend_schema_view(post=extend_schema(
    request=ArticleSubmitSerializer,
    responses={
        201: ArticleSerializer,
        200: OpenApiResponse(ArticleSerializer, description="The same text was submitted before."),
        202: inline_serializer("FetchAccepted", {"fetch": FetchSerializer()}),
    },
))
class ArticleListCreate(generics.ListCreateAPIView):
    queryset = (
        Article.objects.select_related("outlet")
        .prefetch_related("edited_figures")
        .annotate(n_claims=Count("claims"))
        .order_by("-id")
    )
    serializer_class = ArticleSerializer
    filter_backends = [StrictFilterBackend]
    filterset_class = ArticleFilter

    def create(self, request, *args, **kwargs):
        submitted = ArticleSubmitSerializer(data=request.data)
        submitted.is_valid(raise_exception=True)
        data = submitted.validated_data
        if not data.get("text") and not data.get("html"):
            return self.fetch_url(data)
        try:
            result = article_ingest(
                raw=data.get("text") or data.get("html"),
                input_format="html" if data.get("html") else "text",
                outlet=data["outlet"],
                url=data.get("url", ""),
                headline=data.get("headline", ""),
                published=data.get("published"),
                language=data.get("language", ""),
                wire=data.get("wire", ""),
            )
        except IngestError as error:
            raise ValidationError({"detail": str(error)}) from None
        article = self.get_queryset().get(id=result.article.id)
        return Response(
            ArticleSerializer(article).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


    def fetch_url(self, data):
        """Only a URL: a worker fetches it. 202 with the fetch, whose status says what happened."""
        try:
            fetch = fetch_submit(
                url=data["url"], outlet=data.get("outlet", ""), published=data.get("published"),
                client=self.request.auth if isinstance(self.request.auth, ApiClient) else None,
                submitted_by=self.request.user,
            )
        except IngestError as error:
            raise ValidationError({"url": [str(error)]}) from None
        fetch.refresh_from_db()  # in-process tasks have run already
        return Response({"fetch": FetchSerializer(fetch).data}, status=status.HTTP_202_ACCEPTED)


class FetchDetail(generics.RetrieveAPIView):
    """A fetch this caller submitted (staff: any). Another client's is a 404, not a 403, so its
    existence says nothing either: the URL may be an unpublished story."""

    serializer_class = FetchSerializer

    def get_queryset(self):
        return fetches_visible(user=self.request.user, client=self.request.auth)


@extend_schema(parameters=[ArticleClaimsPageSerializer])
class ArticleDetail(generics.RetrieveAPIView):
    """An article with one page of its claims: `claims_limit` (at most 500) from `claims_offset`."""

    queryset = ArticleListCreate.queryset
    serializer_class = ArticleDetailSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        page = ArticleClaimsPageSerializer(data=self.request.query_params)
        page.is_valid(raise_exception=True)
        offset, limit = page.validated_data["claims_offset"], page.validated_data["claims_limit"]
        url = self.request.build_absolute_uri()
        context.update(
            claims_offset=offset, claims_limit=limit,
            claims_next=lambda at: replace_query_param(replace_query_param(url, "claims_offset", at), "claims_limit", limit),
        )
        return context
