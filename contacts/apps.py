from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "contacts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from contacts.models import RelationshipRhythm
        from contacts.signals import rhythm_changed, user_saved

        post_save.connect(user_saved, sender=get_user_model(), dispatch_uid="contacts.user_saved")
        for signal in (post_save, post_delete):
            signal.connect(
                rhythm_changed, sender=RelationshipRhythm, dispatch_uid="contacts.rhythm_changed"
            )
