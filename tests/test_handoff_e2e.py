"""The handoff from end to end, in headless Chromium against the real Rasa server, action
server, console and Redis: a person in the web widget asks for a counsellor; a counsellor,
in a second browser context, signs in to the console, takes the conversation and answers;
messages cross both ways; the conversation is closed and the assistant takes over again
with its survey. Screenshots of the console go to docs/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import SHOTS

pytestmark = pytest.mark.e2e


def say(page: Page, text: str) -> None:
    page.fill("#message", text)
    page.keyboard.press("Enter")


def sign_in(page: Page, url: str, login: str, password: str) -> None:
    page.goto(url)
    page.fill("#login", login)
    page.fill("#password", password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#who")).to_contain_text(login.capitalize())


def test_a_person_reaches_a_counsellor_and_back(stack, stack_accounts, browser):
    person = browser.new_context(viewport={"width": 1100, "height": 860}, locale="fr-FR")
    widget = person.new_page()
    widget.goto(stack.web_url)
    say(widget, "salut")
    widget.get_by_role("button", name="Pour moi").click()
    say(widget, "jai 19 ans jai arrete en seconde, j'habite a Lille")
    say(widget, "je veux parler a un conseiller")
    expect(widget.locator(".msg.bot", has_text="Je vous mets en relation")).to_contain_text(
        "prochaine personne")

    counsellor = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    console = counsellor.new_page()
    console.on("dialog", lambda d: pytest.fail(f"script exécuté dans la console : {d.message}"))
    sign_in(console, stack.console_url, "alice", stack_accounts["alice"])
    waiting = console.locator("#queue li.waiting")
    expect(waiting).to_have_count(1)
    expect(waiting.first).to_contain_text("vous avez 19 ans")
    console.screenshot(path=str(SHOTS / "console-queue.png"))
    waiting.first.get_by_role("button", name="Prendre").click()
    expect(console.locator("#card-summary")).to_contain_text("vous habitez à Lille")
    expect(console.locator("#card-transcript")).to_contain_text("je veux parler a un conseiller")

    # the counsellor's message reaches the person, with the counsellor's name
    expect(widget.locator(".msg.bot").last).to_contain_text("Alice, conseiller·e, a rejoint")
    console.fill("#reply", "Bonjour, je suis Alice. Que puis-je faire pour vous ?")
    console.keyboard.press("Enter")
    answer = widget.locator(".msg.counsellor").last
    expect(answer).to_contain_text("Que puis-je faire pour vous ?")
    expect(answer.locator(".who")).to_have_text("Alice (conseiller·e)")

    # the person's messages reach the counsellor; the assistant stays silent
    bots_before = widget.locator(".msg.bot").count()
    say(widget, "je voudrais reprendre un CAP cuisine <img src=x onerror=alert(1)>")
    received = console.locator("#messages .msg.person").last
    expect(received).to_contain_text("reprendre un CAP cuisine <img src=x onerror=alert(1)>")
    assert console.locator("#messages img").count() == 0
    assert widget.locator(".msg.bot").count() == bots_before
    console.fill("#note", "CAP cuisine, à orienter vers le CIO de Lille")
    console.get_by_role("button", name="Enregistrer la note").click()
    expect(console.locator("#conv-status")).to_have_text("Note enregistrée.")
    console.evaluate("window.scrollTo(0, 0)")
    console.screenshot(path=str(SHOTS / "console-conversation.png"), full_page=True)

    # closing: the assistant takes over again and asks its one question
    console.select_option("#outcome", "oriente_structure")
    console.get_by_role("button", name="Terminer la conversation").click()
    expect(console.locator("#conv-title")).to_have_text("Aucune conversation ouverte")
    expect(widget.locator(".msg.bot").last).to_contain_text("vous a-t-il aidé ?")
    widget.get_by_role("button", name="Oui, ça m'a aidé").click()
    expect(widget.locator(".msg.bot").last).to_contain_text("Merci pour votre réponse")
    say(widget, "c quoi l'epide ?")
    expect(widget.locator(".msg.bot").last).to_contain_text("EPIDE")
    widget.screenshot(path=str(SHOTS / "widget-handoff.png"))

    # the supervisor sees the day's figures
    supervisor = browser.new_context(viewport={"width": 1100, "height": 900}, locale="fr-FR")
    page = supervisor.new_page()
    sign_in(page, stack.console_url, "sam", stack_accounts["sam"])
    page.get_by_role("link", name="Supervision").click()
    expect(page.locator("#figures")).to_contain_text("prises en charge")
    expect(page.locator("#chart-outcomes svg")).to_have_attribute(
        "aria-label", "Orienté vers une structure : 1")
    page.screenshot(path=str(SHOTS / "console-supervision.png"))
    for context in (person, counsellor, supervisor):
        context.close()


def test_a_message_sent_while_the_widget_was_closed_arrives_when_it_comes_back(
        stack, stack_accounts, browser):
    person = browser.new_context(locale="fr-FR")
    widget = person.new_page()
    widget.goto(stack.web_url)
    say(widget, "je veux parler a un humain")
    expect(widget.locator(".msg.bot", has_text="Je vous mets en relation")).to_have_count(1)
    session = widget.evaluate("localStorage.getItem('seconde-chance:session')")
    storage = person.storage_state()
    widget.close()  # the person leaves the page

    counsellor = browser.new_context(locale="fr-FR")
    console = counsellor.new_page()
    sign_in(console, stack.console_url, "alice", stack_accounts["alice"])
    console.get_by_role("button", name="Prendre la suivante").click()
    expect(console.locator("#conv-title")).to_contain_text(session[:6])
    console.fill("#reply", "Je suis là, revenez quand vous voulez.")
    console.keyboard.press("Enter")
    expect(console.locator("#messages .msg.counsellor")).to_have_count(1)

    back = browser.new_context(locale="fr-FR", storage_state=storage)
    page = back.new_page()
    page.goto(stack.web_url)
    expect(page.locator(".msg.counsellor")).to_contain_text("revenez quand vous voulez")
    console.get_by_role("button", name="Rendre la main à l'assistant").click()
    expect(page.locator(".msg.bot").last).to_contain_text("vous a-t-il aidé ?")
    for context in (person, counsellor, back):
        context.close()


def test_erasing_the_conversation_from_the_widget(stack, browser):
    person = browser.new_context(locale="fr-FR")
    page = person.new_page()
    page.goto(stack.web_url)
    say(page, "bonjour")
    expect(page.locator(".msg.bot").first).to_contain_text("Bonjour")
    old = page.evaluate("localStorage.getItem('seconde-chance:session')")
    say(page, "supprimer ma conversation")
    page.get_by_role("button", name="Oui, tout effacer").click()
    expect(page.locator(".msg.bot").last).to_contain_text("ont été effacés")
    new = page.evaluate("localStorage.getItem('seconde-chance:session')")
    assert new and new != old
    assert page.evaluate("localStorage.getItem('seconde-chance:history')") is None
    person.close()
