"""Plan and apply the move of a DNS zone from AWS Route53 to Cloudflare (see README.md)."""
