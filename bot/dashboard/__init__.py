"""The coordinators' dashboard over HTTP: a Telegram Mini App served by the bot itself."""
