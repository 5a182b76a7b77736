"""Whole conversations, typed in free Dutch from the first message to the outcome (#28).

Every message here is typed the way a worried professional or volunteer might type
it: no button payloads at all, with lowercase, typos, chat spelling, very short
("jep", "nope", "weet nie") and long answers, corrections halfway ("nee, het gaat
om ...") and knowledge questions in the middle of the steps. The conversations
run over the real web endpoint (the `chat` fixture), against the trained model.

They cover teachers (primary, secondary, a disclosure, hearsay, a colleague),
kinderopvang (home situation and a colleague), GGZ with an adult client (the
kindcheck), a wijkverpleegkundige with an elderly client, a huisarts (KNMG) and
a POH (not a doctor), jeugdhulp, a wijkteam, reclassering, volunteers in sport,
scouting and a care home, and every branch of the afwegingskader at least once.
Each test asserts what a user would notice: the outcome the answers call for
(per the tables in actions/meldcode/afweging.py and the paths in
actions/meldcode/consultation.py), the key facts (0800-2000, 112), that a
question already answered is not asked again, and that volunteers never see the
professional afwegingskader.

Written as an independent tester WITHOUT seeing the assistant's training
examples (actions/content/antwoorden.yml, data/nlu/, bench/typed_answers/)
or the phrasings of the other tests. Twelve conversations first failed on a
misread typed answer and were marked xfail (strict) with the misread message;
the assistant was then fixed (not the phrasings) and the marks removed.
"""

from __future__ import annotations

# How each question can be recognised in a reply (short, stable parts of its text).
Q = {
    "sector": "In welke sector",
    "over_wie": "Over wie maak je je zorgen",  # school_route and zorg_over
    "opvang_route": "Waar gaat je zorg over?",
    "signaal_soort": "Wat voor signalen",
    "verteld_door": "Wie vertelde het je?",
    "afhankelijk": "voor zorg afhankelijk van anderen",
    "frequentie": "Hoe vaak zag of hoorde",
    "meer_kinderen": "broertjes of zusjes",
    "kc_kinderen": "Zorgt je cliënt voor kinderen",
    "kc_zorg": "Zorgt je cliënt alleen voor de kinderen",
    "kc_schade": "de kinderen schaden",
    "collega": "Heb je al overlegd met",
    "veilig_thuis": "Heb je advies gevraagd aan Veilig Thuis",
    "gesprek": "Heb je met de betrokkene(n) gesproken",
    "v1": "Vraag 1 (vermoeden)",
    "v2": "Vraag 2 (veiligheid)",
    "v3": "Vraag 3 (hulp)",
    "v4": "Vraag 4 (acceptatie)",
    "v5": "Vraag 5 (resultaat)",
    "vw_organisatie": "Waar doe je vrijwilligerswerk",
    "vw_zorg_over": "Waar maak je je zorgen over?",
    "vw_verteld": "je zelf iets verteld",
    "vw_contactpersoon": "iemand voor dit soort zorgen",
}

MELDEN = "Uitkomst: melden bij Veilig Thuis is nodig"
# Each outcome by its title, and where titles are shared, a short phrase of its own.
OUTCOMES = {
    "afsluiten": ("Uitkomst: vastleggen en afsluiten",),
    "melden_onveilig": (MELDEN, "Er is acute en/of structurele onveiligheid"),
    "melden_twijfel_veiligheid": (MELDEN, "Je twijfelt of het kind veilig is"),
    "melden_geen_hulp": (MELDEN, "geen goede hulp bieden"),
    "melden_niet_aanvaard": (MELDEN, "accepteren de hulp niet"),
    "melden_geen_resultaat": ("Uitkomst: (opnieuw) melden bij Veilig Thuis",),
    "hulp_monitoren": ("Uitkomst: hulp, met afspraken over monitoren",),
    "hulp_lopend": ("Uitkomst: hulp bieden en later opnieuw wegen",),
    "advies_vt": ("Uitkomst: vraag nu advies aan Veilig Thuis",),
    "route_medewerker": ("Route: vermoeden tegen een medewerker van de opvang",),
    "route_school_medewerker": ("Route: vermoeden tegen iemand die op school werkt",),
    "route_kinderen": ("Route: seksueel gedrag tussen kinderen",),
    "vrijwilliger_thuis": ("Route: wat je als vrijwilliger kunt doen",),
    "vrijwilliger_organisatie": ("Route: zorgen over iemand binnen je organisatie",),
}

# What only the professional path shows: a volunteer must never see it.
PROFESSIONAL_ONLY = ("afwegingskader", "Vraag 1 (vermoeden)", "Stap 4 en 5", "Stap 2: overleggen")


def turn(chat, message: str, expect: str | None = None) -> str:
    """Type one message; when `expect` is given, the reply must ask that question."""
    text = chat.say(message)
    if expect:
        assert Q[expect] in text, f"typed {message!r}: expected the question {expect!r}, got:\n{text}"
    return text


