"""The consultation plan, answer reading and summary, without Rasa."""

import pytest

from actions.meldcode import afweging as a
from actions.meldcode.consultation import (
    FORM_SLOTS,
    interpret,
    kindcheck_result,
    last_answered,
    plan,
    summary,
)

STEPS_DONE = {"stap2_collega": "ja", "stap2_veilig_thuis": "nee", "stap3_gesprek": "ja"}


def test_first_question_is_the_sector():
    assert plan({}).next_question == "sector"


def test_teacher_skips_zorg_over_and_kindcheck():
    assert plan({"sector": "onderwijs"}).next_question == "school_route"
    p = plan({"sector": "onderwijs", "school_route": "thuis"})
    assert p.next_question == "signaal_soort"
    full = plan(
        {
            "sector": "onderwijs",
            "school_route": "thuis",
            "signaal_soort": "gedrag",
            "signaal_frequentie": "vaker",
            "meer_kinderen": "nee",
            **STEPS_DONE,
        }
    )
    assert "zorg_over" not in full.required
    assert not any(s.startswith("kc_") for s in full.required)
    assert full.next_question == a.VERMOEDEN


def test_adult_client_gets_the_kindcheck():
    base = {"sector": "ggz", "zorg_over": "volwassene", "signaal_soort": "thuis", "signaal_frequentie": "vaker"}
    assert plan(base).next_question == "kc_kinderen"
    assert plan({**base, "kc_kinderen": "ja"}).next_question == "kc_zorg"
    assert plan({**base, "kc_kinderen": "ja", "kc_zorg": "alleen"}).next_question == "kc_schade"
    # no children: straight on to step 2
    assert plan({**base, "kc_kinderen": "nee"}).next_question == "stap2_collega"


@pytest.mark.parametrize(
    "kinderen,schade,result",
    [
        ("nee", None, "negatief"),
        ("ja", "ja", "positief"),
        ("ja", "nee", "negatief"),
        ("ja", "twijfel", "onduidelijk"),
        ("twijfel", "ja", "onduidelijk"),
        ("ja", None, None),
    ],
)
def test_kindcheck_result(kinderen, schade, result):
    assert kindcheck_result({"kc_kinderen": kinderen, "kc_schade": schade}) == result


@pytest.mark.parametrize("route,outcome", [("medewerker", "route_medewerker"), ("kinderen", "route_kinderen")])
def test_kinderopvang_staff_and_children_routes_leave_the_veilig_thuis_path(route, outcome):
    p = plan({"sector": "kinderopvang", "opvang_route": route})
    assert p.outcome == outcome
    assert "signaal_soort" not in p.required


def test_kinderopvang_home_route_runs_the_steps():
    assert plan({"sector": "kinderopvang", "opvang_route": "thuis"}).next_question == "signaal_soort"


def test_disclosure_skips_the_safety_question_and_leads_to_melden():
    slots = {
        "sector": "onderwijs",
        "school_route": "thuis",
        "signaal_soort": "verteld",
        "verteld_door": "zelf",
        "signaal_frequentie": "eenmalig",
        "meer_kinderen": "nee",
        **STEPS_DONE,
        a.VERMOEDEN: "ja",
    }
    p = plan(slots)
    assert p.outcome == a.MELDEN_ONVEILIG
    assert a.VEILIGHEID in p.implied and a.VEILIGHEID not in p.required


def test_knmg_variant_for_doctors():
    slots = {
        "sector": "arts",
        "zorg_over": "kind",
        "signaal_soort": "letsel",
        "signaal_frequentie": "vaker",
        "meer_kinderen": "nee",
        **STEPS_DONE,
        a.VERMOEDEN: "ja",
        a.VEILIGHEID: "nee",
        a.HULP: "nee",
    }
    assert plan(slots).outcome == a.MELDEN_GEEN_HULP


def test_volunteer_gets_their_own_short_path_not_the_afwegingskader():
    home = {"sector": "vrijwilliger"}
    assert plan(home).next_question == "vw_organisatie"
    home["vw_organisatie"] = "anders"
    assert plan(home).next_question == "vw_zorg_over"
    home["vw_zorg_over"] = "thuis"
    assert plan(home).next_question == "vw_verteld"
    home["vw_verteld"] = "ja"
    assert plan(home).next_question == "vw_contactpersoon"
    home["vw_contactpersoon"] = "nee"
    done = plan(home)
    assert done.outcome == "vrijwilliger_thuis"
    assert not set(done.required) & set(a.QUESTIONS)  # never the professional's questions
    assert "signaal_soort" not in done.required and "zorg_over" not in done.required


