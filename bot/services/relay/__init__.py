"""The anonymous relay: routing a message to the right conversation, copying it, the life of a pair
(pause, resume, end, feedback), people the bot can no longer reach.
"""
