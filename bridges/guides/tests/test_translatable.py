from bridges.guides.translatable import GUIDE


def test_sections_and_step_texts_are_paragraphs_and_step_titles_one_line():
    assert GUIDE.is_multiline("summary") and GUIDE.is_multiline("help")
    assert GUIDE.is_multiline("step.1.body") and GUIDE.is_multiline("step.30.body")
    assert not GUIDE.is_multiline("title")
    assert not GUIDE.is_multiline("step.1.title")


def test_translators_see_each_segment_named():
    assert GUIDE.label_of("title") == "Title"
    assert GUIDE.label_of("who_can") == "Who can do this"
    assert GUIDE.label_of("step.2.title") == "Step 2"
    assert GUIDE.label_of("step.2.body") == "Step 2: what to do"
