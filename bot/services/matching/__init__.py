"""Matching: ranking peers for a waiting seeker, offers and their answers, a peer's availability
and capacity.
"""
