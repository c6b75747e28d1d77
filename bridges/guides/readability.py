"""How easy the English source of a guide is to read: the Flesch reading ease score.

    score = 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)

Higher is easier: 60-70 is plain English, 70-80 fairly easy (most adults read it at first
go), under 50 is hard. Guides aim at TARGET (60) or above, and sentences of at most
LONG_SENTENCE words, as GOV.UK's style advises.

Counting, kept simple and predictable so a writer can see why the score moves:
- a sentence ends at ".", "!", "?" or ":" followed by a space or the end, or at a line break
  (a list item or a step is a sentence of its own); "e.g." and "i.e." do not end one;
- a word is a run of letters (with an inner apostrophe or hyphen) or a number;
- syllables are groups of vowels (a, e, i, o, u, y) in the word, less a silent final "e"
  ("make") but not "-le" ("table"), "-ee" or "-ye", and at least one; a number counts as one.

The heuristic is for English only; the translations are not scored. It is close to the
dictionary count for most everyday words and errs high for a few long ones, which is the
cautious side for a target.
"""

import re
from dataclasses import dataclass

TARGET = 60
LONG_SENTENCE = 25

_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|etc|no|Dr|Mr|Mrs|Ms|St)\.", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)|\n+")
_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*|\d[\d,.]*")
_VOWELS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    word = word.lower()
    if word[0].isdigit():
        return 1
    count = sum(len(_VOWELS.findall(part)) for part in re.split(r"['’-]", word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(count, 1)


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int
    long_sentences: int

    @property
    def score(self) -> float | None:
        if not self.words:
            return None
        return round(
            206.835 - 1.015 * (self.words / self.sentences) - 84.6 * (self.syllables / self.words),
            1,
        )

    @property
    def words_per_sentence(self) -> float:
        return round(self.words / self.sentences, 1) if self.sentences else 0.0

    @property
    def meets_target(self) -> bool:
        return self.score is not None and self.score >= TARGET

    @property
    def target(self) -> int:
        return TARGET


def readability(*texts: str) -> Readability:
    """The score of all the texts read together (each text ends its last sentence)."""
    words = sentences = syllable_count = long_sentences = 0
    for text in texts:
        text = _ABBREVIATIONS.sub(lambda match: match.group(1), text or "")
        for sentence in _SENTENCE_END.split(text):
            found = _WORD.findall(sentence)
            if not found:
                continue
            sentences += 1
            words += len(found)
            syllable_count += sum(syllables(word) for word in found)
            if len(found) > LONG_SENTENCE:
                long_sentences += 1
    return Readability(
        words=words, sentences=sentences, syllables=syllable_count, long_sentences=long_sentences
    )


def guide_readability(guide) -> Readability:
    """The score of a guide's whole source text (title excluded: it is a heading)."""
    from .selectors import segments

    return readability(*(text for key, text in segments(guide).items() if key != "title"))
