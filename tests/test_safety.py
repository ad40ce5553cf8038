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
        ("jveu pu vivre", SUICIDE),
        ("mes parents veulent me marier au pays cet été", SEXUAL_VIOLENCE),
        ("ma mère est partie depuis 4 jours, on a plus rien à manger", FAMILY_VIOLENCE),
        # the subject of a lesson, but lived too
        ("je suis harcelée et en plus on a une éval sur le harcèlement", HARASSMENT),
        # a veiled farewell holds even beside a joke or a game
        ("g donné ma console a mon frere jen aurai plus besoin mdr", SUICIDE),
        ("il m'enferme dans le garage quand il boit", DANGER),
        ("a laide il revient", DANGER),
        ("je dors sous un pont depuis lundi", HOMELESS),
        # a lesson, a film or a joke nearby does not silence what is lived
        ("j'ai été violée à une soirée, depuis j'arrive plus à aller en classe",
         SEXUAL_VIOLENCE),
        ("je suis à la rue depuis une semaine et j'ai un contrôle demain", HOMELESS),
        ("on a vu un film sur le harcèlement, c'est exactement ce qui m'arrive", HARASSMENT),
        ("dans le livre on parle d'inceste, et mon oncle abuse de moi", SEXUAL_VIOLENCE),
        ("je vais me pendre si je dois encore retourner chez mon père", SUICIDE),
        ("ma vie est une partie perdue, je vais me tuer", SUICIDE),
        # indirect ways, from the seventh and eighth development sets
        ("bientot vous serez tranquilles", SUICIDE),
        ("je pense à la mort tout le temps. tout le temps.", SUICIDE),
        ("jpeux plus", SUICIDE),
        ("sos", DANGER),
        ("mon daron ma serré le cou pendant la dispute", FAMILY_VIOLENCE),
        ("sur mes cuisses y a des bleus, je dis que c'est le foot mais c'est pas le foot",
         FAMILY_VIOLENCE),
        # heavy SMS spelling, and a threat reported beside one's age
        ("dsl de deranger jsp a ki parlé jai envi den finir", SUICIDE),
        ("c koi le plus rapide pr plu souffrir", SUICIDE),
        ("est ce ke le 115 prend les mineur ?", HOMELESS),
        ("il a pris mon téléphone et ma carte d'identité, je peux pas sortir sans lui",
         FAMILY_VIOLENCE),
        ("il dit qu'il va me tuer, j'ai 18 ans et nulle part où aller", DANGER),
        # Messenger at night: stretched letters, slang, English, a cry on its own
        ("ptn jen peux pluuus", SUICIDE), ("wesh c'est la fin pour moi", SUICIDE),
        ("I want to die fr", SUICIDE), ("AIDEZ MOI", DANGER),
        ("il va me tuer j'ai peur", DANGER),
        # over once, said to be better, but no plan for now: still heard
        ("avant j'étais harcelée, maintenant ça va mieux mais je voudrais mourir", SUICIDE),
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
     "je veux arrêter l'école", "mon fils ne va plus au lycée", "", "   ",
     # an adjective, a class, a lesson, a film: the subject named, not lived
     "ce film est trop violent pour mon petit frère ?", "la prof m'a viré du cours",
     "en cours de français on étudie un roman sur la maltraitance",
     "dans la série le héros est enfermé dans une cave", "je vais crever si j'ai encore maths",
     "ma mère est partie faire les courses, la partie de foot commence",
     # oneself, an accident, a fight, a resolved past
     "je vais m'enfermer dans ma chambre pour réviser", "je me suis cassé le bras au ski",
     # over, with a plan for now; a lesson; a conditional joke; a festival; a piercing
     "avant j'étais à la rue mais maintenant j'ai un appart et je cherche un CAP cuisine",
     "en SES on doit parler du suicide chez Durkheim",
     "jvais me pendre si jai encore maths le vendredi aprem mdr",
     "on va dormir dans la voiture pendant le festival, faut un ticket camping ?",
     "ma pote s'est fait percer le nombril et ça saigne un peu",
     "mon coloc m'a encore saigné le frigo",
     "jvai me tuer a ce controle de maths", "mon petit frère me tape sur les nerfs",
     "vous avez vu 13 reasons why ? c'est la série qui parle de suicide",
     "j'ai fugué a 15 ans mais c'est du passé, aujourd'hui je veux passer mon CAP",
     "la fin de la casa de papel ma mis une claque",
     "avant jme scarifiai mai sa fai 2 an ke jai arreté grace a ma psy",
     "je me suis ouvert le genou en skate, ça saigne un peu",
     "il s'est battu à la récré, il est collé", "on fait une affiche contre le harcèlement",
     "j'ai été harcelée au collège mais c'est du passé",
     "on prépare un exposé sur le mariage forcé", "un roman qui parle d'inceste, en seconde ?"],
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


