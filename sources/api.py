"""Article endpoints: submit (text or HTML with metadata), list, detail with processing status."""
from django.db.models import Count
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from sources.models import Article
from sources.serializers import ArticleSerializer, ArticleSubmitSerializer
from sources.services import IngestError, article_ingest


class ArticleListCreate(generics.ListCreateAPIView):
    queryset = Article.objects.select_related("outlet").annotate(n_claims=Count("claims")).order_by("-id")
    serializer_class = ArticleSerializer

    def create(self, request, *args, **kwargs):
        submitted = ArticleSubmitSerializer(data=request.data)
        submitted.is_valid(raise_exception=True)
        data = submitted.validated_data
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


class ArticleDetail(generics.RetrieveAPIView):
    queryset = ArticleListCreate.queryset
    serializer_class = ArticleSerializer
