import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

application = get_wsgi_application()

# Every view is imported now rather than during the first requests each web process
# serves; and what is loaded by now lives as long as the process, so the
# garbage collector need not scan it again at every full collection.
get_resolver().url_patterns  # noqa: B018
gc.freeze()
