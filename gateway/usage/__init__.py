"""What each request used: the request record, token tallies, the usage report, payload redaction."""