def outcome(chat, message: str, expected: str) -> str:
    """Type the last answer; the reply must be exactly the expected outcome."""
    text = chat.say(message)
    reached = [key for key, marks in OUTCOMES.items() if all(m in text for m in marks)]
    assert reached == [expected], f"typed {message!r}: expected outcome {expected!r}, got {reached}:\n{text}"
    return text


def everything(chat) -> str:
    return "\n".join(chat.replies)


def never_asked(chat, *keys: str) -> None:
    for key in keys:
        assert Q[key] not in everything(chat), f"the question {key!r} was asked, but was already answered"


def asked_once(chat, key: str) -> None:
    times = sum(Q[key] in reply for reply in chat.replies)
    assert times == 1, f"the question {key!r} was asked {times} times"


# --- onderwijs -----------------------------------------------------------------


def test_primary_teacher_lowercase_help_works(chat):
    """Basisschool, bruises, all lowercase without punctuation: hulp, met monitoren."""
    turn(chat, "hoi ik ben juf op een basisschool en ik maak me zorgen om een jongen uit mijn klas", "signaal_soort")
    turn(chat, "hij heeft de laatste tijd vaak blauwe plekken op zn armen en benen", "meer_kinderen")
    turn(chat, "ja hij heeft een zusje in groep 3", "collega")
    turn(chat, "ja met de ib er", "veilig_thuis")
    turn(chat, "nee nog niet", "gesprek")
    turn(chat, "ja, ik heb met moeder gepraat", "v1")
    turn(chat, "ja", "v2")
    turn(chat, "nee niet acuut", "v3")
    turn(chat, "ja de ib'er heeft schoolmaatschappelijk werk ingeschakeld", "v4")
    turn(chat, "ja ze doen goed mee", "v5")
    text = outcome(chat, "ja het gaat nu een stuk beter", "hulp_monitoren")
    assert "intern begeleider" in text  # the onderwijs note
    never_asked(chat, "sector", "over_wie", "frequentie")
    assert "letselduiding" in everything(chat)


def test_secondary_teacher_disclosure_skips_the_safety_question(chat):
    """A pupil of 15 tells the mentor herself: disclosure, so question 2 is answered."""
    turn(chat, "Goedemiddag. Ik ben docent Nederlands op een middelbare school.", "over_wie")
    turn(chat, "Over een leerling uit de derde klas, ze is 15.", "signaal_soort")
    text = turn(
        chat,
        "Ze heeft het me vanochtend zelf verteld: haar stiefvader slaat haar als hij gedronken heeft.",
        "frequentie",
    )
    assert "disclosure" in text
    turn(chat, "Volgens haar gebeurt het al sinds de zomer.", "meer_kinderen")
    turn(chat, "Ja, een jonger broertje.", "collega")
    turn(chat, "Ja, met haar mentor en de zorgcoördinator.", "veilig_thuis")
    turn(chat, "Nee.", "gesprek")
    turn(chat, "Nee, dat durf ik niet. Ik ben bang dat ze thuis dan nog meer klappen krijgt.", "v1")
    text = outcome(chat, "Ja, zeker.", "melden_onveilig")
    assert "0800-2000" in text and "112" in text
    assert "Beloof geen geheimhouding" in everything(chat)
    never_asked(chat, "sector", "verteld_door", "v2", "v3")


def test_teacher_hearsay_then_doubt_about_safety_means_melden(chat):
    """A neighbour told it (hearsay, not disclosure); onderwijs: doubt at question 2 -> melden."""
    text = turn(
        chat,
        "ik ben leerkracht van groep 4. de buurvrouw van een van mijn leerlingen vertelde me "
        "dat ze s avonds vaak geschreeuw hoort en het kind hoort huilen",
        "meer_kinderen",
    )
    assert "iemand anders vertelde het me" in text.lower()  # read as hearsay, and echoed
    turn(chat, "weet ik niet", "collega")
    turn(chat, "ja met onze ib'er", "veilig_thuis")
    turn(chat, "ja, die zeiden dat we het goed moeten blijven volgen", "gesprek")
    turn(chat, "ja met de moeder, zij zegt dat er niks aan de hand is", "v1")
    turn(chat, "ja, een vermoeden heb ik wel", "v2")
    text = turn(chat, "daar twijfel ik over", "v2")  # explained once, and asked again
    assert "Acute onveiligheid" in text
    text = outcome(chat, "ik twijfel nog steeds eerlijk gezegd", "melden_twijfel_veiligheid")
    assert "0800-2000" in text
    never_asked(chat, "sector", "over_wie", "signaal_soort", "frequentie", "v3")


def test_teacher_worried_about_a_colleague_gets_the_school_staff_route(chat):
    text = outcome(
        chat,
        "Ik werk als docent op het mbo en ik heb een naar gevoel over een collega die "
        "steeds appjes stuurt naar een leerling van 16",
        "route_school_medewerker",
    )
    assert "bevoegd gezag" in text and "0900-111 3 111" in text and "112" in text
    assert "Vraag 1" not in everything(chat)


