"""The modules holding the action server's actions (actions/action_server.py loads this
package). Naming them here keeps the action server from importing the rest of
the package, such as the NLU component, which needs Rasa itself."""

from actions import faq, handoff, safety_actions, structures, triage

__all__ = ["faq", "handoff", "safety_actions", "structures", "triage"]