def test_worry_about_another_volunteer_skips_the_home_questions():
    slots = {"sector": "vrijwilliger", "vw_organisatie": "sport", "vw_zorg_over": "organisatie"}
    assert plan(slots).next_question == "vw_contactpersoon"
    slots["vw_contactpersoon"] = "ja"
    assert plan(slots).outcome == "vrijwilliger_organisatie"
    assert "vw_verteld" not in plan(slots).required


def test_volunteer_back_and_summary_use_the_volunteer_path():
    slots = {"sector": "vrijwilliger", "vw_organisatie": "anders", "vw_zorg_over": "thuis", "vw_verteld": "ja"}
    assert last_answered(slots) == "vw_verteld"
    text = summary({**slots, "vw_contactpersoon": "twijfel"})
    assert "Zelf verteld: ja" in text and "Veilig Thuis" in text
    assert "dossier" not in text  # a volunteer keeps no dossier


@pytest.mark.parametrize(
    "text,expected",
    [
        ("het gaat om een andere leider die raar doet", "organisatie"),
        ("ik maak me zorgen over een trainer van het jeugdteam", "organisatie"),
        ("over hoe het thuis gaat bij een meisje", "thuis"),
        ("een jongen uit mijn team", "thuis"),
        ("geen idee eigenlijk", None),
    ],
)
def test_volunteer_worry_from_free_text(text, expected):
    assert interpret("vw_zorg_over", text) == expected


@pytest.mark.parametrize(
    "text,intent,expected",
    [
        ("ja", "affirm", "ja"),
        ("nee hoor", "deny", "nee"),
        ("geen idee", "unsure", "twijfel"),
        ("ik twijfel", None, "twijfel"),
        ("Ja, dat denk ik wel", None, "ja"),
        ("nee, niet echt", None, "nee"),
        ("de kat krabt de krullen", None, None),
    ],
)
def test_yes_no_answers_in_free_text(text, intent, expected):
    assert interpret(a.VERMOEDEN, text, intent) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("ik ben juf op een basisschool", "onderwijs"),
        ("Intern begeleider", "onderwijs"),
        ("ik werk als pedagogisch medewerker op een BSO", "kinderopvang"),
        ("huisarts", "arts"),
        ("ik ben wijkverpleegkundige", "verpleging"),
        ("psycholoog in de GGZ", "ggz"),
        ("jeugdzorg", "jeugdhulp"),
        ("ik zit in het sociale wijkteam", "sociaal_werk"),
        ("reclassering", "justitie"),
        ("iets anders", "anders"),
        ("ik werk in de ouderenzorg", "verpleging"),
        ("verzorgende in een verpleeghuis", "verpleging"),
        ("ik ben fysiotherapeut", "anders"),
        ("begeleider in de gehandicaptenzorg", "anders"),
        ("ik werk op een azc", "anders"),
        ("ik ben trainer bij de voetbal", "vrijwilliger"),
        ("ik help bij het huiswerkklasje", "vrijwilliger"),
        ("ik zit in het bestuur van de hockeyclub", "vrijwilliger"),
        ("docent, en de leerling zit op voetbal", "onderwijs"),
        ("bakker", None),
    ],
)
def test_sector_from_free_text(text, expected):
    assert interpret("sector", text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("ze heeft me zelf verteld dat haar vader haar slaat", "verteld"),
        ("ik zag blauwe plekken op zijn rug", "letsel"),
        ("hij heeft altijd honger", "verwaarlozing"),
        ("ze is erg bang en stil", "gedrag"),
        ("de ouders hebben veel ruzie", "thuis"),
        ("iets wat ik niet goed kan omschrijven", "anders"),
    ],
)
def test_signal_kind_from_free_text(text, expected):
    assert interpret("signaal_soort", text) == expected


def test_button_choice_wins_over_text():
    assert interpret("sector", "", "inform", "jeugdhulp") == "jeugdhulp"
    assert interpret("sector", "", "inform", "not-an-option") is None


def test_unsafe_conversation_is_recognised():
    assert interpret("stap3_gesprek", "nee, dat is niet veilig") == "niet_veilig"
    assert interpret("stap3_gesprek", "nee", "deny") == "nee"


def test_back_clears_the_last_answer_not_an_implied_one():
    slots = {
        "sector": "onderwijs",
        "school_route": "thuis",
        "signaal_soort": "verteld",
        "verteld_door": "zelf",
        "signaal_frequentie": "eenmalig",
        "meer_kinderen": "nee",
        **STEPS_DONE,
        a.VERMOEDEN: "ja",
    }
    assert last_answered(slots) == a.VERMOEDEN
    assert last_answered({}) is None


