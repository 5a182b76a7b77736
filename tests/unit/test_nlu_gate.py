"""The question gate: a message counts as a knowledge question only when an answer fits."""

from rasa.shared.nlu.training_data.message import Message

from bot.nlu_gate import gate_question


def parse(intent: str, confidence: float, answer_confidence: float) -> Message:
    return Message(
        data={
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": [{"name": intent, "confidence": confidence}, {"name": "inform", "confidence": 0.01}],
            "response_selector": {
                "question": {
                    "response": {"intent_response_key": "question/vt_melding", "confidence": answer_confidence}
                }
            },
        }
    )


def test_answer_in_the_form_that_no_answer_fits_is_not_a_question():
    data = parse("question", 1.0, 0.08)
    assert gate_question(data, "question", 0.4)
    # Below the FallbackClassifier's threshold, so the form takes the text as an answer.
    assert data.get("intent")["confidence"] == 0.08
    assert data.get("intent_ranking")[0]["confidence"] == 0.08


def test_real_question_keeps_its_confidence():
    data = parse("question", 0.97, 0.85)
    assert not gate_question(data, "question", 0.4)
    assert data.get("intent")["confidence"] == 0.97


def test_other_intents_are_left_alone():
    data = parse("inform", 0.9, 0.05)
    assert not gate_question(data, "question", 0.4)
    assert data.get("intent")["confidence"] == 0.9
    assert not gate_question(Message(data={"intent": None}), "question", 0.4)


def test_message_with_a_question_mark_stays_a_question():
    data = parse("question", 1.0, 0.22)
    data.set("text", "blijf ik anoniem als ik veilig thuis bel?")
    assert not gate_question(data, "question", 0.4)
    assert data.get("intent")["confidence"] == 1.0


def said(text: str, intent: str, confidence: float) -> Message:
    return Message(
        data={
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": [{"name": intent, "confidence": confidence}],
        }
    )


def test_a_worry_or_an_introduction_starts_the_steps_whatever_the_classifier_thought():
    from bot.nlu_gate import route_worry

    for text, intent, confidence in [
        ("goedemiddag, ik maak me wat zorgen", "greet", 0.8),
        ("ik werk op de bso", "out_of_scope", 0.6),
        ("als vrijwilliger bij de judo heb ik zorgen", "question", 0.3),
    ]:
        message = said(text, intent, confidence)
        assert route_worry(message), text
        assert message.get("intent")["name"] == "inform"


def test_clear_intents_and_plain_greetings_are_left_alone():
    from bot.nlu_gate import route_worry

    for text, intent, confidence in [
        ("hallo", "greet", 0.95),
        ("wat is de kindcheck?", "question", 0.9),
        ("hij staat nu met een mes voor de deur", "danger_now", 0.3),
        ("/affirm", "nlu_fallback", 0.1),
    ]:
        message = said(text, intent, confidence)
        assert not route_worry(message), text
        assert message.get("intent")["name"] == intent


def test_a_stated_worry_is_not_a_knowledge_question_but_an_asked_one_is():
    from bot.nlu_gate import route_worry

    stated = said("ik zit bij de club als vrijwilliger en ik vertrouw een trainer niet", "question", 0.6)
    assert route_worry(stated) and stated.get("intent")["name"] == "inform"
    asked = said("wat moet ik doen als ik me zorgen maak over een kind?", "question", 0.9)
    assert not route_worry(asked) and asked.get("intent")["name"] == "question"


def test_an_inform_the_fallback_would_call_ambiguous_is_kept():
    from bot.nlu_gate import route_worry

    message = Message(
        data={
            "text": "ik help als vrijwilliger bij de club",
            "intent": {"name": "inform", "confidence": 0.47},
            "intent_ranking": [{"name": "inform", "confidence": 0.47}, {"name": "question", "confidence": 0.45}],
        }
    )
    assert route_worry(message) and message.get("intent")["confidence"] >= 0.9
