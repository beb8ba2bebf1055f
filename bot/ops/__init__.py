"""Running the bot, below every layer that runs in it: settings, logs, audit lines, guards, workers, ports."""
