"""The curation workflow: register sources, ingest spreadsheets, propose candidate claims,
record identities, export claims. Everything written goes to files the tool owns, in a
canonical sorted Turtle, through a temporary file renamed into place."""
