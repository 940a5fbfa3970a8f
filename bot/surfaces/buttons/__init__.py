"""What each button does once the handler has acked: one module per kind of button."""
