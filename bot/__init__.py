"""Runtime of the Meldcode-assistent: channels, privacy, launcher."""
