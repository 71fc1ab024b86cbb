"""The model's attribute ruler (coarse parts of speech, morphology and lemma exceptions read from
the tagger's tags and the parser's labels), with the same rules and the same results, at a
fraction of its cost.

spaCy's AttributeRuler runs a Matcher of some 180 patterns over every token of every Doc: on
the news we read it cost about as much as the parser. Nearly all its patterns are of one token
and look only at the token's tag, lower-case form, dependency label and whether it is space, so
what they do to a token is a function of those four values: it is worked out once per
combination (by spaCy's own Matcher, on a Doc of such tokens, so the rules mean what they mean
to spaCy) and remembered. The few patterns of several tokens ("gon na", "y' all") still go
through a Matcher, a small one. The rules apply in the order spaCy applies them (a later rule
overrides an earlier one), so the tokens come out as spaCy's ruler leaves them
(tests/claims/test_attributes.py compares the two). No `from __future__ import annotations`:
spaCy reads the factory's type hints."""

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# What a one-token pattern may look at for its result to depend on nothing else.
SIGNATURE = (TAG, LOWER, DEP, IS_SPACE)
_SIGNATURE_KEYS = {"TAG", "LOWER", "DEP", "IS_SPACE"}
# Combinations remembered, at most: a few MB; past it the memory starts again.
MEMO_LIMIT = 200_000


def replaceable(ruler: AttributeRuler) -> bool:
    """Whether every one-token pattern of the ruler looks only at the signature's attributes (a
    ruler that looks at others is left as spaCy made it)."""
    for pattern in ruler.patterns:
        for alternative in pattern["patterns"]:
            if len(alternative) == 1 and not set(map(str.upper, alternative[0])) <= _SIGNATURE_KEYS:
                return False
    return True


class QuickAttributeRuler:
    """Applies a loaded AttributeRuler's rules (see the module's docstring)."""

    def __init__(self, ruler: AttributeRuler):
        self.vocab = ruler.vocab
        self.attrs = list(ruler.attrs)
        self.indices = list(ruler.indices)
        self.single = Matcher(self.vocab, validate=False)
        self.several = Matcher(self.vocab, validate=False)
        for attr_id, pattern in enumerate(ruler.patterns):
            singles = [p for p in pattern["patterns"] if len(p) == 1]
            others = [p for p in pattern["patterns"] if len(p) != 1]
            # Keyed by the rule's number, as spaCy's ruler keys them: the order they apply in.
            if singles:
                self.single.add(str(attr_id), singles)
            if others:
                self.several.add(str(attr_id), others)
        self._rule_of = {self.vocab.strings.add(str(i)): i for i in range(len(self.attrs))}
        self._memo: dict[tuple, tuple[tuple[int, dict], ...]] = {}

    def __call__(self, doc: Doc) -> Doc:
        signatures = [tuple(row) for row in doc.to_array(list(SIGNATURE)).tolist()]
        unknown = list(dict.fromkeys(s for s in signatures if s not in self._memo))
        if unknown:
            self._learn(unknown)
        extra: dict[int, list[tuple[int, dict]]] = {}
        if len(self.several):
            for match_id, start, end in self.several(doc, allow_missing=True):
                rule = self._rule_of[match_id]
                target = doc[start:end][self.indices[rule]].i
                extra.setdefault(target, []).append((rule, self.attrs[rule]))
        memo = self._memo
        for i, signature in enumerate(signatures):
            rules = memo[signature]
            if i in extra:
                rules = tuple(sorted((*rules, *extra[i]), key=lambda r: r[0]))
            if not rules:
                continue
            merged: dict = {}
            for _, attrs in rules:
                merged.update(attrs)
            set_token_attrs(doc[i], merged)
        return doc

    def _learn(self, signatures: list[tuple]) -> None:
        """What the one-token rules do to tokens of these signatures, found by the Matcher on a
        Doc made of one such token each."""
        if len(self._memo) + len(signatures) > MEMO_LIMIT:
            self._memo.clear()
        strings = self.vocab.strings
        probe = Doc(self.vocab, words=[strings[s[1]] for s in signatures], spaces=[True] * len(signatures))
        for token, (tag, _, dep, _) in zip(probe, signatures):
            token.tag = tag
            token.dep = dep
        found: dict[int, list[int]] = {}
        for match_id, start, _ in self.single(probe, allow_missing=True):
            found.setdefault(start, []).append(self._rule_of[match_id])
        for i, signature in enumerate(signatures):
            # The lexical half of the signature must be what the probe's word has, or the
            # rules were not asked about this token.
            if (probe[i].lower, probe[i].is_space) != (signature[1], bool(signature[3])):
                raise RuntimeError(f"cannot probe the attribute rules for {strings[signature[1]]!r}")
            self._memo[signature] = tuple((rule, self.attrs[rule]) for rule in sorted(set(found.get(i, ()))))


@Language.factory("crosscheck_attributes")
def make_quick_attribute_ruler(nlp: Language, name: str, source: str = "attribute_ruler"):
    return QuickAttributeRuler(nlp.get_pipe(source))
