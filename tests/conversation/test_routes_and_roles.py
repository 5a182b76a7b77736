"""Whole conversations over the web channel for the routes and roles of the
content review (#27): who told, the staff routes of onderwijs and
kinderopvang, practice staff, adult students, and volunteers by where they
volunteer. Typed in free Dutch, as a worried professional would.
"""

from __future__ import annotations


def test_hearsay_from_a_neighbour_is_a_signal_and_question_2_is_asked(chat):
    chat.say("ik werk in het wijkteam en maak me zorgen over een kind")
    text = chat.say("de buurvrouw zei dat ze vaak geschreeuw hoort bij het gezin")
    assert "Iemand anders vertelde het je" in text and "geen disclosure" in text
    assert "hoe vaak: vaker" in text and "Hoe vaak" not in text  # "vaak" was said already
    assert "meer kinderen" in text
    chat.say("weet ik niet")  # more children involved?
    chat.say("ja met mijn teamleider")
    chat.say("nee nog niet")
    chat.say("nee nog niet")  # talked to them? not yet
    text = chat.say("ja")  # question 1: a suspicion
    assert "Vraag 2 (veiligheid)" in text  # weighed, not skipped as a disclosure
    assert "disclosure" not in text
    assert "Twijfel je?" in chat.say("weet ik niet")
    text = chat.say("ik twijfel nog steeds")
    assert "vraag nu advies aan Veilig Thuis" in text and "0800-2000" in text
    assert "Stap 1, soort signalen: iemand anders vertelde het me" in chat.say("samenvatting")


def test_unclear_teller_is_asked_and_can_be_corrected(chat):
    chat.say("ik ben leerkracht en maak me zorgen over een leerling")
    text = chat.say("ze vertelde me dat het thuis niet goed gaat")
    assert "Wie vertelde het je?" in text
    text = chat.say("het meisje zelf")
    assert "Dat heet disclosure" in text and "Typ 'terug'" in text
    text = chat.say("terug")
    assert "Wie vertelde het je?" in text
    text = chat.say("nee, haar vriendin")
    assert "Iemand anders vertelde het je" in text


def test_a_ggz_client_telling_about_her_partner_is_weighed_at_question_2(chat):
    chat.say("ik ben psycholoog in de ggz en maak me zorgen over een client")
    text = chat.say("ze vertelde me zelf dat haar partner haar slaat")
    assert "afhankelijk van anderen" in text
    text = chat.say("nee, ze woont zelfstandig en beslist zelf")
    assert "Je cliënt is volwassen en beslist zelf" in text
    assert "Hoe vaak" in text
    chat.say("al maanden")
    text = chat.say("nee geen kinderen")  # the kindcheck
    assert "Leg de uitkomst van de kindcheck vast" in text
    for answer in ("ja", "ja", "ja we hebben het samen besproken"):
        chat.say(answer)
    text = chat.say("ja")  # question 1
    assert "Vraag 2 (veiligheid)" in text
    assert "Je cliënt vertelde het zelf, en beslist als volwassene zelf" in text
    chat.say("nee")  # 2
    chat.say("ja")  # 3
    chat.say("ja, ze wil hulp")  # 4
    text = chat.say("dat is nog te vroeg, de hulp is net begonnen")  # 5
    assert "hulp bieden en later opnieuw wegen" in text
    assert "vraag 5 opnieuw beantwoordt" in text


def test_a_dependent_adult_telling_it_is_disclosure(chat):
    chat.say("ik ben wijkverpleegkundige en maak me zorgen over een oudere client")
    chat.say("mevrouw vertelde me zelf dat haar zoon geld van haar pakt en haar duwt")
    text = chat.say("ja, ze is bedlegerig en heeft zorg nodig")
    assert "Dat heet disclosure" in text


