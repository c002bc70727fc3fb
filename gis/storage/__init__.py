"""Storage: the tables, the engine and its transactions and locks, migrations, bulk writes, backups
and the event log."""
