"""Whole consultations over the web channel, as a user would have them.

Free Dutch text where a user would type, button payloads where they would
click. Each test asserts what the user sees: the questions, the outcome, the
numbers to call.
"""

import pytest

from actions.meldcode import afweging as a
from tests.unit.test_afweging import GENERIC_PATHS

YES, NO, DOUBT = "/affirm", "/deny", "/unsure"
PAYLOAD = {"ja": YES, "nee": NO, "twijfel": DOUBT, "te_vroeg": '/inform{"choice":"te_vroeg"}'}

OUTCOME_TITLES = {
    a.AFSLUITEN: "vastleggen en afsluiten",
    a.MELDEN_ONVEILIG: "melden bij Veilig Thuis is nodig",
    a.MELDEN_TWIJFEL_VEILIGHEID: "melden bij Veilig Thuis is nodig",
    a.MELDEN_GEEN_HULP: "melden bij Veilig Thuis is nodig",
    a.MELDEN_NIET_AANVAARD: "melden bij Veilig Thuis is nodig",
    a.MELDEN_GEEN_RESULTAAT: "(opnieuw) melden bij Veilig Thuis",
    a.HULP_MONITOREN: "hulp, met afspraken over monitoren",
    a.HULP_LOPEND: "hulp bieden en later opnieuw wegen",
    a.ADVIES_VT: "vraag nu advies aan Veilig Thuis",
}


def test_teacher_with_a_disclosure_reaches_melden(chat):
    text = chat.say("Ik ben leerkracht en ik maak me zorgen over een leerling")
    assert "Stap 1" in text and "Wat voor signalen" in text
    chat.say("ze heeft het me zelf verteld")
    chat.say("het was de eerste keer")
    # more children involved? Then step 2 names the school's own role:
    assert "overlegd met de intern begeleider" in chat.say("weet ik niet")
    assert "advies gevraagd aan Veilig Thuis" in chat.say("ja, met de intern begeleider")
    assert "legt dan niets vast over het gezin" in chat.say("nee nog niet")
    chat.say("nee, dat is niet veilig")
    text = chat.say("ja")  # question 1: suspicion
    assert "disclosure" in text
    assert "melden bij Veilig Thuis is nodig" in text
    assert "0800-2000" in text
    assert "aandachtsfunctionaris" in text  # who decides in onderwijs
    assert "Bron: https://" in text


def test_childcare_worker_whose_suspicion_falls_away_closes(chat):
    chat.say("Ik werk op het kinderdagverblijf en ik maak me zorgen over een peuter")
    chat.say("het gaat om de thuissituatie")
    chat.say("hij had een blauwe plek op zijn wang")
    chat.say("een keer")
    chat.say("nee")
    chat.say("ja")
    chat.say("ja")
    chat.say("ja, met moeder")
    text = chat.say("nee, de uitleg van moeder klopte")
    assert "vastleggen en afsluiten" in text
    assert "0800-2000" in text


def test_social_worker_whose_help_works_gets_monitoring(chat):
    text = chat.say("Ik ben maatschappelijk werker en maak me zorgen over een cliënte")
    assert "kindcheck" not in text.lower() or "Stap 1" in text
    chat.say("er is veel ruzie met haar partner")
    text = chat.say("al maanden")
    assert "kinderen onder de 18" in text  # the kindcheck
    assert "kindcheck" in chat.say("nee").lower()
    chat.say("ja")
    chat.say("ja")
    chat.say("ja")
    chat.say("ja")  # 1 vermoeden
    chat.say("nee hoor")  # 2 veiligheid
    chat.say("ja")  # 3 hulp
    chat.say("ja, ze werken goed mee")  # 4 acceptatie
    text = chat.say("ja")  # 5 resultaat
    assert "hulp, met afspraken over monitoren" in text


def _to_weighing(chat, opening: str, extra: list[str]):
    chat.send(opening)
    for answer in extra:
        chat.send(answer)


