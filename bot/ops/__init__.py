"""Running the bot: settings, logs, audit lines, guards, and the Redis link replicas share."""
