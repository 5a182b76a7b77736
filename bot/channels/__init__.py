"""Input channels: the redacting web channel (REST contract)."""
