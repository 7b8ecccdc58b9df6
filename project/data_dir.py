"""The data folder: what Ringback's processes expect in it, and making it.

Settings only name these paths; `manage.py prepare_data_dir` (run by `make run`
before anything else starts) creates them, and the checks in project/checks.py
report what is missing.
"""

from pathlib import Path

from django.conf import settings

from project.keys import DEV_KEYS, dev_key_create

PREPARE = "python3 manage.py prepare_data_dir"


def data_folders() -> list[Path]:
    """The folders the processes expect to find: the data folder (beat's schedule),
    STATIC_ROOT (WhiteNoise), the SQLite database's and the filesystem broker's."""
    folders = [Path(settings.DATA_DIR), Path(str(settings.STATIC_ROOT))]
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folders.append(Path(str(database["NAME"])).parent)
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        folders += [
            Path(str(options[key]))
            for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")
        ]
    return list(dict.fromkeys(folders))


def data_dir_prepare() -> list[Path]:
    """Create what is missing and return what was created; never touches what exists.

    Keys are written only for the settings that would read them from the data folder
    (development, no key in the environment): production takes its keys from the
    environment, and a key file there would only mislead.
    """
    created = []
    for folder in data_folders():
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            created.append(folder)
    data_dir = Path(settings.DATA_DIR)
    for name in settings.EPHEMERAL_KEYS:
        if dev_key_create(data_dir, name):
            created.append(data_dir / DEV_KEYS[name][0])
    return created
