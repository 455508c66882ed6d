"""The database adapter: engine, tables, repositories, unit of work."""
