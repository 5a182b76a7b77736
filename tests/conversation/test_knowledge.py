"""Knowledge questions over the web channel: a professional's short question
gets the right short answer with its source, and an offer of the steps once."""

from __future__ import annotations

import pytest

# One phrasing per topic that is not in the training data, and words from the
# answer a user would recognise as "that is what I asked".
TOPICS = [
    ("wat voor instantie is veilig thuis eigenlijk?", "25 Veilig Thuis-organisaties"),
    ("hoe verloopt een adviesgesprek met veilig thuis", "veiligheidsplan"),
    ("hoef ik de naam van het gezin niet te geven als ik om advies bel?", "het gezin blijft anoniem"),
    ("wat is nou precies het verschil tussen een advies en een melding", "zicht op de veiligheid"),
    ("wat doet vt nadat ik een melding heb gedaan", "binnen 5 werkdagen"),
    ("laat veilig thuis mij weten hoe het afloopt na mijn melding?", "minstens twee keer"),
    ("moet ik de ouders vertellen dat ik veilig thuis ga inschakelen", "vooraf"),
    ("zegt veilig thuis tegen de ouders dat ik de melder ben", "hoge uitzondering"),
    ("hoe lang houdt veilig thuis de gegevens van een gezin bij", "20 jaar"),
    ("kan ik de melding ook via de chat van veilig thuis doen", "niet via de chat"),
    ("welk telefoonnummer heeft veilig thuis", "0800-0188"),
    ("wanneer spreek je van acute onveiligheid", "direct gevaar"),
    ("wat wordt bedoeld met structurele onveiligheid", "steeds terugkomen"),
    ("bij welke clienten moet ik de kindcheck doen", "zwanger"),
    ("mag ik zonder toestemming van mijn patient informatie aan veilig thuis geven", "meldrecht, geen meldplicht"),
    ("wat is de taak van een aandachtsfunctionaris", "taakprofiel"),
    ("welke organisaties moeten verplicht een meldcode hebben", "1 juli 2013"),
    ("wat is het verschil tussen de verwijsindex en veilig thuis", "Verwijsindex"),
    ("welke signalen van kindermishandeling zie je bij een baby", "luieruitslag"),
    ("hoe herken ik geweld tussen partners", "dwingende controle"),
    ("waaraan herken je mishandeling van ouderen", "mantelzorger"),
    ("wat zijn signalen dat een jongere wordt uitgehuwelijkt", "Knooppunt Huwelijksdwang"),
    ("hoe herken je dat een meisje risico loopt op besnijdenis", "zomervakantie"),
    ("wat moet ik opschrijven in het dossier van mijn client", "Houd je vragen en je uitleg daar apart"),
    ("ik zit in het bestuur van onze vereniging, wat moeten we regelen", "Gratis VOG"),
    # issue 27: the content review
    ("is het disclosure als de buurman vertelt dat hij klappen hoort?", "geen disclosure, maar een signaal"),
    ("een juf wordt verdacht van ontucht met een leerling, welke stappen moet de school zetten", "bevoegd gezag"),
    (
        "ik denk dat een leidster op ons kinderdagverblijf de kinderen slaat, wie moet ik waarschuwen",
        "Vertel het meteen aan de houder",
    ),
    ("welke dokter kan beoordelen waar de verwondingen van een kind vandaan komen?", "vertrouwensarts"),
    ("mijn melding is drie weken oud en veilig thuis is nog steeds niet begonnen, wat nu?", "10 weken"),
    ("moet ik in mijn verslag zetten dat ik gemeld heb en op welke dag", "wat je meldde en wanneer"),
    ("de ouders nemen nooit op, mag ik dan melden zonder het ze eerst te zeggen?", "redelijke pogingen"),
    ("op welke manieren kan een oudere mishandeld worden?", "schending van rechten"),
    (
        "kan ik veilig thuis ook bellen als ik denk dat iemand wordt uitgebuit door mensenhandelaars",
        "ouderenmishandeling en mensenhandel",
    ),
    (
        "mijn cliënt woont samen met een vrouw met twee kinderen, tellen die mee in de kindcheck?",
        "kinderen van een (nieuwe) partner",
    ),
    ("een collega-coach bij de judo gedraagt zich raar tegen de meisjes, waar kan ik dat melden?", "0900-202 55 90"),
    ("ik had een meisje beloofd mijn mond te houden, kan ik daar nog op terugkomen?", "ik wil dat je veilig bent"),
    (
        "ik doe vrijwilligerswerk op de kinderafdeling van het ziekenhuis, welke meldcode volg ik?",
        "aandachtsfunctionaris",
    ),
]


@pytest.mark.parametrize("question,expected", TOPICS, ids=[e for _, e in TOPICS])
def test_question_gets_its_answer_with_a_source(chat, question, expected):
    text = chat.say(question)
    assert expected in text
    assert "Bron: http" in text


def test_steps_are_offered_once_after_a_question(chat):
    first = chat.send("wat is de kindcheck?")
    assert any(b["payload"] == "/inform" for r in first for b in r.get("buttons", []))
    second = chat.say("en wat is disclosure?")
    assert "stappen doorlopen" not in second


def test_signals_are_never_presented_as_proof(chat):
    for question in (
        "signalen van verwaarlozing?",
        "hoe herken ik partnergeweld",
        "wat zijn signalen van ouderenmishandeling",
    ):
        assert "geen bewijs" in chat.say(question)


def test_question_mid_consultation_resumes_the_same_question(chat):
    chat.say("ik ben wijkverpleegkundige en maak me zorgen over een oudere cliënt")
    text = chat.say("mag ik eigenlijk wel melden zonder toestemming?")
    assert "meldrecht" in text
    assert "stappen doorlopen" not in text  # no offer to start what is running
    assert "Wat voor signalen" in text  # the pending question, asked again