def test_first_message_says_role_whom_what_and_how_long(chat):
    """Everything of step 1 in the opening: none of it is asked again."""
    turn(
        chat,
        "Ik ben leerkracht van groep 6 op een basisschool en een leerling van 9 komt sinds een "
        "paar weken met blauwe plekken op school",
        "meer_kinderen",
    )
    turn(chat, "geen idee", "collega")
    turn(chat, "Ja, met de intern begeleider.", "veilig_thuis")
    turn(chat, "Ja, ze adviseerden om met de ouders te praten", "gesprek")
    turn(chat, "Dat heb ik gedaan ja", "v1")
    turn(chat, "ja", "v2")
    text = outcome(chat, "ja, het zijn steeds nieuwe plekken, dat is structureel", "melden_onveilig")
    assert "0800-2000" in text and "112" in text
    never_asked(chat, "sector", "over_wie", "signaal_soort", "frequentie")


def test_hbo_teacher_adult_student_gets_the_kindcheck(chat):
    turn(chat, "ik ben docent op een hogeschool", "over_wie")
    text = turn(chat, "een student van 19 jaar", "signaal_soort")
    turn(chat, "ze kwam huilend naar me toe en vertelde dat haar vriend haar opsluit en slaat", "verteld_door")
    turn(chat, "de student zelf", "afhankelijk")
    turn(chat, "nee, ze woont op kamers en redt zich prima", "frequentie")
    text = turn(chat, "het is al een paar keer gebeurd zegt ze", "kc_kinderen")
    assert "kindcheck" in text.lower()
    turn(chat, "nee", "collega")
    turn(chat, "ja met de studentendecaan", "veilig_thuis")
    turn(chat, "nee", "gesprek")
    turn(chat, "ja ik heb met haar gepraat", "v1")
    turn(chat, "ja", "v2")
    turn(chat, "nee, niet direct gevaar", "v3")
    turn(chat, "ja, ze kan bij de studentenpsycholoog terecht en bij het maatschappelijk werk", "v4")
    outcome(chat, "nee, ze wil niet dat er iemand anders bij komt", "melden_niet_aanvaard")
    never_asked(chat, "meer_kinderen")


# --- kinderopvang ----------------------------------------------------------------


def test_childcare_home_situation_short_answers_no_help_possible(chat):
    """Route 1 of the opvang, with very short chat answers: melden, geen hulp mogelijk."""
    turn(chat, "ik ben pm'er op een kdv", "opvang_route")
    turn(chat, "om de thuissituatie van een peuter", "signaal_soort")
    turn(
        chat,
        "ze komt vaak met een volle luier binnen en heeft echt honger, lijkt geen ontbijt te krijgen",
        "meer_kinderen",
    )
    turn(chat, "weet nie", "collega")
    turn(chat, "jep", "veilig_thuis")
    turn(chat, "nope", "gesprek")
    turn(chat, "nog niet", "v1")
    turn(chat, "ja", "v2")
    turn(chat, "nee", "v3")
    text = outcome(chat, "nee, wij kunnen daar als opvang niks in betekenen", "melden_geen_hulp")
    assert "0800-2000" in text
    assert "leidinggevende of aandachtsfunctionaris" in text  # the kinderopvang note
    never_asked(chat, "sector", "frequentie")


def test_childcare_worker_worried_about_a_colleague(chat):
    chat.say("Hallo, ik werk op de bso.")  # a greeting back is fine; the role must not be asked again
    text = outcome(
        chat, "over een collega, die pakt de kinderen echt hardhandig vast en sleurt ze mee", "route_medewerker"
    )
    assert "houder" in text and "vertrouwensinspecteur" in text and "112" in text
    assert "Vraag 1" not in everything(chat)
    never_asked(chat, "sector", "signaal_soort")


def test_childcare_sexual_play_between_toddlers_gets_its_own_route(chat):
    text = outcome(
        chat,
        "ik werk bij een kinderdagverblijf en twee kleuters doen steeds seksuele spelletjes "
        "met elkaar die niet bij hun leeftijd passen",
        "route_kinderen",
    )
    assert "0800-2000" in text
    assert "Vraag 1" not in everything(chat)


# --- care for adults and the elderly ------------------------------------------------


