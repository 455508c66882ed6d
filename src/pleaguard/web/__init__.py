"""The web application and REST API (`create_app` in `pleaguard.web.app`)."""
