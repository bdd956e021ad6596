"""Escalations: alerts by level, claiming and resolving, referrals by peers, the on-call rota,
automatic risk screening of what people write.
"""
