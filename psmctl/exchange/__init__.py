"""Exchange with spreadsheets and open data: export, import, datapackage."""
