from praxis.search.text import highlight, index_terms, prefix_tokens, query_tokens


def test_query_tokens_ignore_punctuation_and_fts_syntax():
    assert query_tokens('"genou* NEAR(épaule) : -infiltration (') == ["genou", "near", "épaule", "infiltration"]


def test_query_tokens_drop_stop_words_of_every_language():
    assert query_tokens("le la les de the van") == []


def test_very_long_queries_are_truncated():
    assert len(query_tokens("infiltration " * 500 + " ".join(f"mot{i}" for i in range(100)))) <= 12


def test_index_terms_remove_accents_and_stem_plurals():
    assert index_terms("Infiltrations de l'épaule", "fr") == index_terms("infiltration epaule", "fr")


def test_prefix_tokens_are_accent_free_words():
    assert prefix_tokens("Épau") == ["epau"]


def test_highlight_escapes_everything_but_the_marks():
    html = highlight('<script>alert(1)</script> infiltration du <b>genou</b>', ["genoux"], "fr")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<mark>genou</mark>" in html
    assert "&lt;b&gt;" in html


def test_highlight_matches_accented_words_from_an_accent_free_query():
    assert "<mark>épaules</mark>" in highlight("Douleur des épaules", ["epaule"], "fr")
