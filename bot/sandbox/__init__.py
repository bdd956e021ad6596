"""A local Telegram Bot API server on loopback, for the end-to-end tests and the demo.

async with Sandbox(token="123456:TEST") as sb:
    bot = telegram.Bot(sb.token, base_url=sb.base_url, base_file_url=sb.base_file_url)
    alice = sb.user(1001, first_name="Alice", language_code="fr")
    alice.send_command("/start")
    reply = await alice.next_message()
"""

from bot.sandbox.faults import SENDING_METHODS, Fault, FaultHandle
from bot.sandbox.models import ApiRequest, BotMessage, WebhookDelivery
from bot.sandbox.sandbox import Sandbox
from bot.sandbox.users import SimUser

__all__ = [
    "SENDING_METHODS",
    "ApiRequest",
    "BotMessage",
    "Fault",
    "FaultHandle",
    "Sandbox",
    "SimUser",
    "WebhookDelivery",
]
