"""The safety net: danger now always gets 112 and 0800-2000; suicidal thoughts also 113."""

import pytest

from bot.safety import danger_now, suicidal_thoughts, with_safety_net


@pytest.mark.parametrize(
    "text",
    [
        "hij slaat haar nu",
        "Het kind durft vanavond niet naar huis",
        "de vader heeft een mes",
        "ze is in levensgevaar",
        "hij dreigt vannacht iedereen iets aan te doen",
        "de leerling is bang om naar huis te gaan",
        "er wordt op dit moment iemand geslagen",
        # aggression, screaming, pain, a fight or a child left alone, placed now
        "mijn cliënte belt: hij staat nu voor de deur en is heel agressief",
        "de buurvrouw hoort nu geschreeuw uit het huis",
        "hij doet haar nu pijn",
        "de moeder is net geslagen en hij komt zo terug",
        "het kind is op dit moment niet veilig thuis",
        "de baby is vannacht alleen thuis",
        "Er wordt nu gevochten in de woning",
    ],
)
def test_danger_now_is_recognised(text):
    assert danger_now(text)


@pytest.mark.parametrize(
    "text",
    [
        "er ligt een kind gewond op het schoolplein",
        "ze bloedt aan haar hoofd",
        "een leerling zit opgesloten in de schuur",
        "het meisje wordt thuis vastgehouden",
        "hij dreigt haar te vermoorden",
    ],
)
def test_someone_hurt_held_or_threatened_with_death_is_recognised_without_a_time_word(text):
    assert danger_now(text)


@pytest.mark.parametrize(
    "text",
    [
        "ze vertelde vorige maand dat haar vader haar slaat",
        "ik zag blauwe plekken",
        "wat is acute onveiligheid?",
        "ik maak me zorgen over een leerling",
        "ja",
        "gaat Veilig Thuis net als bij een melding aan de slag?",
        "vorig jaar was er geweld in het gezin",
        "het kind is vaak alleen thuis",
        "ik heb net een gesprek gehad met de ouders",
    ],
)
def test_past_or_general_worries_do_not_trigger(text):
    assert not danger_now(text)


def test_net_adds_safety_first_only_when_missing():
    replies = [{"recipient_id": "x", "text": "Wat voor signalen zijn het vooral?"}]
    out = with_safety_net("hij heeft een mes", replies, "x")
    assert "112" in out[0]["text"] and "0800-2000" in out[0]["text"]
    assert out[1:] == replies
    already = [{"recipient_id": "x", "text": "Bel 112."}, {"recipient_id": "x", "text": "Of 0800-2000."}]
    assert with_safety_net("hij heeft een mes", already, "x") == already
    # "Bij direct gevaar: bel 112" in a not-understood reply lacks Veilig Thuis.
    fallback = [{"recipient_id": "x", "text": "Sorry, dat begreep ik niet. Bij direct gevaar: bel 112."}]
    out = with_safety_net("een vader slaat nu zijn zoon op het veld", fallback, "x")
    assert "0800-2000" in out[0]["text"] and out[1:] == fallback
    assert with_safety_net("ik twijfel", replies, "x") == replies


@pytest.mark.parametrize(
    "text",
    [
        "mijn leerling zegt dat ze niet meer wil leven",
        "een cliënt heeft suïcidale gedachten",
        "de moeder praat over een einde aan haar leven maken",
        "hij wil liever dood, zegt hij",
        "ik ben bang dat hij zichzelf iets aandoet",
        "Zijn vader dreigt met zelfmoord",
    ],
)
def test_suicidal_thoughts_get_113_after_the_112_line(text):
    replies = [{"recipient_id": "x", "text": "Wat voor signalen zijn het vooral?"}]
    out = with_safety_net(text, replies, "x")
    texts = [r["text"] for r in out]
    line = next(i for i, t in enumerate(texts) if "113" in t and "0800-0113" in t)
    assert "https://www.113.nl/" in texts[line]
    assert out[-1] == replies[-1] and line < len(texts) - 1
    danger = [i for i, t in enumerate(texts) if "0800-2000" in t and i != len(texts) - 1]
    assert all(i < line for i in danger), "112 comes first when both apply"


@pytest.mark.parametrize(
    "text",
    [
        "wat doet veilig thuis met een melding?",
        "het kind wil niet naar gym",
        "ze is dood op haar werk, zo moe",
        "hoe lang bewaart veilig thuis een dossier?",
    ],
)
def test_other_messages_get_no_113_line(text):
    assert not suicidal_thoughts(text)


def test_the_113_line_is_not_repeated_when_a_reply_already_gives_it():
    replies = [{"recipient_id": "x", "text": "Bel 113 of gratis 0800-0113."}]
    assert with_safety_net("hij wil niet meer leven", replies, "x") == replies
