from rest_framework import serializers

from sources.models import Article


class ArticleSubmitSerializer(serializers.Serializer):
    """An article as a newsroom tool submits it: the text or HTML with its metadata."""

    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    html = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    outlet = serializers.CharField(max_length=200)
    url = serializers.URLField(required=False, allow_blank=True, max_length=1000)
    headline = serializers.CharField(required=False, allow_blank=True, max_length=500)
    published = serializers.DateField(required=False, allow_null=True)
    language = serializers.CharField(required=False, allow_blank=True, max_length=16)
    wire = serializers.CharField(required=False, allow_blank=True, max_length=100)

    def validate(self, data):
        if bool(data.get("text")) == bool(data.get("html")):
            raise serializers.ValidationError("send exactly one of 'text' or 'html'")
        return data


class ArticleSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(source="outlet.name")
    claims = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id", "outlet", "url", "headline", "published", "language", "wire", "status", "error",
            "attempts", "created_at", "updated_at", "claims",
        ]

    def get_claims(self, article) -> int:
        # Annotated by the views' queryset, so a list costs one query whatever its length.
        return article.n_claims if hasattr(article, "n_claims") else article.claims.count()
