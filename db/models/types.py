"""Column types shared by the models."""

from sqlalchemy import BigInteger, Integer

# 64-bit ids on PostgreSQL; SQLite needs plain INTEGER for its auto-incrementing row ids.
BigId = BigInteger().with_variant(Integer(), "sqlite")
