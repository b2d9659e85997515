"""policykg's HTTP API: ``api.app.create_app`` builds it; one router per resource in ``api.routers``."""
