"""The python-telegram-bot adapter: each module parses updates of one feature and calls one
service; ``registration.py`` holds the one table of commands, message consumers and buttons."""
