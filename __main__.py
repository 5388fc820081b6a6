"""Pulumi program: migrate a Route53 zone to Cloudflare. All logic lives in ``migration/``."""

from migration.program import run

run()
