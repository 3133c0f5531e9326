"""The session engine (settings.SESSION_ENGINE): Django's database sessions, each row with its account.

The account's id is copied from the session's data (`_auth_user_id`) every time the session is saved:
at login, at a password change (the key rotates), at logout (the data is emptied). So
`UserSession.objects.filter(user=...)` finds every open session of a person.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DBStore


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls):
        from .models import UserSession  # the models load after the engine is imported

        return UserSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            session.user_id = None
        return session
