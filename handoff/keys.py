"""Every Redis key of the handoff, in one place, under one prefix.

- ``{p}:queue``                 sorted set of waiting conversations (score: priority, then
                                the time they started waiting)
- ``{p}:conv:{id}``             hash: state, timestamps, territory, priority, counsellor…
- ``{p}:conv:{id}:events``      list of state changes (JSON), oldest first
- ``{p}:counsellor:{cid}:convs`` set of the conversations a counsellor holds
- ``{p}:waits``                 list of recent waiting times (seconds), newest first
Every key gets an expiry (the conversation's retention), so nothing outlives it.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_PREFIX = "sc:handoff"


@dataclass(frozen=True)
class Keys:
    prefix: str = DEFAULT_PREFIX

    @property
    def queue(self) -> str:
        return f"{self.prefix}:queue"

    @property
    def waits(self) -> str:
        return f"{self.prefix}:waits"

    def conv(self, conv_id: str) -> str:
        return f"{self.prefix}:conv:{conv_id}"

    def events(self, conv_id: str) -> str:
        return f"{self.prefix}:conv:{conv_id}:events"

    def counsellor_convs(self, counsellor_id: str) -> str:
        return f"{self.prefix}:counsellor:{counsellor_id}:convs"
