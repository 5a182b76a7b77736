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