def test_ggz_adult_client_with_children_gets_the_kindcheck(chat):
    """Role, whom, what and how often in the opening; the kindcheck is positive; melden."""
    turn(
        chat,
        "Ik ben GZ-psycholoog bij een ggz-instelling en een cliënte vertelde in de sessie dat haar "
        "partner haar regelmatig slaat",
        "afhankelijk",
    )
    text = turn(chat, "Nee, ze is zelfstandig en woont met haar partner.", "kc_kinderen")
    assert "kindcheck" in text.lower()
    turn(chat, "Ja, twee kinderen van 4 en 7.", "kc_zorg")
    turn(chat, "samen met haar partner", "kc_schade")
    text = turn(chat, "ja, de kinderen zijn er vaak bij als het gebeurt", "collega")
    assert "kindcheck is positief" in text
    turn(chat, "Ja, in het MDO besproken.", "veilig_thuis")
    turn(chat, "nee", "gesprek")
    turn(chat, "ja, met haar", "v1")
    turn(chat, "ja", "v2")
    text = outcome(chat, "ja, de kinderen zien het geweld, dat vind ik structureel onveilig", "melden_onveilig")
    assert "0800-2000" in text and "112" in text
    never_asked(chat, "sector", "over_wie", "signaal_soort", "frequentie", "meer_kinderen")


def test_wijkverpleegkundige_elderly_client_help_refused(chat):
    """An older woman: the summary says oudere, and there is no question about siblings."""
    turn(chat, "Ik ben wijkverpleegkundige", "over_wie")
    turn(chat, "een oudere mevrouw, ze is 86 en woont nog thuis", "signaal_soort")
    turn(
        chat,
        "Haar zoon woont bij haar in. Ik zie dat er steeds geld van haar rekening verdwijnt en ze schrikt "
        "als hij binnenkomt.",
        "kc_kinderen",
    )
    turn(chat, "nee, er zijn geen kinderen in huis", "collega")
    turn(chat, "Ja, met mijn teamleider en de aandachtsfunctionaris", "veilig_thuis")
    turn(chat, "ja, ze zeiden dat ik eerst met mevrouw zelf moest praten", "gesprek")
    turn(chat, "ja, met mevrouw en ook met de zoon", "v1")
    turn(chat, "ja", "v2")
    turn(chat, "nee, acuut is het niet", "v3")
    turn(chat, "ja, via het wijkteam kan er een bewindvoerder komen", "v4")
    text = outcome(chat, "nee, de zoon wil er niks van weten", "melden_niet_aanvaard")
    assert "0800-2000" in text
    summary = chat.say("mag ik een samenvatting")
    assert "oudere" in summary
    assert "broertjes" not in everything(chat)
    never_asked(chat, "frequentie")


def test_verzorgende_thuiszorg_knowledge_questions_halfway(chat):
    """A question inside an answer ('ja, maar wat is ...?') gets its answer, and the steps go on."""
    turn(chat, "Ik werk in de thuiszorg als verzorgende en maak me zorgen over een cliënt", "signaal_soort")
    turn(chat, "ze heeft blauwe plekken op haar bovenarmen", "frequentie")
    turn(chat, "twee keer nu", "kc_kinderen")
    text = turn(chat, "wat is een kindcheck eigenlijk?", "kc_kinderen")  # answered, same question kept
    answer = text.split(Q["kc_kinderen"])[0]
    assert "kindcheck" in answer.lower() and "Ik begreep" not in answer  # an answer, then the question
    turn(chat, "nee, ze heeft geen kinderen meer thuis", "collega")
    text = turn(chat, "ja, maar wat is een aandachtsfunctionaris precies?", "veilig_thuis")
    before_question = text.split(Q["veilig_thuis"])[0]
    assert "aandachtsfunctionaris" in before_question.lower()
    turn(chat, "nee", "gesprek")
    turn(chat, "nog niet", "v1")
    turn(chat, "ja", "v2")
    text = outcome(chat, "ja, het lijkt erop dat haar man haar knijpt en dat gebeurt steeds weer", "melden_onveilig")
    assert "0800-2000" in text
    assert "letselduiding" in everything(chat)
    asked_once(chat, "veilig_thuis")


def test_seh_nurse_is_not_a_doctor(chat):
    """A nurse at the emergency department follows the generic code, not the KNMG one."""
    turn(chat, "ik ben verpleegkundige op de spoedeisende hulp", "over_wie")
    turn(chat, "een kind van 3", "signaal_soort")
    turn(chat, "een botbreuk waar de ouders geen goede verklaring voor hebben", "frequentie")
    turn(chat, "1 keer, vannacht", "meer_kinderen")
    turn(chat, "weet ik niet", "collega")
    turn(chat, "ja", "veilig_thuis")
    turn(chat, "nee", "gesprek")
    turn(chat, "nee", "v1")
    turn(chat, "ja", "v2")
    text = outcome(chat, "ja", "melden_onveilig")
    assert "jij als arts" not in everything(chat)
    assert "KNMG" not in text


# --- huisartsenpraktijk -------------------------------------------------------------


