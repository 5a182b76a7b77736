"""The safety net: danger now always gets 112 and 0800-2000."""

import pytest

from bot.safety import danger_now, with_safety_net


@pytest.mark.parametrize("text", [
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
])
def test_danger_now_is_recognised(text):
    assert danger_now(text)


@pytest.mark.parametrize("text", [
    "er ligt een kind gewond op het schoolplein",
    "ze bloedt aan haar hoofd",
    "een leerling zit opgesloten in de schuur",
    "het meisje wordt thuis vastgehouden",
    "hij dreigt haar te vermoorden",
])
def test_someone_hurt_held_or_threatened_with_death_is_recognised_without_a_time_word(text):
    assert danger_now(text)


@pytest.mark.parametrize("text", [
    "ze vertelde vorige maand dat haar vader haar slaat",
    "ik zag blauwe plekken",
    "wat is acute onveiligheid?",
    "ik maak me zorgen over een leerling",
    "ja",
    "gaat Veilig Thuis net als bij een melding aan de slag?",
    "vorig jaar was er geweld in het gezin",
    "het kind is vaak alleen thuis",
    "ik heb net een gesprek gehad met de ouders",
])
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