def test_summary_holds_only_fixed_labels():
    slots = {s: None for s in FORM_SLOTS}
    slots.update(
        {
            "sector": "sociaal_werk",
            "zorg_over": "volwassene",
            "signaal_soort": "anders",
            "signaal_frequentie": "vaker",
            "kc_kinderen": "nee",
            **STEPS_DONE,
            a.VERMOEDEN: "ja",
            a.VEILIGHEID: "nee",
            a.HULP: "ja",
            a.ACCEPTATIE: "ja",
            a.RESULTAAT: "ja",
        }
    )
    text = summary(slots)
    assert "Maatschappelijke ondersteuning" not in text  # labels are lower-cased titles
    assert "Sector: sociaal werk of wijkteam" in text
    assert "Zorg over: een volwassene" in text
    assert "Uitkomst: hulp, met afspraken over monitoren" in text
    assert "Beslissing 1, is melden nodig: nee" in text
    assert summary({}) is None


def test_raw_unvalidated_values_count_as_unanswered():
    # Rasa passes the typed text before validation: the plan must not break on it.
    assert plan({"sector": "ik ben juf"}).next_question == "sector"
    slots = {
        "sector": "onderwijs",
        "school_route": "thuis",
        "signaal_soort": "gedrag",
        "signaal_frequentie": "vaker",
        "meer_kinderen": "nee",
        **STEPS_DONE,
        a.VERMOEDEN: "/affirm",
    }
    assert plan(slots).next_question == a.VERMOEDEN


def test_veilig_thuis_and_buurthuis_are_not_the_home_situation():
    from actions.meldcode.consultation import interpret

    assert interpret("vw_zorg_over", "blijf ik anoniem als ik veilig thuis bel?") is None
    assert interpret("vw_zorg_over", "iets bij ons buurthuis") is None
    assert interpret("vw_zorg_over", "hoe het thuis gaat met een meisje") == "thuis"
    assert interpret("vw_zorg_over", "een andere trainer") == "organisatie"


# --- who told: disclosure only when the child or a care-dependent adult tells (#27, §1.3) ---


@pytest.mark.parametrize(
    "text,kind,teller",
    [
        ("de buurvrouw zei dat ze vaak geschreeuw hoort", "gehoord", None),
        ("de oma zegt dat het kind honger heeft", "gehoord", None),
        ("ik hoorde van een collega dat er thuis klappen vallen", "gehoord", None),
        ("vertelde de buurman vanochtend", "gehoord", None),
        ("een leerling vertelde me dat ze thuis geslagen wordt", "verteld", "zelf"),
        ("het kind zei tegen mij dat papa hem slaat", "verteld", "zelf"),
        ("mijn client vertelde over geweld door haar partner", "verteld", "zelf"),
        ("ze heeft het me zelf verteld", "verteld", "zelf"),
        # a pronoun or a parent: not clear who told, so the assistant asks
        ("ze vertelde me dat het thuis niet goed gaat", "verteld", None),
        ("de moeder zei dat vader soms slaat", "verteld", None),
        # no one told: the user's own observation
        ("ik hoorde zelf geschreeuw door de muur", "thuis", None),
    ],
)
def test_who_told_is_read_from_a_typed_signal(text, kind, teller):
    from actions.meldcode.consultation import also_answers

    assert interpret("signaal_soort", text) == kind
    assert also_answers("signaal_soort", kind, text).get("verteld_door") == teller


def test_unclear_teller_is_asked_and_someone_else_makes_it_a_signal():
    from actions.meldcode.consultation import also_answers

    slots = {"sector": "onderwijs", "school_route": "thuis", "signaal_soort": "verteld"}
    assert plan(slots).next_question == "verteld_door"
    assert interpret("verteld_door", "de buurvrouw") == "ander"
    assert interpret("verteld_door", "het kind zelf") == "zelf"
    assert also_answers("verteld_door", "ander", "de buurvrouw") == {"signaal_soort": "gehoord"}
    # the button "Het kind of de cliënt vertelde het me zelf" answers both
    assert also_answers("signaal_soort", "verteld", "", choice="verteld") == {"verteld_door": "zelf"}


REST = {"signaal_frequentie": "vaker", "meer_kinderen": "nee", "kc_kinderen": "nee", **STEPS_DONE, a.VERMOEDEN: "ja"}


def test_hearsay_is_weighed_at_question_2():
    slots = {"sector": "onderwijs", "school_route": "thuis", "signaal_soort": "gehoord", **REST}
    p = plan(slots)
    assert p.next_question == a.VEILIGHEID and not p.implied


def test_a_child_telling_it_themselves_is_disclosure():
    slots = {"sector": "jeugdhulp", "signaal_soort": "verteld", "verteld_door": "zelf", **REST}
    assert plan(slots).outcome == a.MELDEN_ONVEILIG


