"""Redaction: thresholds on generated sets, and the cases that matter most."""

import logging

import pytest

from bot.privacy.redactor import elfproef, redactor
from tests.privacy_sets import domain_set, domain_words_kept, identifying_set, recall

logging.getLogger("faker").setLevel(logging.WARNING)


def red(text: str) -> str:
    return redactor().redact(text).text


def test_recall_on_500_plus_generated_messages_is_at_least_99_percent():
    items = identifying_set()
    assert len(items) >= 500
    rate, misses = recall(red, items)
    assert rate >= 0.99, misses[:10]


def test_no_domain_word_is_removed_from_100_plus_realistic_messages():
    messages = domain_set()
    assert len(messages) >= 100
    rate, changed = domain_words_kept(red, messages)
    assert rate == 1.0, changed


@pytest.mark.parametrize("text,expected", [
    ("Ik maak me zorgen over Jan de Vries.", "Ik maak me zorgen over [naam]."),
    ("juf Anna zag het", "juf [naam] zag het"),
    ("bel 06-12345678", "bel [telefoonnummer]"),
    ("mail naar jan@example.nl", "mail naar [e-mail]"),
    ("rekening NL91ABNA0417164300", "rekening [iban]"),
    ("kenteken 12-ABC-3", "kenteken [kenteken]"),
    ("ze heet @jantje2010 op insta", "ze heet [account] op insta"),
    ("postcode 3511ab", "postcode [postcode]"),
    ("Ze woont op Kerkstraat 12 in Utrecht", "Ze woont op [adres] in [plaats]"),
])
def test_identifying_values_become_tags(text, expected):
    assert red(text) == expected


@pytest.mark.parametrize("text", [
    "een jongen van 10 en zijn moeder van 34 jaar",
    "in 2019 en 2020 ging het mis",
    "Ik belde Veilig Thuis (0800-2000) en daarna 112.",
    "De intern begeleider, de huisarts en de GGD weten ervan.",
    "De Raad voor de Kinderbescherming is ingeschakeld.",
    "juf en meester van groep 7",
])
def test_domain_words_ages_and_helplines_are_kept(text):
    assert red(text) == text


def test_bsn_uses_the_11_check():
    assert elfproef("111222333")
    assert not elfproef("123456789")
    assert red("bsn 111222333") == "bsn [bsn]"


def test_notice_names_what_was_left_out_once():
    r = redactor().redact("Mijn cliënte Fatima El Amrani, 06-12345678")
    assert r.notice().startswith("Ik heb een naam en een telefoonnummer weggelaten.")
    assert redactor().redact("geen gegevens hier").notice() is None


def test_compact_lookup_trie_gives_the_tries_answers(monkeypatch):
    """Both node kinds (string, dict) against docdeid's LookupTrie, on every short token sequence."""
    import itertools

    import docdeid as dd

    from bot.privacy import deduce_lookups

    monkeypatch.setattr(deduce_lookups, "LIMIT", 12)  # long subtrees become dicts
    entries = [["De", "Linde"], ["De", "Linde", "Noord"], ["De"], ["Linde", "van", "Noord"],
               ["van", "der", "Linde"], ["van", "der"], ["Noord"], ["van", "Noord", "De", "Linde"]]
    words = ["De", "Linde", "Noord", "van", "der", "de", "x", "\n"]
    for pipeline in (None, [dd.str.LowercaseString()]):
        trie = dd.ds.LookupTrie(matching_pipeline=pipeline)
        for entry in entries:
            trie.add_item(entry)
        compact = deduce_lookups.CompactLookupTrie(trie)
        assert set(compact.children) == set(trie.children)
        assert any(isinstance(node, dict) for node in compact.children.values())
        assert any(isinstance(node, str) for node in compact.children.values())
        for n in range(1, 5):
            for seq in map(list, itertools.product(words, repeat=n)):
                assert (seq in compact) == (seq in trie), seq
                for i in range(n):
                    assert compact.longest_matching_prefix(seq, i) == trie.longest_matching_prefix(seq, i)


def test_redactor_holds_deduces_lookups_compactly_and_finds_their_entries():
    import docdeid as dd

    from bot.privacy.deduce_lookups import CompactLookupTrie

    structs = redactor()._deduce.lookup_structs
    tries = [s for s in structs.values() if isinstance(s, dd.ds.LookupTrie)]
    assert len(tries) == 7 and all(isinstance(s, CompactLookupTrie) for s in tries)
    assert structs["street"].longest_matching_prefix(["Burgemeester", "de", "Withstraat", "4"]) == [
        "Burgemeester", "de", "Withstraat"]
    assert structs["placename"].longest_matching_prefix(["in", "Bergen", "op", "Zoom", "."], 1) == [
        "Bergen", "op", "Zoom"]
    assert red("bij Huisartsenpraktijk De Linde in Bergen op Zoom") == "bij [instelling] in [plaats]"
