"""A real connector written with connector-py; it runs only inside connector-py's own virtualenv."""
