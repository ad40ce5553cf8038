"""The web widget in headless Chromium (Debian's chromium, driven by Playwright), against the
real Rasa server, action server and Redis: a conversation with buttons, a shared position,
structure cards, a page reload, a phone screen, and an XSS attempt shown as text.
Screenshots are written to docs/screenshots/ (shown in the README)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import SHOTS

pytestmark = pytest.mark.e2e


def _say(page: Page, text: str) -> None:
    page.fill("#message", text)
    page.keyboard.press("Enter")


def test_a_conversation_in_the_widget(stack, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="fr-FR",
                                  geolocation={"latitude": 43.6045, "longitude": 1.4440},
                                  permissions=["geolocation"])
    page = context.new_page()
    page.goto(stack.web_url)
    _say(page, "bonjour")
    expect(page.locator(".msg.bot").last).to_have_text(
        "Vous m'écrivez pour vous-même ou pour votre enfant ?")
    page.get_by_role("button", name="Pour moi").click()
    expect(page.locator(".msg.bot").last).to_have_text("Quel âge avez-vous ?")
    _say(page, "g 19 ans, pas de diplome")
    page.get_by_role("button", name="Non, j'ai arrêté").click()
    expect(page.locator(".msg.bot").last).to_contain_text("Dans quelle commune habitez-vous ?")
    page.get_by_role("button", name="Partager ma position").click()
    expect(page.locator(".msg.user").last).to_have_text("Position partagée")
    expect(page.locator(".msg.bot", has_text="Si je résume")).to_contain_text(
        "vous avez 19 ans, vous avez quitté l'école, vous n'avez pas de diplôme, "
        "vous habitez à Toulouse")
    _say(page, "ya un cio pres de chez moi ?")
    cards = page.locator(".card")
    expect(cards.first).to_contain_text("Centre d'information et d'orientation de Toulouse")
    expect(cards.first.get_by_role("link", name="Plan et itinéraire")).to_have_attribute(
        "href", re.compile(r"^https://www\.openstreetmap\.org/\?mlat="))
    page.screenshot(path=str(SHOTS / "widget-desktop.png"))

    # the conversation survives a reload (same random id, history kept in the browser)
    session = page.evaluate("localStorage.getItem('seconde-chance:session')")
    assert len(session) == 32
    page.reload()
    expect(page.locator(".msg.bot", has_text="Si je résume")).to_have_count(1)
    assert page.evaluate("localStorage.getItem('seconde-chance:session')") == session

    # an XSS attempt is shown as text, never run
    page.on("dialog", lambda dialog: pytest.fail(f"script exécuté : {dialog.message}"))
    _say(page, "<img src=x onerror=alert(1)>")
    expect(page.locator(".msg.user").last).to_have_text("<img src=x onerror=alert(1)>")
    assert page.locator("#log img").count() == 0
    context.close()


def test_the_widget_on_a_phone_and_with_the_keyboard(stack, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, locale="fr-FR")
    page = context.new_page()
    page.goto(stack.web_url)
    page.keyboard.press("Tab")  # privacy link, then the message field: keyboard only
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "message"
    page.keyboard.type("c quoi une mission locale")
    page.keyboard.press("Enter")
    expect(page.locator(".msg.bot").first).to_contain_text("mission locale")
    page.screenshot(path=str(SHOTS / "widget-phone.png"))
    page.get_by_role("button", name="Confidentialité").click()
    expect(page.get_by_role("dialog")).to_contain_text("Vous restez anonyme")
    context.close()


def test_the_page_loads_nothing_from_elsewhere(stack, browser):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(stack.web_url)
    assert response is not None
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    hosts = {url.split("/")[2] for url in requests if url.startswith("http")}
    assert hosts <= {f"127.0.0.1:{stack.web_port}", f"127.0.0.1:{stack.rasa_port}"}, hosts
    context.close()


def test_a_message_typed_at_once_loses_nothing(stack, browser):
    # the page is slow to get its configuration and the person types at once: the message
    # waits for the connection, and the greeting and the first question both arrive
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    held: list = []

    def hold(route) -> None:
        held.append(route)

    page.route("**/config.json", hold)
    page.goto(stack.web_url)
    _say(page, "bonjour")
    expect(page.locator(".msg.user")).to_have_text(["bonjour"])
    page.wait_for_timeout(300)
    assert page.locator(".msg.bot").count() == 0
    held[0].continue_()
    expect(page.locator(".msg.bot")).to_have_count(2)
    expect(page.locator(".msg.bot").first).to_contain_text("Bonjour ! Je suis l'assistant")
    expect(page.locator(".msg.bot").last).to_have_text(
        "Vous m'écrivez pour vous-même ou pour votre enfant ?")
    context.close()