def test_huisarts_girl_of_14_neglect_help_just_started(chat):
    """A huisarts: the KNMG step 5, 'jij als arts' decides, and the help has only just started."""
    turn(chat, "Als huisarts maak ik me zorgen over een meisje van 14 uit mijn praktijk", "signaal_soort")
    turn(chat, "ze is sterk vermagerd en komt steeds onverzorgd op het spreekuur", "meer_kinderen")
    turn(chat, "ja, twee jongere zusjes", "collega")
    turn(chat, "ja, met de praktijkondersteuner jeugd en een collega", "veilig_thuis")
    turn(chat, "nog niet", "gesprek")
    text = turn(chat, "ja, met vader", "v1")
    assert "KNMG" in text
    turn(chat, "ja", "v2")
    turn(chat, "nee", "v3")
    turn(chat, "ja, via het wijkteam", "v4")
    turn(chat, "ja, vader wil meewerken", "v5")
    text = outcome(chat, "het is nog te vroeg, de hulp is vorige week gestart", "hulp_lopend")
    assert "jij als arts" in text
    never_asked(chat, "sector", "over_wie", "frequentie")


def test_huisarts_terse_child_no_help_possible(chat):
    """A huisarts who types tersely: KNMG wording, and who decides is 'jij als arts'."""
    turn(chat, "Huisarts hier. Ik maak me zorgen over een kind uit mijn praktijk.", "signaal_soort")
    turn(chat, "Gedrag: het jongetje is erg angstig en schrikt van elke aanraking", "frequentie")
    turn(chat, "bij de laatste drie consulten", "meer_kinderen")
    turn(chat, "nee, enig kind", "collega")
    turn(chat, "nee", "veilig_thuis")
    turn(chat, "nee", "gesprek")
    text = turn(chat, "ja, met moeder", "v1")
    assert "KNMG" in text
    turn(chat, "ja", "v2")
    turn(chat, "nee", "v3")
    text = outcome(chat, "nee, dit overstijgt wat ik als huisarts kan bieden", "melden_geen_hulp")
    assert "KNMG" in text and "jij als arts" in text
    assert "0800-2000" in text
    never_asked(chat, "sector", "over_wie")


def test_huisarts_adult_patient_tells_knmg_and_kindcheck(chat):
    """A huisarts whose patient told it herself; KNMG wording; a toddler at home: melden."""
    turn(
        chat,
        "Ik ben huisarts. Een patiënte van in de dertig kwam vandaag met een gekneusde pols en blauwe "
        "plekken op haar bovenarm, en ze vertelde me zelf dat haar man haar heeft geduwd.",
        "afhankelijk",
    )
    turn(chat, "nee, ze werkt en is volledig zelfstandig", "frequentie")
    turn(chat, "voor zover ik weet de eerste keer", "kc_kinderen")
    turn(chat, "ja, ze heeft een zoontje van 2", "kc_zorg")
    turn(chat, "ze zorgen er samen voor, zij en haar man", "kc_schade")
    turn(chat, "dat weet ik niet goed", "collega")
    turn(chat, "ja, met een collega-huisarts", "veilig_thuis")
    turn(chat, "ja, anoniem advies gevraagd", "gesprek")
    text = turn(chat, "ja, met haar alleen", "v1")
    assert "KNMG" in text
    turn(chat, "ja", "v2")
    text = outcome(chat, "ja, er is een peuter in huis en zij heeft al letsel opgelopen", "melden_onveilig")
    assert "KNMG" in text and "jij als arts" in text
    assert "0800-2000" in text and "112" in text
    never_asked(chat, "sector", "over_wie", "signaal_soort", "verteld_door", "meer_kinderen")


def test_huisarts_long_answers_knmg_no_result(chat):
    """A doctor types long answers; KNMG wording; help does not bring safety: (opnieuw) melden."""
    turn(
        chat,
        "Goedemorgen, ik ben huisarts in een dorp en ik loop al een tijdje met zorgen rond over een gezin "
        "uit mijn praktijk.",
        "over_wie",
    )
    turn(chat, "Het gaat om het jongste kind, een meisje van een jaar of vijf.", "signaal_soort")
    turn(
        chat,
        "Ze kwam op het spreekuur met een brandwond op haar onderarm die volgens moeder door de strijkbout "
        "kwam, maar het verhaal klopte niet helemaal met wat ik zag, en het is al de derde keer dit jaar "
        "dat ik haar met letsel zie.",
        "meer_kinderen",
    )
    turn(chat, "Ja, er is nog een oudere broer van 9 die ik ook in de praktijk zie.", "collega")
    turn(
        chat,
        "Ja, ik heb het besproken met een collega uit mijn hagro en met de aandachtsfunctionaris van de praktijk.",
        "veilig_thuis",
    )
    turn(chat, "Ja, ik heb Veilig Thuis gebeld voor advies, de vertrouwensarts heeft met me meegedacht.", "gesprek")
    text = turn(
        chat, "Ja, ik heb een gesprek gehad met beide ouders en ze gingen toen akkoord met hulp van het wijkteam.", "v1"
    )
    assert "KNMG" in text
    turn(chat, "Ja, dat vermoeden heb ik nog steeds.", "v2")
    turn(chat, "Nee, op dit moment is er geen acuut gevaar.", "v3")
    turn(chat, "Ja, het wijkteam is betrokken en er komt een gezinscoach over de vloer.", "v4")
    turn(chat, "Ja, de ouders houden zich op zich aan de afspraken.", "v5")
    text = outcome(
        chat,
        "Nee, helaas. Ondanks de hulp zag ik vorige week weer nieuwe plekken, dus veiliger wordt het niet.",
        "melden_geen_resultaat",
    )
    assert "0800-2000" in text
    assert "KNMG" in text and "jij als arts" in text
    assert "forensisch arts" in everything(chat)  # letselduiding at step 2
    never_asked(chat, "sector", "frequentie")


