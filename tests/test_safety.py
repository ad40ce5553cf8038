"""The safety net: what it recognises, what it leaves alone, the NLU component that cannot be
outvoted, and the answer with the right numbers."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.nlu_components import SafetyNet
from actions.safety import (
    DANGER,
    FAMILY_VIOLENCE,
    HARASSMENT,
    HOMELESS,
    SELF_HARM,
    SEXUAL_VIOLENCE,
    SUICIDE,
    detect,
    distress_message,
)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("jveux mourir", SUICIDE),
        ("g envie de me tuer", SUICIDE),
        ("jen peux plus de vivre", SUICIDE),
        ("vous serez mieux sans moi", SUICIDE),
        ("j'ai préparé des médocs pour ce soir", SUICIDE),
        ("je me scarifie depuis 2 mois", SELF_HARM),
        ("mon pere me frappe", FAMILY_VIOLENCE),
        ("mon beau-père me touche la nuit", SEXUAL_VIOLENCE),
        ("il a partagé mes nudes à toute la classe", SEXUAL_VIOLENCE),
        ("je me fais harceler au lycee", HARASSMENT),
        ("on m'a mis dehors", HOMELESS),
        ("je dors dehors ce soir", HOMELESS),
        ("il a un couteau", DANGER),
        ("mon ex veut me tuer", DANGER),
    ],
)
def test_distress_is_recognised(text, category):
    detection = detect(text)
    assert detection is not None and detection.category == category


@pytest.mark.parametrize(
    "text",
    ["je meurs de faim", "ce cours me tue", "mort de rire", "tuer le temps",
     "je suis à la rue en maths", "je l'ai tué au jeu", "mon tel est mort",
     "je vais me faire tuer par mon prof de maths mdr", "c quoi le 3114",
     "je veux arrêter l'école", "mon fils ne va plus au lycée", "", "   "],
)
def test_hyperbole_and_ordinary_messages_are_left_alone(text):
    assert detect(text) is None


def _message(text: str, intent: str) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": 0.97}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 0.97}],
                add_to_output=True)
    return message


def test_the_net_overrides_the_classifier():
    net = SafetyNet()
    [message] = net.process([_message("jveux tout arreter je supporte plus la vie",
                                      "faq_arreter_ecole")])
    assert message.get(INTENT) == {"name": "distress", "confidence": 1.0}
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == ["distress",
                                                                    "faq_arreter_ecole"]


def test_the_net_leaves_other_messages_as_classified():
    net = SafetyNet()
    [message] = net.process([_message("je meurs de faim", "out_of_scope")])
    assert message.get(INTENT) == {"name": "out_of_scope", "confidence": 0.97}


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("jveux mourir", ["3114"]), ("mon pere me frappe", ["119", "3919"]),
     ("on me harcèle", ["3018", "119"]), ("je dors dehors", ["115", "119"]),
     ("il a un couteau", ["17", "112"])],
)
def test_the_answer_gives_the_numbers_that_fit(text, numbers):
    message = distress_message(detect(text))
    for number in numbers:
        assert f"le {number} (" in message
    assert "112" in message and "le 15 (SAMU)" in message


def test_the_answer_when_only_the_classifier_recognised_distress():
    message = distress_message(None)
    for number in ("3114", "119", "3919", "3018", "115", "112"):
        assert number in message
