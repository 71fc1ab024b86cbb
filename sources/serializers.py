from rest_framework import serializers

from sources.models import Fetch


class ArticleSubmitSerializer(serializers.Serializer):
    """An article as a newsroom tool submits it: the text or HTML with its metadata, or only its
    URL (fetched by a worker; the outlet then defaults to the page's site name)."""

    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    html = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    outlet = serializers.CharField(max_length=200, required=False, allow_blank=True)
    url = serializers.URLField(required=False, allow_blank=True, max_length=1000)
    headline = serializers.CharField(required=False, allow_blank=True, max_length=500)
    published = serializers.DateField(required=False, allow_null=True)
    language = serializers.CharField(required=False, allow_blank=True, max_length=16)
    wire = serializers.CharField(required=False, allow_blank=True, max_length=100)

    def validate(self, data):
        if not data.get("text") and not data.get("html") and data.get("url"):
            return data  # a URL to fetch
        if bool(data.get("text")) == bool(data.get("html")):
            raise serializers.ValidationError("send exactly one of 'text' or 'html', or only a 'url' to fetch")
        if not data.get("outlet"):
            raise serializers.ValidationError({"outlet": ["This field is required with 'text' or 'html'."]})
        return data


class FetchSerializer(serializers.ModelSerializer):
    """A URL queued for a worker to fetch: its status, its error, and the article once stored."""

    # queued, fetching, done or failed. A plain string: a second choice set named "status" would
    # collide with the article's in the OpenAPI schema.
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Fetch
        fields = ["id", "url", "outlet", "feed", "status", "error", "attempts", "article", "created_at"]