def test_poh_is_not_addressed_as_a_doctor_and_closes(chat):
    """A POH-GGZ: the practice's meldcode, never 'jij als arts'; no suspicion left: afsluiten."""
    turn(chat, "Ik ben praktijkondersteuner (POH-GGZ) bij een huisartsenpraktijk.", "over_wie")
    turn(chat, "over een volwassen patiënt, een man van in de veertig", "signaal_soort")
    turn(chat, "hij vertelde me zelf dat er thuis veel ruzie is", "afhankelijk")
    turn(chat, "nee hoor, hij is gewoon zelfstandig", "frequentie")
    turn(chat, "het was de eerste keer dat hij erover begon", "kc_kinderen")
    turn(chat, "nee, geen kinderen", "collega")
    turn(chat, "ja, met de huisarts", "veilig_thuis")
    turn(chat, "nee, vond ik nog niet nodig", "gesprek")
    turn(chat, "ja, uitgebreid met hem doorgepraat", "v1")
    text = outcome(chat, "nee, na het gesprek bleek het om ruzies over geld te gaan, er is geen geweld", "afsluiten")
    assert "jij als arts" not in everything(chat)
    assert "KNMG" not in everything(chat)
    assert "huisarts" in text  # who decides: the doctor or whom the practice's meldcode names


# --- jeugdhulp, wijkteam, reclassering ----------------------------------------------


def test_jeugdhulp_too_early_to_tell_weigh_again_later(chat):
    turn(chat, "ik ben jeugdhulpverlener en begeleid een gezin met drie kinderen", "signaal_soort")
    turn(chat, "vader drinkt veel en dan is er thuis heftige ruzie, de kinderen zijn bang", "frequentie")
    turn(chat, "gebeurt elke week wel een paar keer", "meer_kinderen")
    turn(chat, "ja, het zijn er drie", "collega")
    turn(chat, "ja met de gedragswetenschapper", "veilig_thuis")
    turn(chat, "ja", "gesprek")
    turn(chat, "ja met allebei de ouders", "v1")
    turn(chat, "ja", "v2")
    turn(chat, "nee", "v3")
    turn(chat, "ja, er is een plan met de verslavingszorg", "v4")
    turn(chat, "ja, vader is gemotiveerd", "v5")
    text = outcome(chat, "dat is nog te vroeg om te zeggen, we zijn pas twee weken bezig", "hulp_lopend")
    assert "vraag 5 opnieuw" in text
    never_asked(chat, "sector", "over_wie", "kc_kinderen")


def test_wijkteam_doubt_about_help_leads_to_advice(chat):
    """Chat spelling in a wijkteam; doubt at question 3 (twice): advice from Veilig Thuis."""
    turn(chat, "hallo ik werk in een wijkteam en twijfel over een gezin", "over_wie")
    turn(chat, "om een kind van 9", "signaal_soort")
    turn(
        chat,
        "moeder heeft psychische problemen en de kinderen zorgen eigenlijk voor haar, het huis is een puinhoop",
        "frequentie",
    )
    turn(chat, "dat is al maanden zo", "meer_kinderen")
    turn(chat, "ja er is nog een zusje", "collega")
    turn(chat, "ja met me teamleider", "veilig_thuis")
    turn(chat, "neej", "gesprek")
    turn(chat, "ja heb ik gedaan, moeder staat er wel voor open", "v1")
    turn(chat, "ja", "v2")
    turn(chat, "nee", "v3")
    text = turn(chat, "geen idee eigenlijk, weet niet of wij dat kunnen", "v3")
    assert "Twijfel je?" in text
    text = outcome(chat, "nog steeds twijfel", "advies_vt")
    assert "0800-2000" in text
    never_asked(chat, "sector", "v4")


def test_wijkteam_typos(chat):
    """Typos in the answers of a social worker: the steps still go through."""
    turn(chat, "ik ben maatschappelijk werker bij het buurtteam", "over_wie")
    turn(chat, "een volwasen vrouw", "signaal_soort")
    turn(chat, "ze heeft blauwe plekkken in haar nek en zegt dat ze gevallen is", "frequentie")
    turn(chat, "regelmatg, al maanden", "kc_kinderen")
    turn(chat, "nee geen kinderen", "collega")
    turn(chat, "ja heb ik gedaam", "veilig_thuis")
    turn(chat, "nee nog nit", "gesprek")
    turn(chat, "ja met haar", "v1")
    turn(chat, "ja", "v2")
    turn(chat, "nee", "v3")
    turn(chat, "ja", "v4")
    turn(chat, "ja", "v5")
    outcome(chat, "ja, het gaat beter", "hulp_monitoren")


