"""What every feature's services share: the context (settings, texts, time, buttons), saying things
through the outbox, identifying people, the audit log and counters.
"""
