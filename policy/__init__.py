"""The migration's CrossGuard policy pack: rules in :mod:`policy.rules`, entry point ``__main__.py``."""