def test_gezinsvoogd_typos_help_brings_no_safety(chat):
    """Typos all the way; help is accepted but does not bring safety: (opnieuw) melden."""
    turn(chat, "ik ben gezinsvoogd bij de jeugdbescherming en maak me zorgn over een meisje", "signaal_soort")
    turn(chat, "moedr heeft een nieuwe vriend en het meisje is doodsbang voor hem", "frequentie")
    turn(chat, "al wekenlng, elke kear als ik er ben", "meer_kinderen")
    turn(chat, "ja een broetje van 6", "collega")
    turn(chat, "ja met de gedragswetenschaper", "veilig_thuis")
    turn(chat, "nee nog nie", "gesprek")
    turn(chat, "ja met moedr", "v1")
    turn(chat, "ja", "v2")
    turn(chat, "nee, acuut is het nie", "v3")
    turn(chat, "ja, er is een gezinscoach bij", "v4")
    turn(chat, "ja moedr werkt goed mee", "v5")
    text = outcome(chat, "nee, het wordt nie beter, ze is nog stees bang", "melden_geen_resultaat")
    assert "0800-2000" in text and "112" in text
    never_asked(chat, "sector", "over_wie")


def test_reclassering_no_help_possible(chat):
    turn(chat, "Ik ben reclasseringswerker.", "over_wie")
    turn(chat, "Over de vriendin van een cliënt van mij, een volwassen vrouw", "signaal_soort")
    turn(chat, "Bij een huisbezoek zag ik dat ze een blauw oog had", "frequentie")
    turn(chat, "Dat was de eerste keer dat ik zoiets zag", "kc_kinderen")
    text = turn(chat, "Nee, ze hebben geen kinderen en ze is niet zwanger", "collega")
    assert "geen kinderen" in text.lower() or "geen zorgen" in text.lower()
    turn(chat, "Ja, met mijn werkbegeleider.", "veilig_thuis")
    turn(chat, "Nee", "gesprek")
    turn(chat, "Nee, nog niet", "v1")
    turn(chat, "ja", "v2")
    turn(chat, "Nee, volgens mij was het een incident", "v3")
    text = outcome(chat, "Nee, wij werken alleen met hem, voor haar kunnen wij niks regelen", "melden_geen_hulp")
    assert "0800-2000" in text
    never_asked(chat, "sector", "meer_kinderen")


def test_kraamzorg_doubt_about_suspicion_leads_to_advice(chat):
    turn(chat, "Ik werk in de kraamzorg.", "over_wie")
    turn(chat, "om een pasgeboren baby", "signaal_soort")
    turn(chat, "de baby huilt heel veel en moeder reageert er niet op, ze laat hem gewoon liggen", "frequentie")
    turn(chat, "elke dag dat ik er ben", "meer_kinderen")
    turn(chat, "nee, het is hun eerste kindje", "collega")
    turn(chat, "ja met mijn coördinator", "veilig_thuis")
    turn(chat, "nee", "gesprek")
    turn(chat, "ja ik heb het voorzichtig aangekaart bij moeder", "v1")
    text = turn(chat, "tja, ik twijfel", "v1")
    assert "Een vermoeden hoeft geen bewijs te zijn" in text
    text = outcome(chat, "ik weet het echt niet", "advies_vt")
    assert "0800-2000" in text
    never_asked(chat, "v2")


def test_jeugdarts_very_short_answers(chat):
    """A jeugdarts (KNMG) who answers in one or two words."""
    turn(chat, "hoi, ik maak me zorgen", "sector")
    turn(chat, "jeugdarts", "over_wie")
    turn(chat, "kind", "signaal_soort")
    turn(chat, "verwaarlozing", "frequentie")
    turn(chat, "vaker", "meer_kinderen")
    turn(chat, "nope", "collega")
    turn(chat, "jep", "veilig_thuis")
    turn(chat, "jup", "gesprek")
    turn(chat, "jazeker", "v1")
    turn(chat, "jawel", "v2")
    turn(chat, "nee", "v3")
    turn(chat, "yes", "v4")
    turn(chat, "jup", "v5")
    text = outcome(chat, "nope", "melden_geen_resultaat")
    assert "KNMG" in text and "0800-2000" in text


# --- corrections ---------------------------------------------------------------------


