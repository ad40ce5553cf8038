"""Every Redis key of the handoff, in one place, under one prefix.

Queue and conversations
- ``{p}:queue``                   sorted set of waiting conversations (score: priority,
                                  then the time they started waiting)
- ``{p}:conv:{id}``               hash: state, timestamps, channel, territory, priority,
                                  counsellor, triage card, private note…
- ``{p}:conv:{id}:events``        list of state changes (JSON), oldest first
- ``{p}:conv:{id}:msgs``          stream of the live chat (person, counsellor, assistant)
- ``{p}:counsellor:{cid}:convs``  set of the conversations a counsellor holds
- ``{p}:waits``                   list of recent waiting times (seconds), newest first
Transport between processes (streams, trimmed)
- ``{p}:inbound``                 what the consoles must show: person messages, queue changes
- ``{p}:outbox:{channel}``        what the assistant servers must deliver to a person
Console
- ``{p}:account:{login}``         hash: name, role, password hash (argon2)
- ``{p}:session:{token}``         hash: login, role, CSRF token
- ``{p}:signin:{login}``          counter of failed sign-ins (lock-out window)
- ``{p}:presence``                sorted set: counsellor → last heartbeat (ms)
- ``{p}:deferred``                sorted set of messages left outside opening hours
- ``{p}:deferred:{id}``           hash: e-mail (until answered), text, territory…
- ``{p}:stats:{YYYY-MM-DD}``      hash of the day's counters (territories, outcomes)
- ``{p}:stats:{YYYY-MM-DD}:waits`` list of the day's waiting times (seconds)
Every key gets an expiry, so nothing outlives its retention period.
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

    def msgs(self, conv_id: str) -> str:
        return f"{self.prefix}:conv:{conv_id}:msgs"

    def conv_keys(self, conv_id: str) -> list[str]:
        return [self.conv(conv_id), self.events(conv_id), self.msgs(conv_id)]

    def counsellor_convs(self, counsellor_id: str) -> str:
        return f"{self.prefix}:counsellor:{counsellor_id}:convs"

    @property
    def inbound(self) -> str:
        return f"{self.prefix}:inbound"

    def outbox(self, channel: str) -> str:
        return f"{self.prefix}:outbox:{channel}"

    def account(self, login: str) -> str:
        return f"{self.prefix}:account:{login}"

    def session(self, token: str) -> str:
        return f"{self.prefix}:session:{token}"

    def signin_failures(self, login: str) -> str:
        return f"{self.prefix}:signin:{login}"

    @property
    def presence(self) -> str:
        return f"{self.prefix}:presence"

    @property
    def deferred_index(self) -> str:
        return f"{self.prefix}:deferred"

    def deferred(self, item_id: str) -> str:
        return f"{self.prefix}:deferred:{item_id}"

    def stats(self, day: str) -> str:
        return f"{self.prefix}:stats:{day}"

    def stats_waits(self, day: str) -> str:
        return f"{self.prefix}:stats:{day}:waits"