PROFILES = {
    # variant: (opening message, answers up to question 1)
    "generiek": (
        "ik ben sociaal werker in het wijkteam en maak me zorgen",
        ['/inform{"choice":"kind"}', '/inform{"choice":"gedrag"}', '/inform{"choice":"vaker"}', NO, YES, YES, YES],
    ),
    "onderwijs": (
        "ik ben docent en maak me zorgen over een leerling",
        ['/inform{"choice":"gedrag"}', '/inform{"choice":"vaker"}', NO, YES, YES, YES],
    ),
    "knmg": (
        "ik ben huisarts en maak me zorgen over een kind",
        ['/inform{"choice":"letsel"}', '/inform{"choice":"vaker"}', NO, YES, YES, YES],
    ),
}


@pytest.mark.parametrize("variant", list(PROFILES))
@pytest.mark.parametrize("answers,outcome", GENERIC_PATHS, ids=[o for _, o in GENERIC_PATHS])
def test_every_branch_of_the_five_questions(chat, variant, answers, outcome):
    opening, before = PROFILES[variant]
    _to_weighing(chat, opening, before)
    replies = []
    for _question, answer in answers.items():
        replies = chat.send(PAYLOAD[answer])
        if answer == "twijfel":  # first doubt: explanation, same question again
            assert "Twijfel je?" in replies[0]["text"]
            replies = chat.send(DOUBT)
    text = "\n".join(r.get("text", "") for r in replies)
    expected = outcome
    if variant == "onderwijs" and answers.get(a.VEILIGHEID) == "twijfel":
        expected = a.MELDEN_TWIJFEL_VEILIGHEID
        assert "Je twijfelt of het kind veilig is" in text and "Er is acute" not in text
    assert OUTCOME_TITLES[expected] in text.lower() or OUTCOME_TITLES[expected] in text
    assert "0800-2000" in text
    if variant == "knmg" and a.melden_noodzakelijk(expected) == "ja":
        assert "professionele norm" in text
    if variant == "onderwijs":
        assert "intern begeleider" in text


def test_side_question_mid_consultation_then_resume(chat):
    chat.say("ik ben docent en maak me zorgen over een leerling")
    for payload in ['/inform{"choice":"gedrag"}', '/inform{"choice":"vaker"}', NO, YES, YES, YES]:
        chat.send(payload)
    text = chat.say("wat is structurele onveiligheid eigenlijk?")
    assert "steeds" in text and "terugkomen" in text  # the answer
    assert "Vraag 1 (vermoeden)" in text  # and the consultation picks up again


def test_danger_now_mid_consultation_gives_112_then_resumes(chat):
    chat.say("ik ben docent en maak me zorgen over een leerling")
    text = chat.say("de leerling durft vanavond niet naar huis, ze is bang dat ze geslagen wordt")
    assert text.index("112") < text.index("Hoe vaak")  # 112 and 0800-2000 first
    assert "0800-2000" in text
    assert "Hoe vaak" in text  # and the signal it describes is kept: the steps go on


def test_restart_wipes_answers(chat):
    chat.say("ik ben docent en maak me zorgen over een leerling")
    chat.send('/inform{"choice":"letsel"}')
    text = chat.say("opnieuw beginnen")
    assert "We beginnen opnieuw" in text
    assert "In welke sector werk je?" in text
    assert "Er is nog niets" in chat.say("samenvatting") or "Nog niet afgerond" in chat.say("samenvatting")


def test_back_changes_the_last_answer(chat):
    chat.say("ik ben docent en maak me zorgen over een leerling")
    chat.send('/inform{"choice":"letsel"}')
    text = chat.say("terug")
    assert "opnieuw geven" in text
    assert "Wat voor signalen" in text
    chat.send('/inform{"choice":"verwaarlozing"}')
    summary = chat.say("samenvatting")
    assert "verwaarlozing" in summary and "letsel" not in summary


