# Praxis is served over WSGI (see MACHINE-NOTES: sync Django under ASGI measured 5-10x slower); kept for tooling.
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()
