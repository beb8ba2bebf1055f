"""What operators watch: GET /healthz and GET /metrics, read from every layer below; only handlers/ sits above."""
