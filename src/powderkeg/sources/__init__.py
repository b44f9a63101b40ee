"""One module per public format: parse a raw file into a typed frame with locators."""
