"""Language detection (lingua, restricted to CROSSCHECK_LANGUAGES) on texts written for these tests:
English, French, Arabic and mixed pages; only English goes to the extractor."""
import pytest

from sources.language import SLICE, detect_language, sample
from sources.models import Article
from sources.services import article_ingest

ENGLISH = ("The regional council said on Thursday that 40 people had been evacuated after the river burst "
           "its banks, and that the damage to the bridge would take months to repair.")
FRENCH = ("Le conseil régional a indiqué jeudi que 40 personnes avaient été évacuées après la crue de la "
          "rivière, et que les réparations du pont prendraient plusieurs mois.")
ARABIC = ("قال المجلس الإقليمي يوم الخميس إن 40 شخصا تم إجلاؤهم بعد فيضان النهر، وإن إصلاح الجسر "
          "سيستغرق عدة أشهر.")
GREEK = "Το περιφερειακό συμβούλιο ανακοίνωσε την Πέμπτη ότι 40 άνθρωποι απομακρύνθηκαν μετά την πλημμύρα."


@pytest.mark.parametrize("text, code", [(ENGLISH, "en"), (FRENCH, "fr"), (ARABIC, "ar")])
def test_each_language_is_told_apart(text, code):
    assert detect_language(text) == code


def test_an_english_report_quoting_a_french_minister_is_english():
    text = (f"{ENGLISH} The minister told reporters: « Nous ferons tout pour les familles. » "
            "Officials added that the road would reopen next week, once engineers had inspected it.")
    assert detect_language(text) == "en"


def test_a_french_report_quoting_an_english_statement_is_french():
    text = (f"{FRENCH} Le porte-parole de l'agence a déclaré en anglais : \"We are monitoring the situation.\" "
            "La préfecture a ajouté que la route serait rouverte la semaine prochaine après une inspection.")
    assert detect_language(text) == "fr"


def test_a_script_no_configured_language_uses_is_undetermined():
    assert detect_language(GREEK) == "und"


def test_a_long_text_is_read_in_three_slices_only():
    long = FRENCH * 2000
    assert len(sample(long)) <= 3 * SLICE + 2
    assert detect_language(long) == "fr"


def test_an_unknown_language_code_in_the_setting_is_a_clear_error(settings):
    settings.CROSSCHECK_LANGUAGES = ["fr", "xx"]
    with pytest.raises(ValueError, match="'xx' is not an ISO 639-1 language code"):
        detect_language(ENGLISH)


@pytest.mark.django_db
@pytest.mark.parametrize("text, code", [(FRENCH, "fr"), (ARABIC, "ar")])
def test_an_obviously_foreign_article_is_stored_with_its_language_and_skipped(text, code):
    article = article_ingest(raw=text, outlet="Wire").article
    assert article.language == code
    assert article.status == Article.Status.SKIPPED
    assert f"language '{code}' is not English" in article.error


@pytest.mark.django_db
def test_the_text_wins_over_a_declared_language():
    french = article_ingest(raw=FRENCH, outlet="Wire", language="en").article
    assert french.language == "fr" and french.status == Article.Status.SKIPPED
    english = article_ingest(raw=ENGLISH, outlet="Wire", language="fr").article
    assert english.language == "en" and english.status == Article.Status.RECEIVED


@pytest.mark.django_db
def test_undetermined_text_keeps_the_declared_language():
    assert article_ingest(raw=GREEK, outlet="Wire", language="el").article.language == "el"
    assert article_ingest(raw=GREEK + " Ξανά.", outlet="Wire").article.language == "und"
