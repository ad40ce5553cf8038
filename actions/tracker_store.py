"""Rasa's Redis tracker store, with the person's phone numbers, e-mail and street addresses
masked before anything is stored (Rasa-server side; endpoints.yml names it).

The events of the turn are masked in place just before saving: the assistant has already
read the message (a street address can still be geocoded), and what stays in Redis for the
retention period holds none of it. The stored and the new trackers then agree, so Rasa's
merge of the two stays exact.
"""

from __future__ import annotations

from typing import Any

from rasa.core.tracker_store import RedisTrackerStore
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from handoff.privacy import mask


def _mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, list):
        return [_mask_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _mask_value(v) for k, v in value.items()}
    return value


def mask_events(tracker: DialogueStateTracker) -> None:
    for event in tracker.events:
        if isinstance(event, UserUttered):
            event.text = mask(event.text) if event.text else event.text
            if event.parse_data:
                event.parse_data["text"] = event.text
                event.parse_data["entities"] = _mask_value(event.parse_data.get("entities", []))
            event.entities = _mask_value(event.entities)
        elif isinstance(event, SlotSet):
            event.value = _mask_value(event.value)


class MaskingRedisTrackerStore(RedisTrackerStore):
    async def save(self, tracker: DialogueStateTracker, timeout: float | None = None) -> None:
        mask_events(tracker)
        await super().save(tracker, timeout)
