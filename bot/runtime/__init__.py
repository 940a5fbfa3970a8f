"""Running Kaizen: the HTTP server and Socket Mode, the scheduler, delivery claims,
logging and redaction, metrics, and which Slack client speaks for a workspace."""
