"""Onboarding: first contact and consent, the seeker's and the peer's flows, invitations, peer
applications.
"""