@pytest.mark.parametrize("dependent,disclosure", [("ja", True), ("nee", False), ("twijfel", False)])
def test_an_adult_clients_own_account_is_disclosure_only_when_dependent_on_care(dependent, disclosure):
    slots = {"sector": "ggz", "zorg_over": "volwassene", "signaal_soort": "verteld", "verteld_door": "zelf"}
    assert plan(slots).next_question == "afhankelijk"
    p = plan({**slots, "afhankelijk": dependent, **REST})
    if disclosure:
        assert p.outcome == a.MELDEN_ONVEILIG and a.VEILIGHEID in p.implied
    else:
        assert p.next_question == a.VEILIGHEID and not p.implied


def test_back_after_an_inferred_teller_asks_who_told():
    slots = {
        "sector": "ggz",
        "zorg_over": "volwassene",
        "signaal_soort": "verteld",
        "verteld_door": "zelf",
        "afhankelijk": "nee",
    }
    assert last_answered(slots) == "afhankelijk"
    assert last_answered({**slots, "afhankelijk": None}) == "verteld_door"


# --- routes and roles (#27 items 2, 3, 5) ---


@pytest.mark.parametrize(
    "text,route",
    [
        ("een collega zit steeds aan een meisje uit groep 7", "medewerker"),
        ("ik ben leerkracht en maak me zorgen over de gymleraar", "medewerker"),
        ("een student van 19 op het mbo", "student"),
        ("ik ben docent en het gaat om een leerling van mij", "thuis"),
    ],
)
def test_school_route_from_free_text(text, route):
    assert interpret("school_route", text) == route


def test_suspicion_against_school_staff_takes_its_own_route():
    p = plan({"sector": "onderwijs", "school_route": "medewerker"})
    assert p.outcome == "route_school_medewerker"
    assert "signaal_soort" not in p.required


def test_an_adult_student_gets_the_kindcheck():
    slots = {"sector": "onderwijs", "school_route": "student", "signaal_soort": "gedrag", "signaal_frequentie": "vaker"}
    assert plan(slots).next_question == "kc_kinderen"
    assert "meer_kinderen" not in plan(slots).required


@pytest.mark.parametrize(
    "text,route",
    [
        ("ik ben pedagogisch medewerker, het gaat om de thuissituatie", "thuis"),
        ("als pm'er maak ik me zorgen over hoe het thuis gaat", "thuis"),
        ("ik zag een collega een peuter hard slaan", "medewerker"),
        ("de houder zelf", "medewerker"),
        ("twee kleuters doen seksuele spelletjes", "kinderen"),
    ],
)
def test_kinderopvang_route_from_free_text(text, route):
    assert interpret("opvang_route", text) == route


@pytest.mark.parametrize(
    "text", ["ik ben poh", "doktersassistente", "ik werk als poh-ggz", "assistente bij de huisarts"]
)
def test_a_poh_or_assistant_is_not_a_doctor(text):
    from actions.meldcode.sectors import SECTORS

    sector = interpret("sector", text)
    assert sector == "praktijk"
    assert "arts" not in SECTORS[sector].decides.split()  # not "jij als arts"
    assert SECTORS[sector].variant == a.GENERIC


@pytest.mark.parametrize(
    "text,where",
    [
        ("ik ben vrijwilliger in het verpleeghuis", "meldcode"),
        ("vrijwilliger op een basisschool", "meldcode"),
        ("trainer bij de hockeyclub", "sport"),
        ("bij de scouting", "anders"),
    ],
)
def test_where_a_volunteer_works_from_free_text(text, where):
    assert interpret("vw_organisatie", text) == where


def test_a_volunteer_in_an_organisation_with_a_meldcode_is_not_asked_for_a_contact():
    slots = {"sector": "vrijwilliger", "vw_organisatie": "meldcode", "vw_zorg_over": "thuis", "vw_verteld": "nee"}
    p = plan(slots)
    assert p.outcome == "vrijwilliger_thuis" and "vw_contactpersoon" not in p.required


@pytest.mark.parametrize(
    "text,intent,expected",
    [
        ("nee", "deny", "nee"),
        ("het is nog te vroeg om dat te zeggen", None, "te_vroeg"),
        ("de hulp is net begonnen", "inform", "te_vroeg"),
        ("ik twijfel", "unsure", "twijfel"),
    ],
)
def test_question_5_has_a_too_early_answer(text, intent, expected):
    assert interpret(a.RESULTAAT, text, intent) == expected
    assert interpret(a.VERMOEDEN, "het is nog te vroeg", None) != "te_vroeg"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("ik zag blauwe plekken op haar benen", "nee"),  # seen, not told
        ("ik heb gemerkt dat ze bang is", "nee"),
        ("ja, ze vertelde het na de training", "ja"),
    ],
)
def test_a_volunteer_who_saw_it_was_not_told(text, expected):
    assert interpret("vw_verteld", text) == expected
