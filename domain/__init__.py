"""The diplomatic timeline's domain model: pure Python, imports nothing from outer layers."""
