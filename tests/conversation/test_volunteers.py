"""Volunteers over the web channel: recognised from everyday words, never put
through the professional's path, and ending with who to talk to and 0800-2000."""

from __future__ import annotations

PROFESSIONAL_WORDS = ("In welke sector", "afwegingskader", "Stap 1", "kindcheck", "cliënt")


def buttons(replies: list[dict]) -> list[str]:
    return [b["payload"] for r in replies for b in r.get("buttons", [])]


def test_sports_volunteer_home_situation(chat):
    first = chat.say("ik ben trainer bij de voetbal en ik maak me zorgen over een jongen uit mijn team")
    assert "Waar maak je je zorgen over?" in first
    text = chat.say("over hoe het thuis gaat")
    assert "zelf iets verteld" in text
    text += chat.say("nee")
    end = chat.say("ja, we hebben een vertrouwenspersoon")
    transcript = first + text + end
    assert not [w for w in PROFESSIONAL_WORDS if w in transcript]
    assert "coördinator" in end and "0800-2000" in end and "112" in end
    assert "Ga niet zelf uitzoeken" in end


def test_scouting_leader_worried_about_another_leader(chat):
    first = chat.say("ik ben leiding bij de scouting en een andere leider doet vreemd met de kinderen")
    assert "club of organisatie iemand" in first  # the home route's questions are skipped
    end = chat.say("nee, die hebben we niet")
    assert "vertrouwenspersoon" in end and "bestuur" in end
    assert "team sociale veiligheid" in end and "politie" in end
    assert "bestuurslid" in end  # no contact person: go to a board member


def test_volunteer_whose_child_told_a_secret(chat):
    chat.say("ik doe vrijwilligerswerk bij het buurthuis en maak me zorgen")
    chat.say("hoe het thuis gaat met een meisje")
    text = chat.say("ja, ze heeft het me verteld")
    text += chat.say("weet ik niet")
    assert "Beloof geen geheimhouding" in text
    assert "bestuurslid" in text  # unsure about a contact person


def test_secret_question_without_starting(chat):
    text = chat.say("een jongen van de club vroeg of ik het geheim wil houden, mag ik het toch vertellen?")
    assert "geheimhouding" in text and "0800-2000" in text


def test_board_member_asks_what_to_arrange(chat):
    text = chat.say("ik ben bestuurslid, wat moeten wij als club regelen")
    assert "gedragscode" in text and "Gratis VOG" in text and "vertrouwens" in text


def test_unclear_role_is_asked_and_volunteer_button_works(chat):
    replies = chat.send("ik maak me zorgen")
    assert '/inform{"choice":"vrijwilliger"}' in buttons(replies)
    text = chat.say('/inform{"choice":"vrijwilliger"}')
    assert "Als vrijwilliger" in text and "Waar doe je vrijwilligerswerk?" in text


def test_volunteer_start_button_opens_the_volunteer_path(chat):
    greeting = chat.send("hallo")
    assert '/inform{"rol":"vrijwilliger"}' in buttons(greeting)
    text = chat.say('/inform{"rol":"vrijwilliger"}')
    assert "Als vrijwilliger" in text and "Waar doe je vrijwilligerswerk?" in text


def test_veilig_thuis_questions_in_volunteer_words(chat):
    chat.say("ik ben vrijwilliger bij de hockey en maak me zorgen")
    text = chat.say("blijf ik anoniem als ik veilig thuis bel?")
    assert "het gezin hoort jouw naam alleen als jij dat goed vindt" in text
    assert "professional" not in text and "hoge uitzondering" not in text
    assert "Waar maak je je zorgen over?" in text  # and the volunteer path resumes


def test_danger_now_at_the_club(chat):
    text = chat.say("een vader slaat nu zijn zoon op het veld van de club")
    assert "112" in text and "0800-2000" in text


def test_everyday_answer_mid_path_is_taken_as_an_answer(chat):
    # Found trying it as a new user: "hoe het thuis gaat" was read as off-topic
    # and the volunteer got "Daar kan ik je niet mee helpen".
    chat.say("hoi, ik ben trainer bij de voetbal en ik maak me zorgen over een jongen uit mijn team")
    text = chat.say("hoe het thuis gaat")
    assert "niet mee helpen" not in text
    assert "zelf iets verteld" in text
