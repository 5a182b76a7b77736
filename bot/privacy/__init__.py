"""Privacy measures applied by every channel."""
