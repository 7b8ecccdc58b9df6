from rest_framework.routers import SimpleRouter

from contacts.api.views import ContactViewSet

router = SimpleRouter(use_regex_path=False)
router.register("contacts", ContactViewSet, basename="contact")

urlpatterns = router.urls
