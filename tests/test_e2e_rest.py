"""End to end through the REST channel: the real Redis, action server and Rasa server."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from typing import Any

import pytest
import redis

pytestmark = pytest.mark.e2e


def _post(url: str, payload: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _say(stack: Any, sender: str, text: str) -> list[str]:
    answers = _post(f"{stack.rasa_url}/webhooks/rest/webhook",
                    {"sender": sender, "message": text})
    return [a.get("text", "") for a in answers]


def _slots(stack: Any, sender: str) -> dict[str, Any]:
    url = f"{stack.rasa_url}/conversations/{sender}/tracker?token={stack.token}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return dict(json.loads(response.read())["slots"])


def test_triage_over_rest(stack):
    sender = uuid.uuid4().hex
    greeting = _say(stack, sender, "bonjour")
    assert greeting[0].startswith("Bonjour ! Je suis l'assistant de Seconde Chance.")
    assert greeting[1] == "Vous m'écrivez pour vous-même ou pour votre enfant ?"
    assert _say(stack, sender, "c pour moi") == ["Quel âge avez-vous ?"]
    assert _say(stack, sender, "g 17 ans, rennes, pas de diplome") == [
        "Allez-vous encore à l'école (collège, lycée, CFA) ?"]
    summary = _say(stack, sender, "non")
    assert summary[0].startswith("Si je résume : vous avez 17 ans, vous avez quitté l'école, "
                                 "vous n'avez pas de diplôme, vous habitez à Rennes")
    slots = _slots(stack, sender)
    assert {k: slots[k] for k in ("profil", "age", "scolarise", "diplome", "commune",
                                  "code_insee", "code_postal", "departement", "territoire")} == {
        "profil": "jeune", "age": 17.0, "scolarise": False, "diplome": "aucun",
        "commune": "Rennes", "code_insee": "35238", "code_postal": "35000",
        "departement": "35", "territoire": "metropole",
    }
    correction = _say(stack, sender, "non en fait j'ai 18 ans")
    assert correction[0].startswith("Si je résume : vous avez 18 ans")
    assert _slots(stack, sender)["age"] == 18.0
    answer = _say(stack, sender, "c pour qui le droit au retour en formation ?")
    assert answer[0].startswith("À 18 ans et sans diplôme, vous pouvez reprendre une formation")


def test_general_answer_before_any_triage(stack):
    answer = _say(stack, uuid.uuid4().hex, "c quoi l'epide")
    assert answer[0].startswith("L'EPIDE (établissement pour l'insertion dans l'emploi)")


def test_parent_overseas_with_ambiguous_commune(stack):
    sender = uuid.uuid4().hex
    _say(stack, sender, "Bonjour, mon fils de 15 ans ne va plus au collège")
    answers = _say(stack, sender, "aucun")
    assert answers == ["Dans quelle commune habite votre enfant ? "
                       "(le nom de la commune ou le code postal)"]
    answers = _say(stack, sender, "saint denis")
    assert answers[0].startswith("Plusieurs communes s'appellent Saint-Denis.")
    answers = _say(stack, sender, "Saint-Denis (974)")
    assert answers[0].startswith("Si je résume : votre enfant a 15 ans")
    slots = _slots(stack, sender)
    assert (slots["profil"], slots["code_insee"], slots["territoire"]) == (
        "parent", "97411", "reunion")


def test_distress_gets_emergency_numbers_at_once(stack):
    sender = uuid.uuid4().hex
    answers = _say(stack, sender, "jen peux plus jveux mourir")
    assert "le 3114 (" in answers[0] and "112" in answers[0] and "le 15 (SAMU)" in answers[0]


def test_http_api_needs_the_token(stack):
    url = f"{stack.rasa_url}/conversations/someone/tracker"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=30)
    assert refused.value.code == 401


def test_conversations_expire_in_redis(stack):
    sender = uuid.uuid4().hex
    _say(stack, sender, "bonjour")
    client = redis.Redis.from_url(stack.redis.url)
    keys = [k.decode() for k in client.scan_iter(match=f"secondechance:tracker:*{sender}*")]
    assert keys, "le tracker n'est pas dans Redis"
    ttl = client.ttl(keys[0])
    assert 0 < ttl <= 30 * 86400


def test_structures_nearby_over_rest(stack):
    sender = uuid.uuid4().hex
    answer = _say(stack, sender, "ya un cio a toulouse ?")
    assert answer[0].startswith("Près de Toulouse (31) :")
    assert "Centre d'information et d'orientation de Toulouse Centre" in answer[0]


def test_a_search_without_a_place_asks_for_it_then_answers(stack):
    sender = uuid.uuid4().hex
    assert _say(stack, sender, "je cherche une e2c") == [
        "Dans quelle commune habitez-vous ? (le nom de la commune ou le code postal)"]
    answer = _say(stack, sender, "marseille 13003")
    assert answer[0].startswith("Près de Marseille (13) :")
    assert "E2C (école de la deuxième chance)" in answer[0]


def test_leaving_a_message_for_an_answer_by_email(stack):
    from handoff.keys import Keys
    from tests.conftest import STACK_ENV

    sender = uuid.uuid4().hex
    asked = _say(stack, sender, "/leave_message")
    assert asked[-1].startswith("Écrivez votre message")
    asked = _say(stack, sender, "Je voudrais reprendre un CAP cuisine, qui peut m'aider ?")
    assert "Êtes-vous d'accord ?" in asked[-1]
    asked = _say(stack, sender, "oui")
    assert asked[-1] == "À quelle adresse e-mail le conseiller peut-il vous répondre ?"
    retry = _say(stack, sender, "jade arobase gmail")
    assert "ne semble pas complète" in retry[0]
    assert retry[-1] == "À quelle adresse e-mail le conseiller peut-il vous répondre ?"
    done = _say(stack, sender, "jade.martin@example.org")
    assert done[-1].startswith("Merci, votre message est enregistré")
    keys = Keys(STACK_ENV["HANDOFF_KEY_PREFIX"])
    client = redis.Redis.from_url(stack.redis.url)
    items = [client.hgetall(keys.deferred(m.decode()))
             for m in client.zrange(keys.deferred_index, 0, -1)]
    mine = [i for i in items if i[b"conv"] == sender.encode()]
    assert len(mine) == 1
    assert mine[0][b"email"] == b"jade.martin@example.org"
    assert mine[0][b"text"] == b"Je voudrais reprendre un CAP cuisine, qui peut m'aider ?"
    # the address is not kept in the conversation's tracker
    tracker = (client.get(f"secondechance:tracker:{sender}") or b"").decode()
    assert tracker
    assert "jade.martin@example.org" not in tracker
    # refusing keeps nothing
    other = uuid.uuid4().hex
    _say(stack, other, "/leave_message")
    _say(stack, other, "Je cherche une formation")
    refused = _say(stack, other, "non")
    assert "je ne garde pas d'adresse" in refused[0]
    client.close()