def _ranked(text: str, ranking: list[tuple[str, float]]) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": ranking[0][0], "confidence": ranking[0][1]},
                add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": n, "confidence": c} for n, c in ranking],
                add_to_output=True)
    return message


def test_a_distress_guess_of_the_intent_classifier_alone_is_dropped():
    net = SafetyNet()  # no binary model: patterns only
    [message] = net.process([_ranked("ma prof me met des sales notes",
                                     [("distress", 0.6), ("faq_droit_quoi", 0.3)])])
    assert message.get(INTENT) == {"name": "faq_droit_quoi", "confidence": 0.3}
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == ["faq_droit_quoi"]
    [unsure] = net.process([_ranked("bof", [("distress", 0.5), ("greet", 0.1)])])
    assert unsure.get(INTENT)["name"] == "nlu_fallback"


def test_the_binary_classifier_decides_beside_the_patterns():
    from actions.distress_model import DistressModel

    # a hand-written toy fixture, only to check the wiring
    model = DistressModel().fit(
        ["personne ne viendra me chercher ce soir j ai peur", "il me fait du mal tous les soirs",
         "j ai peur de rentrer chez moi", "aidez moi il me fait peur"],
        ["je cherche une formation en cuisine", "c quoi une mission locale",
         "j ai peur de rater mon bac", "bonjour je veux un cap"])
    net = SafetyNet({"threshold": 0.5}, model=model)
    [worried] = net.process([_ranked("il me fait peur et du mal le soir", [("inform", 0.9)])])
    assert worried.get(INTENT) == {"name": "distress", "confidence": 1.0}
    assert worried.get("distress_probability") >= 0.5
    [calm] = net.process([_ranked("je cherche une formation en mecanique",
                                  [("faq_droit_quoi", 0.8)])])
    assert calm.get(INTENT)["name"] == "faq_droit_quoi"


def test_no_pattern_tries_every_split_of_a_long_message():
    """Each gap between two cues is bounded (actions/safety.py, MAX_GAP): an unbounded
    ".*" in a pattern with several gaps makes a 2,000-character message slow to read."""
    from actions import safety

    patterns = [p for _, p in safety._PATTERNS + safety._STRONG] + [
        safety._NOT_DISTRESS, safety._NOT_SELF_HARM, safety._ABOUT, safety._LIVED]
    assert all(".*" not in p.pattern for p in patterns)


def test_the_classifier_is_retrained_when_its_message_files_change(tmp_path):
    # Rasa reuses a trained component while its config is the same; the files of extra
    # messages are read by the component itself, so their contents must count
    positives, negatives = tmp_path / "positives.txt", tmp_path / "negatives.txt"
    positives.write_text("jveux mourir\n", encoding="utf-8")
    negatives.write_text("je meurs de faim\n", encoding="utf-8")
    config = {"positives": str(positives), "negatives": str(negatives), "threshold": 0.75}
    before = SafetyNet.fingerprint_addon(config)
    assert SafetyNet.fingerprint_addon(config) == before
    positives.write_text("jveux mourir\njen peux plus\n", encoding="utf-8")
    after = SafetyNet.fingerprint_addon(config)
    assert after != before
    negatives.write_text("je meurs de faim\nce cours me tue\n", encoding="utf-8")
    assert SafetyNet.fingerprint_addon(config) not in (before, after)