def test_a_teacher_worried_about_a_colleague_gets_the_bevoegd_gezag_route(chat):
    text = chat.say("ik ben leraar en ik maak me zorgen over een collega die aan leerlingen zit")
    assert "vermoeden tegen iemand die op school werkt" in text
    assert "bevoegd gezag" in text and "vertrouwensinspecteur" in text and "aangifte" in text
    assert "0900-111 3 111" in text
    assert "Vraag 1 (vermoeden)" not in text and "Stap 1" not in text


def test_a_childcare_worker_who_saw_a_colleague_hit_a_toddler(chat):
    text = chat.say("ik ben pedagogisch medewerker en ik zag vanmorgen een collega een peuter slaan")
    assert "vermoeden tegen een medewerker van de opvang" in text
    for words in ("houder", "vertrouwensinspecteur", "aangifte", "0900-111 3 111"):
        assert words in text
    assert "Is de houder zelf" in text


def test_a_childcare_worker_worried_about_home_takes_route_1(chat):
    text = chat.say("ik ben pedagogisch medewerker, het gaat om de thuissituatie van een peuter")
    assert "medewerker van de opvang" not in text
    assert "Stap 1" in text and "Wat voor signalen" in text


def test_a_poh_is_not_addressed_as_a_doctor(chat):
    text = chat.say("ik ben poh bij een huisartsenpraktijk en maak me zorgen")
    assert "Over wie maak je je zorgen?" in text
    chat.say("over een volwassen patiënte")
    chat.say("ze heeft steeds blauwe plekken")
    text = chat.say("vaker")
    assert "kinderen onder de 18" in text
    text = chat.say("nee")  # no children: on to step 2, with the practice's own people
    assert "Heb je al overlegd met de huisarts of tandarts" in text
    assert "letselduiding" in text  # injuries
    for answer in ("ja", "ja", "ja", "ja"):  # consulted, advice, talked, question 1
        chat.say(answer)
    text = chat.say("ja")  # question 2: unsafe
    assert "melden bij Veilig Thuis is nodig" in text
    assert "jij als arts" not in text and "KNMG" not in text
    assert "de huisarts of tandarts, of wie de meldcode van je praktijk daarvoor aanwijst" in text


def test_injuries_bring_letselduiding_into_step_2(chat):
    chat.say("ik ben docent en maak me zorgen over een leerling")
    chat.say("hij had weer blauwe plekken op zijn armen")
    chat.say("vaker")
    text = chat.say("nee")  # more children? -> step 2
    assert "Stap 2" in text and "letselduiding" in text and "vertrouwensarts" in text


def test_an_adult_student_gets_the_kindcheck(chat):
    chat.say("ik ben docent op het mbo")
    text = chat.say("een student van 20")
    assert "Wat voor signalen" in text
    chat.say("ze is erg stil en bang")
    text = chat.say("al weken")
    assert "kinderen onder de 18" in text  # the kindcheck, not "meer kinderen"


def test_a_sports_volunteer_worried_about_another_trainer(chat):
    text = chat.say("ik ben vrijwilliger bij de voetbalclub en ik maak me zorgen over een andere trainer")
    assert "Heeft je club of organisatie iemand" in text  # where and what were read from the text
    text = chat.say("geen idee eigenlijk")
    assert "zorgen over iemand binnen je organisatie" in text
    assert "Centrum Veilige Sport" in text and "0900-202 55 90" in text
    assert "vertrouwenscontactpersoon" in text


def test_a_volunteer_in_a_care_home_goes_to_its_aandachtsfunctionaris(chat):
    text = chat.say("ik ben vrijwilliger in een verpleeghuis en maak me zorgen")
    assert "Waar maak je je zorgen over?" in text
    chat.say("over hoe het gaat met een bewoonster en haar zoon thuis")
    text = chat.say("nee")  # did she tell you herself?
    assert "aandachtsfunctionaris" in text and "eigen meldcode" in text
    assert "Heeft je club" not in text


def test_a_volunteer_is_asked_where_they_volunteer(chat):
    text = chat.say("ik ben vrijwilliger en ik maak me zorgen")
    assert "Waar doe je vrijwilligerswerk?" in text
    assert "Waar maak je je zorgen over?" in chat.say("bij de scouting")
