"""The database: SQLAlchemy tables, repositories, unit of work, bot state and migrations."""
