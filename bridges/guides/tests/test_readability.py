import pytest

from bridges.guides.readability import TARGET, readability, syllables


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("GP", 1),
        ("free", 1),
        ("make", 1),
        ("table", 2),
        ("register", 3),
        ("practice", 2),
        ("documentation", 5),
        ("don't", 1),
        ("2026", 1),
    ],
)
def test_syllables(word, count):
    assert syllables(word) == count


def test_the_flesch_formula_on_a_counted_text():
    # 2 sentences, 8 words, 10 syllables ("Go to the GP." "It is free, so go.")
    found = readability("Go to the GP. It is free, so go.")
    assert (found.sentences, found.words) == (2, 9)
    expected = 206.835 - 1.015 * (9 / 2) - 84.6 * (found.syllables / 9)
    assert found.score == round(expected, 1)


def test_list_items_and_lines_are_sentences_and_abbreviations_are_not_ends():
    found = readability("You need:\n- a passport\n- a letter, e.g. from a hostel")
    assert found.sentences == 3


def test_plain_text_meets_the_target_and_dense_text_does_not():
    plain = readability("Seeing a GP is free. Anyone can register. You do not need ID.")
    dense = readability(
        "Registration necessitates comprehensive documentation demonstrating "
        "eligibility, notwithstanding organisational interpretations of applicability."
    )
    assert plain.meets_target and plain.score >= TARGET
    assert not dense.meets_target


def test_long_sentences_are_counted_and_empty_text_has_no_score():
    long = " ".join(["word"] * 30) + "."
    assert readability(long).long_sentences == 1
    assert readability("", "   ").score is None
