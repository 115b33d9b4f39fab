"""Who may call the gateway and what they may do: hashed API keys and their grants in a database."""