def test_stop_ends_politely_and_forgets(chat):
    chat.say("ik ben docent en maak me zorgen over een leerling")
    chat.send('/inform{"choice":"letsel"}')
    text = chat.say("stop")
    assert "we stoppen" in text and "0800-2000" in text
    assert "Er is nog niets" in chat.say("samenvatting")


def test_summary_after_outcome_is_anonymous_and_structured(chat):
    chat.say("ik ben docent en maak me zorgen over Jantje")
    for payload in [
        '/inform{"choice":"thuis"}',
        '/inform{"choice":"gedrag"}',
        '/inform{"choice":"vaker"}',
        NO,
        YES,
        YES,
        YES,
        YES,
        YES,
    ]:
        chat.send(payload)
    text = chat.say("samenvatting")
    assert "Sector: onderwijs" in text
    assert "Beslissing 1, is melden nodig: ja" in text
    assert "Jantje" not in text


def test_kindcheck_positive_leads_into_steps_for_the_children(chat):
    chat.say("ik ben psycholoog in de ggz en ik maak me zorgen over een cliënt")
    chat.send('/inform{"choice":"thuis"}')
    chat.send('/inform{"choice":"vaker"}')
    chat.send(YES)
    chat.send('/inform{"choice":"alleen"}')
    text = chat.say("ja")
    assert "kindcheck is positief" in text
    assert "Stap 2" in text


@pytest.mark.parametrize(
    "opening",
    [
        "ik zie de laatste tijd vaak blauwe plekken op haar armen",
        "de vader van een leerling drinkt veel en er is vaak ruzie thuis",
        "een leerling uit mijn klas",
    ],
)
def test_an_observation_as_first_message_starts_the_consultation(chat, opening):
    # Not "Sorry, dat begreep ik niet": what a worried person types first is a start.
    text = chat.say(opening)
    assert "5 stappen van de meldcode" in text
    assert "begreep ik niet" not in text


def test_an_old_button_after_the_outcome_keeps_the_answers(chat):
    # Describing a worry starts a consultation, but tapping a button left over
    # from the finished one must not wipe the answers the user may still need.
    chat.say("ik ben docent en maak me zorgen over een leerling")
    for payload in ['/inform{"choice":"gedrag"}', '/inform{"choice":"vaker"}', NO, YES, YES, YES, YES, YES]:
        chat.send(payload)
    assert "begreep ik niet" in chat.say('/inform{"choice":"letsel"}')
    assert "Beslissing 1, is melden nodig: ja" in chat.say("samenvatting")


def test_introducing_yourself_starts_in_your_sector(chat):
    replies = chat.send("ik ben leerkracht op een basisschool")
    text = "\n".join(r.get("text", "") for r in replies)
    assert "In welke sector" not in text
    assert "Over wie maak je je zorgen?" in text
    buttons = [b["title"] for b in replies[-1].get("buttons", [])]
    assert "Iemand die op school werkt, zoals een collega" in buttons
    assert "Wat voor signalen" in chat.say("om een leerling uit mijn klas")


def test_kinderopvang_staff_route_is_not_veilig_thuis(chat):
    chat.say("ik werk bij de kinderopvang en maak me zorgen")
    text = chat.say("over een collega van de opvang")
    assert "vertrouwensinspecteur" in text and "houder" in text


def test_danger_in_an_answer_still_gets_112(chat):
    chat.say("ik ben docent en maak me zorgen over een leerling")
    text = chat.say("de vader stond net met een mes bij het hek")
    assert "112" in text and "0800-2000" in text


def test_signals_per_form_of_violence_mid_consultation(chat):
    chat.say("ik ben docent en maak me zorgen over een leerling")
    text = chat.say("welke signalen moet ik op letten?")
    assert "Signalen zijn geen bewijs" in text and "verwaarlozing" in text
    assert "Wat voor signalen" in text  # the consultation question again
