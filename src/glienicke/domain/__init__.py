"""The domain model: records, value objects and rules, free of any framework or I/O."""
