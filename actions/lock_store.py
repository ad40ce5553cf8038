"""Rasa's Redis lock store, made safe (Rasa-server side; endpoints.yml names it).

- Every lock key gets an expiry (Rasa's own store sets none, so a crash mid-message left
  keys behind for ever).
- When Redis cannot be reached, locks are kept in this process instead: the assistant goes
  on answering (the tracker store already falls back to memory in Rasa), and the live
  chat says it is unavailable.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LOCK_TTL_SECONDS = 600


class FailSafeRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Any) -> None:
        kwargs = dict(endpoint_config.kwargs or {})
        super().__init__(
            host=endpoint_config.url or "localhost",
            port=int(kwargs.get("port") or 6379),
            db=int(kwargs.get("db") or 0),
            password=kwargs.get("password") or None,
            key_prefix=kwargs.get("key_prefix"),
            socket_timeout=2,
        )
        self.memory = InMemoryLockStore()

    def _fallback(self, exc: Exception) -> None:
        logger.warning("Redis unreachable for locks (%s): kept in memory", type(exc).__name__)

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        try:
            lock = super().get_lock(conversation_id)
        except (RedisError, OSError) as exc:
            self._fallback(exc)
            return self.memory.get_lock(conversation_id)
        return lock or self.memory.get_lock(conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        self.memory.delete_lock(conversation_id)
        try:
            super().delete_lock(conversation_id)
        except (RedisError, OSError) as exc:
            self._fallback(exc)

    def save_lock(self, lock: TicketLock) -> None:
        try:
            self.red.set(self.key_prefix + lock.conversation_id, lock.dumps(),
                         ex=LOCK_TTL_SECONDS)
        except (RedisError, OSError) as exc:
            self._fallback(exc)
            self.memory.save_lock(lock)
