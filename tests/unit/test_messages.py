"""Message assembly (actions/meldcode/messages.py) and one answer turn
(actions/meldcode/turns.py), without Rasa: what the user would read."""

from __future__ import annotations

from actions.meldcode import messages, turns
from actions.meldcode.content import consultation as texts
from actions.meldcode.turns import LAST_INTRO, MISSES, Said

SCHOOL = {"sector": "onderwijs", "school_route": "thuis", "signaal_soort": "gedrag"}


def test_a_yes_no_question_has_the_three_buttons_and_its_extra_options():
    message = messages.question_message("vraag_resultaat", {})
    assert [b["payload"] for b in message["buttons"][:3]] == ["/affirm", "/deny", "/unsure"]
    assert message["buttons"][3]["payload"] == '/inform{"choice":"te_vroeg"}'


def test_the_consult_question_names_whom_this_sector_consults():
    message = messages.question_message("stap2_collega", {"sector": "onderwijs"})
    assert "intern begeleider" in message["text"]
    assert "een collega" in messages.question_message("stap2_collega", {})["text"]


def test_a_new_step_is_introduced_before_its_question_and_only_once():
    first = messages.ask("stap2_collega", {**SCHOOL, "signaal_soort": "letsel"}, last_intro="1")
    assert first[0]["text"].startswith("Stap 2: overleggen.")
    assert "letselduiding" in first[1]["text"]  # injuries: letselduiding with step 2
    assert first[-1]["buttons"]
    again = messages.ask("stap2_collega", SCHOOL, last_intro="2")
    assert len(again) == 1 and again[0]["buttons"]


def test_doctors_get_the_knmg_introduction_of_step_4():
    assert "KNMG" in messages.step_intro("4", {"sector": "arts"})
    assert "KNMG" not in messages.step_intro("4", {"sector": "onderwijs"})


def test_the_option_list_is_dutch():
    assert messages.option_list("vraag_hulp") == "'Ja', 'Nee' of 'Ik twijfel'"


def test_misses_cycle_through_three_different_helps():
    replies = [messages.not_understood("signaal_frequentie", n)["text"] for n in (1, 2, 3, 4)]
    assert len(set(replies[:3])) == 3 and replies[3] == replies[0]
    assert texts()["skip_hint"] in replies[1]
    assert replies[2] == texts()["not_understood_buttons"]


def test_noted_and_corrected_use_the_short_labels():
    assert messages.noted({"signaal_frequentie": "vaker"}).startswith("Ik noteer ook: hoe vaak: ")
    assert messages.noted({"zorg_over": "oudere"}, first=True) == "Ik noteer: zorg over: een oudere."
    assert messages.corrected({"zorg_over": "oudere"})["text"] == "Ik pas het aan. Zorg over: een oudere."


def test_every_outcome_ends_with_the_safety_line_and_the_next_buttons():
    said = messages.outcome({"sector": "onderwijs"}, "melden_onveilig")
    assert "112" in said[-1]["text"] and "0800-2000" in said[-1]["text"]
    assert [b["payload"] for b in said[-1]["buttons"]] == ["/summary", "/help", "/restart_consultation", "/stop"]
    assert not any(m.get("buttons") for m in said[:-1])


def test_stop_summary_and_next_step_texts():
    assert "112" in messages.stopped()["text"]
    assert messages.summary(None)["text"] == texts()["summary_empty"]
    assert messages.summary("- Sector: onderwijs")["text"] == "- Sector: onderwijs"
    assert messages.next_step(finished=False, intent="affirm")["buttons"][0]["payload"] == "/inform"
    assert messages.next_step(finished=True, intent="deny")["text"] == texts()["next_step"]["after_outcome_no"]


def test_an_answer_turn_sets_the_answer_and_clears_the_misses():
    turn = turns.answer("signaal_frequentie", Said(choice="vaker"), SCHOOL)
    assert turn.slots == {"signaal_frequentie": "vaker", MISSES: None}
    assert turn.messages == []


def test_a_miss_counts_and_helps():
    turn = turns.answer("signaal_frequentie", Said("paarse olifant", "inform"), SCHOOL, misses=1)
    assert turn.slots == {"signaal_frequentie": None, MISSES: 2.0}
    assert turn.messages == [messages.not_understood("signaal_frequentie", 2)]


def test_a_first_doubt_on_an_afwegingsvraag_is_explained_once():
    turn = turns.answer("vraag_hulp", Said("ik twijfel", "unsure"), SCHOOL)
    assert turn.slots == {"vraag_hulp": None, turns.EXPLAINED: ["vraag_hulp"]}
    assert turn.messages[0]["text"] == texts()["explain_intro"]
    again = turns.answer("vraag_hulp", Said("ik twijfel", "unsure"), SCHOOL, explained=["vraag_hulp"])
    assert again.slots["vraag_hulp"] == "twijfel"


def test_danger_now_comes_first():
    turn = turns.answer("signaal_frequentie", Said("hij slaat haar nu", "danger_now"), SCHOOL)
    assert turn.messages[0] == {"response": "utter_danger_now"}


def test_start_reads_the_role_from_an_earlier_message_but_not_after_a_restart():
    turn = turns.start(Said("ik maak me zorgen", "inform"), earlier=["hallo, ik werk op de bso"])
    assert turn.slots == {LAST_INTRO: "start", "sector": "kinderopvang"}
    restart = turns.start(Said("opnieuw beginnen", "restart_consultation"), earlier=["ik werk op de bso"])
    assert "sector" not in restart.slots
    assert restart.messages[0]["text"] == texts()["restarted"]


def test_a_volunteer_start_has_no_general_introduction():
    turn = turns.start(Said("ik ben trainer bij de voetbal", "inform"), earlier=[])
    assert turn.slots["sector"] == "vrijwilliger" and turn.slots["vw_organisatie"] == "sport"
    assert turn.messages == []


def test_back_clears_the_last_answer():
    assert turns.back({}).slots == {}
    assert turns.back(SCHOOL).slots == {"signaal_soort": None, LAST_INTRO: None}
