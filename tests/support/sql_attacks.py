"""Attempts to change or escape a database through a read-only SQL tool, for the safety suites."""

# Writes, DDL, multi-statement batches, CTE-wrapped writes, comment/case/unicode tricks, ATTACH/PRAGMA and
# file functions, as a model or a caller might send them to SQLite.
SQLITE_ATTACKS = [
    "INSERT INTO Genre (GenreId, Name) VALUES (999, 'x')",
    "INSERT OR REPLACE INTO Genre VALUES (1, 'x')",
    "REPLACE INTO Genre VALUES (1, 'x')",
    "UPDATE Invoice SET Total = 0",
    "DELETE FROM Invoice",
    "DROP TABLE Invoice",
    "CREATE TABLE t (x INTEGER)",
    "CREATE TEMP TABLE t AS SELECT * FROM Invoice",
    "CREATE TRIGGER tr AFTER INSERT ON Genre BEGIN DELETE FROM Invoice; END",
    "ALTER TABLE Invoice ADD COLUMN x INTEGER",
    "SELECT 1; DELETE FROM Invoice",
    "select 1 union select 2; drop table Invoice",
    "BEGIN; DELETE FROM Invoice; COMMIT",
    "SELECT 1 -- a comment\n; DELETE FROM Invoice",
    "SELECT 1 /* ; */ ; DELETE FROM Invoice",
    "SELECT 1;\u00a0DELETE FROM Invoice",
    "SELECT 1\uff1bDELETE FROM Invoice",
    "WITH doomed AS (DELETE FROM Invoice RETURNING *) SELECT * FROM doomed",
    "WITH x AS (SELECT 1) INSERT INTO Genre SELECT 999, 'x'",
    "WITH RECURSIVE x AS (SELECT 1) UPDATE Invoice SET Total = 0",
    "/* harmless */ dElEtE FROM Invoice",
    "dElEtE/**/FROM/**/Invoice",
    "DELETE\u3000FROM Invoice",
    "\uff24\uff25\uff2c\uff25\uff34\uff25 FROM Invoice",
    "ATTACH DATABASE '{tmp}/attached.sqlite' AS x",
    "DETACH DATABASE main",
    "PRAGMA query_only = OFF",
    "PRAGMA writable_schema = ON",
    "VACUUM",
    "VACUUM INTO '{tmp}/copy.sqlite'",
    "REINDEX",
    "ANALYZE",
    "SAVEPOINT a",
    "EXPLAIN DELETE FROM Invoice",
    "SELECT load_extension('evil')",
    "SELECT * FROM Invoice WHERE 1 = (SELECT load_extension('evil'))",
    "SELECT writefile('{tmp}/out.txt', 'x')",
    "SELECT * INTO Backup FROM Invoice",
]

# The same ideas for PostgreSQL, plus its own ways out: COPY, server file and large-object functions, dblink,
# SET/RESET/DO, row locks, prepared statements, session settings through set_config.
POSTGRES_ATTACKS = [
    "INSERT INTO genre (genreid, name) VALUES (999, 'x')",
    "UPDATE invoice SET total = 0",
    "DELETE FROM invoice",
    "TRUNCATE invoice",
    "DROP TABLE invoice",
    "CREATE TABLE t (x integer)",
    "CREATE TEMP TABLE t AS SELECT * FROM invoice",
    "ALTER TABLE invoice ADD COLUMN x integer",
    "GRANT ALL ON invoice TO PUBLIC",
    "ALTER ROLE relayboard_reader SET default_transaction_read_only = off",
    "SELECT 1; DELETE FROM invoice",
    "SELECT 1; COMMIT; DELETE FROM invoice",
    "SET TRANSACTION READ WRITE; DELETE FROM invoice",
    "SELECT 1 -- a comment\n; DELETE FROM invoice",
    "SELECT 1;\u00a0DELETE FROM invoice",
    "WITH d AS (DELETE FROM invoice RETURNING *) SELECT count(*) FROM d",
    "WITH u AS (UPDATE invoice SET total = 0 RETURNING 1) SELECT * FROM u",
    "/* harmless */ dElEtE FROM invoice",
    "SELECT * INTO TEMP t FROM invoice",
    "COPY invoice TO '/tmp/relayboard-copy.csv'",
    "COPY invoice FROM PROGRAM 'id'",
    "COPY (SELECT * FROM invoice) TO STDOUT",
    "SELECT pg_read_file('/etc/passwd')",
    "SELECT pg_catalog.pg_ls_dir('.')",
    "SELECT * FROM invoice WHERE (SELECT count(*) FROM pg_ls_dir('.')) > 0",
    "SELECT lo_import('/etc/passwd')",
    "SELECT * FROM dblink('host=127.0.0.1', 'DELETE FROM invoice') AS t(a text)",
    "SET default_transaction_read_only = off",
    "SET statement_timeout = 0",
    "RESET ALL",
    "SELECT set_config('default_transaction_read_only', 'off', false)",
    "DO $$ BEGIN DELETE FROM invoice; END $$",
    "SELECT * FROM invoice FOR UPDATE",
    "LOCK TABLE invoice",
    "PREPARE p AS DELETE FROM invoice",
    "SELECT query_to_xml('DELETE FROM invoice', true, true, '')",
    "SELECT nextval('x')",
    "VACUUM invoice",
    "CALL p()",
]