def test_correction_from_adult_client_to_her_daughter(chat):
    """'nee, het gaat om haar dochter': the path becomes the child's (no kindcheck)."""
    turn(chat, "Ik ben maatschappelijk werker", "over_wie")
    turn(chat, "een cliënt van mij", "signaal_soort")
    text = turn(chat, "nee, het gaat om haar dochter, die is 12", "signaal_soort")
    assert "kind" in text.lower()
    turn(chat, "het meisje verzuimt veel op school en is erg teruggetrokken", "frequentie")
    turn(chat, "al een paar maanden", "meer_kinderen")
    turn(chat, "nee, ze is enig kind", "collega")
    turn(chat, "ja", "veilig_thuis")
    turn(chat, "nee", "gesprek")
    turn(chat, "ja", "v1")
    turn(chat, "ja", "v2")
    turn(chat, "nee", "v3")
    turn(chat, "ja", "v4")
    turn(chat, "ja", "v5")
    outcome(chat, "ja, het gaat een stuk beter met haar", "hulp_monitoren")
    never_asked(chat, "kc_kinderen")


def test_correction_in_other_words_from_adult_to_older_man(chat):
    turn(chat, "ik werk als thuiszorgmedewerker", "over_wie")
    turn(chat, "over een volwassene", "signaal_soort")
    turn(chat, "oh wacht, ik bedoel een oudere man, hij is 78", "signaal_soort")
    turn(chat, "hij is bang voor zijn vrouw, ze scheldt hem steeds uit", "kc_kinderen")
    turn(chat, "nee", "collega")
    turn(chat, "ja", "veilig_thuis")
    turn(chat, "ja", "gesprek")
    turn(chat, "ja", "v1")
    outcome(chat, "nee", "afsluiten")
    assert "oudere" in chat.say("samenvatting")
    assert "broertjes" not in everything(chat)


# --- volunteers -----------------------------------------------------------------------


def _volunteer_checks(chat) -> None:
    for text in PROFESSIONAL_ONLY:
        assert text not in everything(chat), f"a volunteer saw {text!r}"


def test_hockey_trainer_girl_told_home_situation(chat):
    """Everything in the opening: sport, home situation, the child told. Only the contact person is asked."""
    turn(
        chat,
        "Ik ben jeugdtrainer bij een hockeyclub. Een meisje uit mijn team vertelde me gisteren dat haar "
        "vader haar slaat.",
        "vw_contactpersoon",
    )
    text = outcome(chat, "ja we hebben een vcp", "vrijwilliger_thuis")
    assert "0900-202 55 90" in text and "0800-2000" in text and "112" in text
    assert "geheimhouding" in text
    never_asked(chat, "vw_organisatie", "vw_zorg_over", "vw_verteld", "sector")
    _volunteer_checks(chat)


def test_football_volunteer_worried_about_another_trainer(chat):
    turn(chat, "hoi, ik help als vrijwilliger bij de voetbalclub van mijn zoon", "vw_zorg_over")
    turn(chat, "over een andere trainer, die zit de meiden steeds aan en maakt rare opmerkingen", "vw_contactpersoon")
    text = outcome(chat, "geen idee eigenlijk", "vrijwilliger_organisatie")
    assert "112" in text and "0900-202 55 90" in text
    assert "bestuurslid" in text  # no known contact person
    never_asked(chat, "vw_organisatie", "vw_verteld")
    _volunteer_checks(chat)


def test_scouting_leader_home_situation_says_volunteer_at_the_sector_question(chat):
    turn(chat, "Hoi, ik maak me zorgen over een jongen", "sector")
    turn(chat, "ik ben geen professional hoor, ik ben vrijwillig leiding bij de scouting", "vw_zorg_over")
    turn(chat, "hij komt vaak met honger en in vieze kleren, ik denk dat het thuis niet goed gaat", "vw_verteld")
    turn(chat, "nee, hij zegt er zelf niks over", "vw_contactpersoon")
    text = outcome(chat, "ja, we hebben een vertrouwenspersoon binnen de groep", "vrijwilliger_thuis")
    assert "0800-2000" in text and "112" in text
    assert "Centrum Veilige Sport" not in text
    never_asked(chat, "vw_organisatie")
    _volunteer_checks(chat)


def test_scouting_volunteer_distrusts_another_leader(chat):
    turn(chat, "Ik zit bij de scouting als vrijwilliger en ik vertrouw een andere leider niet", "vw_contactpersoon")
    text = outcome(chat, "nee, we zijn maar een kleine groep", "vrijwilliger_organisatie")
    assert "Scouting Nederland" in text and "112" in text
    assert "bestuurslid" in text
    never_asked(chat, "vw_organisatie", "vw_zorg_over")
    _volunteer_checks(chat)


def test_care_home_volunteer_worried_about_a_carer(chat):
    """A care home has a meldcode: its aandachtsfunctionaris, so no question about a contact person."""
    turn(chat, "Ik ben vrijwilliger in een verpleeghuis en help bij de activiteiten", "vw_zorg_over")
    text = outcome(
        chat, "Over een verzorgende, ik zag dat ze een bewoner heel ruw behandelde", "vrijwilliger_organisatie"
    )
    assert "aandachtsfunctionaris" in text and "112" in text
    never_asked(chat, "vw_organisatie", "vw_contactpersoon")
    _volunteer_checks(chat)
