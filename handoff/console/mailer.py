"""Answers by e-mail to messages left outside opening hours (SMTP, from the settings)."""

from __future__ import annotations

import asyncio
import smtplib
from email.message import EmailMessage

from actions.settings import Settings


class MailNotConfigured(Exception):
    pass


def _send(settings: Settings, message: EmailMessage) -> None:
    assert settings.smtp_host
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(message)


async def send_reply(settings: Settings, to: str, counsellor: str, question: str,
                     answer: str) -> None:
    if not settings.smtp_host:
        raise MailNotConfigured()
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = "Seconde Chance : réponse à votre message"
    message.set_content(
        f"Bonjour,\n\n{answer}\n\n{counsellor}, conseiller·e Seconde Chance\n\n"
        "---\nVotre message :\n" + "\n".join("> " + line for line in question.splitlines())
        + "\n\nVotre adresse e-mail a été effacée de nos services après l'envoi de cette "
          "réponse. Pour nous parler : le chat de Seconde Chance, ou le 0800 12 25 00 "
          "(appel gratuit).\n")
    await asyncio.to_thread(_send, settings, message)