# Reads of Customer behind a CTE of the same name defined in another scope, for a caller limited to Invoice:
# each one reads real customer e-mail addresses when nothing is limited. Depths, joins, set operations,
# recursive CTEs, CTE bodies and letter case.
SQLITE_SHADOWING = [
    "SELECT (SELECT Email FROM Customer LIMIT 1) FROM (WITH Customer AS (SELECT 1 AS Email) SELECT * FROM Customer)",
    "SELECT c.Email FROM Invoice i JOIN Customer c ON c.CustomerId = i.CustomerId "
    "WHERE EXISTS (WITH Customer AS (SELECT 1) SELECT 1 FROM Customer)",
    "SELECT Email FROM Customer WHERE 1 IN "
    "(SELECT 1 FROM (SELECT 1 FROM (WITH Customer AS (SELECT 1) SELECT * FROM Customer)))",
    "SELECT Email FROM Customer UNION SELECT * FROM (WITH Customer AS (SELECT 'x') SELECT * FROM Customer)",
    "SELECT Email FROM Customer EXCEPT SELECT * FROM (WITH Customer AS (SELECT 'x') SELECT * FROM Customer)",
    "SELECT Email FROM Customer INTERSECT SELECT Email FROM Customer "
    "WHERE EXISTS (WITH Customer AS (SELECT 1) SELECT 1 FROM Customer)",
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT Email FROM Customer, n "
    "WHERE EXISTS (WITH RECURSIVE Customer(x) AS (SELECT 1 UNION ALL SELECT x FROM Customer WHERE 0) "
    "SELECT 1 FROM Customer)",
    "WITH a AS (SELECT Email FROM Customer), b AS (WITH Customer AS (SELECT 1) SELECT * FROM Customer) SELECT * FROM a",
    "SELECT Email FROM CUSTOMER WHERE EXISTS (WITH customer AS (SELECT 1) SELECT 1 FROM customer)",
]

# The same on PostgreSQL, plus its own: a non-recursive CTE's body names the real table it shadows.
POSTGRES_SHADOWING = [
    "SELECT (SELECT email FROM customer LIMIT 1) FROM (WITH customer AS (SELECT 1 AS email) SELECT * FROM customer) x",
    "SELECT c.email FROM invoice i JOIN customer c ON c.customerid = i.customerid "
    "WHERE EXISTS (WITH customer AS (SELECT 1) SELECT 1 FROM customer)",
    "SELECT email FROM customer WHERE 1 IN "
    "(SELECT 1 FROM (SELECT 1 FROM (WITH customer AS (SELECT 1) SELECT * FROM customer) a) b)",
    "SELECT email FROM customer UNION SELECT * FROM (WITH customer AS (SELECT 'x') SELECT * FROM customer) x",
    "SELECT email FROM customer EXCEPT SELECT * FROM (WITH customer AS (SELECT 'x') SELECT * FROM customer) x",
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT email FROM customer, n "
    "WHERE EXISTS (WITH RECURSIVE customer(x) AS (SELECT 1 UNION ALL SELECT x FROM customer WHERE false) "
    "SELECT 1 FROM customer)",
    "WITH customer AS (SELECT * FROM customer) SELECT email FROM customer",
    'SELECT email FROM "customer" WHERE EXISTS (WITH Customer AS (SELECT 1) SELECT 1 FROM CUSTOMER)',
]
