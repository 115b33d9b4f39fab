"""Requests that carry SQL, as callers write them: the routing check that each reaches the SQL agent."""

# Raw statements (reads, writes, DDL, engine commands) and natural phrasings around them.
STATEMENTS = [
    "SELECT COUNT(*) FROM Customer",
    "SELECT Name FROM Genre ORDER BY Name",
    "select count(*) from invoice",
    "SELECT BillingCountry, SUM(Total) FROM Invoice GROUP BY BillingCountry ORDER BY 2 DESC LIMIT 5",
    "SELECT a.Title, ar.Name FROM Album a JOIN Artist ar ON ar.ArtistId = a.ArtistId WHERE ar.Name = 'AC/DC'",
    "WITH totals AS (SELECT CustomerId, SUM(Total) AS spent FROM Invoice GROUP BY CustomerId) "
    "SELECT MAX(spent) FROM totals",
    "SELECT * FROM Track WHERE Milliseconds > 600000;",
    "DELETE FROM Invoice",
    "DELETE FROM Invoice WHERE InvoiceId = 1",
    "UPDATE Customer SET Email = 'x@example.com' WHERE CustomerId = 1",
    "INSERT INTO Artist (Name) VALUES ('New Band')",
    "DROP TABLE Invoice",
    "drop table invoice",
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
    "ALTER TABLE Customer ADD COLUMN Tier TEXT",
    "TRUNCATE TABLE InvoiceLine",
    "PRAGMA writable_schema = 1",
    "ATTACH DATABASE '/tmp/other.db' AS other",
    "SELECT 1; DROP TABLE Invoice",
    "Run this SQL: SELECT COUNT(*) FROM Customer",
    "Run this query: select Name from Genre where GenreId = 1",
    "Execute: DELETE FROM Invoice WHERE Total < 1",
    "Please run `SELECT COUNT(*) FROM Track`",
    "Can you execute `DROP TABLE Invoice` for me?",
    "What does this return?\nSELECT MAX(Total) FROM Invoice",
    "Please run this:\n```sql\nSELECT COUNT(*) FROM Album\n```",
    "```sql\nUPDATE Invoice SET Total = 0\n```",
    "```\nDROP TABLE Customer;\n```",
    "Here is my query, what do you get?\n```sql\nSELECT Country, COUNT(*) FROM Customer GROUP BY Country\n```",
    "Summarise this: ```sql\nSELECT Name FROM Artist LIMIT 3\n```",
]

# Prose with SQL words in it, and the routes its meaning sends it to (none of them `sql`).
NOT_STATEMENTS = {
    "Select the document that explains tracing from the docs": ["retrieval"],
    "Where do the docs explain how to delete documents from a collection?": ["retrieval"],
    "With the docs in mind, how do I rotate API keys?": ["retrieval"],
    "How does the SQL agent decide whether a query may run?": ["retrieval"],
    "Drop the table of contents from the report and summarise the rest": ["summarise"],
    "Create a short summary: the team shipped the new search ranking, fixed two outages and hired a designer.": [
        "summarise"
    ],
    "Update: the deploy is done. Summarise this: we moved the database to a new host and nothing broke overnight.": [
        "summarise"
    ],
}
