"""Custom actions and pure logic of the Seconde Chance assistant.

Pure modules (no Rasa import): settings, textnorm, parsing, geo.*.
Rasa action modules (thin): triage, faq.
"""
