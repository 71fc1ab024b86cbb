"""The model's rule lemmatizer, remembering every answer.

spaCy's rule lemmatizer walks every token in Python and, for the commonest tokens (a singular
noun, a verb's base form, a plain adjective: its "base forms"), works the lemma out again each
time without remembering it. A lemma is a function of the token's form, part of speech and
morphology (the key spaCy's own cache uses), so the answer for each combination is asked of the
model's lemmatizer once and remembered, and a Doc's lemmas are set as one column. A lemma set
before it (by the attribute rules) is kept, as spaCy's lemmatizer keeps it. No `from __future__
import annotations`: spaCy reads the factory's type hints."""
import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

# Answers remembered, at most; past it the memory starts again.
MEMO_LIMIT = 200_000


def replaceable(lemmatizer: Lemmatizer) -> bool:
    """Only the rule mode's answers depend on nothing but the key."""
    return lemmatizer.mode == "rule"


class QuickLemmatizer:
    def __init__(self, lemmatizer: Lemmatizer):
        self.lemmatizer = lemmatizer
        self.vocab = lemmatizer.vocab
        self._memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = numpy.arange(len(doc)) if self.lemmatizer.overwrite else numpy.flatnonzero(rows[:, 3] == 0)
        if not len(todo):
            return doc
        memo, lemmas = self._memo, rows[:, 3].copy()
        if len(memo) > MEMO_LIMIT:
            memo.clear()
        for i in todo.tolist():
            key = (int(rows[i, 0]), int(rows[i, 1]), int(rows[i, 2]))
            lemma = memo.get(key)
            if lemma is None:
                lemma = memo[key] = self.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


@Language.factory("crosscheck_lemmas")
def make_quick_lemmatizer(nlp: Language, name: str, source: str = "lemmatizer"):
    return QuickLemmatizer(nlp.get_pipe(source))
