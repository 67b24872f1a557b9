"""The dtl command line: typer commands over the application facade."""
